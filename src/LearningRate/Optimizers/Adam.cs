using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Adam (Kingma and Ba, 2014) with AMSGrad and decoupled weight decay, exactly as
/// <c>torch.optim.Adam</c>. For each parameter, at its step t:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ (coupled L2) or θ ← θ(1 − γλ) (DecoupledWeightDecay)
/// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   v_max ← max(v_max, v) if AmsGrad
/// θ ← θ − γ/(1 − β1^t) · m / (√(AmsGrad ? v_max : v) / √(1 − β2^t) + ε)
/// </code>
/// Defaults: γ = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0 (see <see cref="AdamOptions"/>).
/// State per parameter: m and v (and v_max with AMSGrad), allocated at registration.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adam<T> : Optimizer<T, AdamOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes Adam with PyTorch's defaults.</summary>
    public Adam()
        : this(new AdamOptions())
    {
    }

    /// <summary>Initializes Adam with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Adam(AdamOptions options)
        : base(options)
    {
    }

    /// <inheritdoc/>
    internal override string ScheduledMomentumRange => "β1 in [0, 1)";

    /// <inheritdoc/>
    internal override bool IsValidScheduledMomentum(double momentum) => momentum < 1;

    private protected override StateLayout<AdamOptions> Layout { get; } = CreateLayout("adam", "Adam");

    /// <summary>Declares Adam's state under a kind name (AdamW shares it): m, v, and v_max with AMSGrad.</summary>
    internal static StateLayout<AdamOptions> CreateLayout(string kind, string formatOneKind) => new(
        kind,
        [
            new("exp_avg"),
            new("exp_avg_sq") { Invariant = StateInvariant.NonNegative },
            new("max_exp_avg_sq") { Invariant = StateInvariant.NonNegative, UsedWhen = static o => o.AmsGrad },
        ],
        [],
        formatOneKind);

    /// <summary>The group step Adam and AdamW share; β1 is the options' unless a momentum schedule cycles it.</summary>
    internal static void StepAdamGroup(ParameterGroup<T, AdamOptions> group, double learningRate, double beta1)
    {
        var rule = new Rule(group.Options, learningRate, beta1);
        TensorPass.Step(group.Tensors, ref rule);
    }

    private protected override void StepGroup(ParameterGroup<T, AdamOptions> group, double learningRate, double? momentum) =>
        StepAdamGroup(group, learningRate, momentum ?? group.Options.Beta1);

    /// <summary>
    /// Adam's part of the multi-tensor step. Parameters registered at different times have different step counts
    /// (PyTorch keeps one per parameter), hence different bias corrections; in the usual case all agree and the
    /// scalars are computed once.
    /// </summary>
    private struct Rule(AdamOptions options, double learningRate, double beta1) : ITensorRule<T>
    {
        private readonly AdamOptions _options = options;
        private AdamKernel.Scalars<T> _scalars;

        public readonly bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next) => next.StepCount == first.StepCount;

        public void Prepare(in TensorScalars<T> first)
        {
            var o = _options;
            _scalars = AdamKernel.Scalars<T>.Unchecked(learningRate, beta1, o.Beta2, o.Epsilon, o.WeightDecay, o.AmsGrad, o.Maximize, o.DecoupledWeightDecay, first.StepCount + 1);
        }

        public readonly void Complete(in TensorScalars<T> tensor) => tensor.StepCount++;

        public readonly void Update(ref TensorRange<T> tensors) => AdamKernel.Dispatch(_scalars, ref tensors);
    }
}
