using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Adamax (Kingma and Ba, 2014), Adam with the infinity norm, exactly as <c>torch.optim.Adamax</c>.
/// For each parameter, at its step t:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ
/// m ← β1·m + (1 − β1)·g;   u ← max(β2·u, |g| + ε)
/// θ ← θ − γ/(1 − β1^t) · m/u
/// </code>
/// ε sits inside the max and u is not bias-corrected. The max propagates NaN as <c>torch.maximum</c> does:
/// under <see cref="NonFinitePolicy.Propagate"/> a NaN gradient makes u NaN for good.
/// Defaults: γ = 2e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0 (see <see cref="AdamaxOptions"/>).
/// State per parameter: m (<c>exp_avg</c>) and u (<c>exp_inf</c>), allocated at registration.
/// A momentum schedule cycles β1, as PyTorch's <c>cycle_momentum</c> cycles <c>betas[0]</c>; a scheduled β1 outside
/// [0, 1) makes <see cref="Optimizer{T, TOptions}.Step"/> throw <see cref="InvalidOperationException"/> before anything is written.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adamax<T> : Optimizer<T, AdamaxOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes Adamax with PyTorch's defaults.</summary>
    public Adamax()
        : this(new AdamaxOptions())
    {
    }

    /// <summary>Initializes Adamax with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Adamax(AdamaxOptions options)
        : base(options)
    {
    }

    private const int FirstMomentSlot = 0;
    private const int InfinityNormSlot = 1;

    /// <inheritdoc/>
    internal override string ScheduledMomentumRange => "β1 in [0, 1)";

    /// <inheritdoc/>
    /// <remarks>β1 = 1 would divide by the bias correction 1 − β1^t = 0.</remarks>
    internal override bool IsValidScheduledMomentum(double momentum) => momentum < 1;

    /// <summary>Slots: m (<c>exp_avg</c>) and u (<c>exp_inf</c>, never negative: a max with |g| + ε ≥ 0).</summary>
    private protected override StateLayout<AdamaxOptions> Layout { get; } = new(
        "adamax",
        [
            new("exp_avg"),
            new("exp_inf") { Invariant = StateInvariant.NonNegative },
        ],
        []);

    /// <summary>Updates a group with β1 from the options unless a momentum schedule cycles it.</summary>
    private protected override void StepGroup(ParameterGroup<T, AdamaxOptions> group, double learningRate, double? momentum)
    {
        var rule = new Rule(group.Options, learningRate, momentum ?? group.Options.Beta1);
        TensorPass.Step(group.Tensors, ref rule);
    }

    /// <summary>
    /// Adamax's part of the multi-tensor step. Each parameter counts its own steps (PyTorch's state["step"]), which
    /// the bias correction uses; usually they agree and the scalars are computed once.
    /// </summary>
    private struct Rule(AdamaxOptions options, double learningRate, double beta1) : ITensorRule<T>
    {
        private readonly AdamaxOptions _options = options;
        private AdamaxKernel.Scalars<T> _scalars;

        public readonly bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next) => next.StepCount == first.StepCount;

        public void Prepare(in TensorScalars<T> first)
        {
            var o = _options;
            _scalars = AdamaxKernel.Scalars<T>.Unchecked(learningRate, beta1, o.Beta2, o.Epsilon, o.WeightDecay, o.Maximize, first.StepCount + 1);
        }

        public readonly void Complete(in TensorScalars<T> tensor) => tensor.StepCount++;

        public readonly void Update(ref TensorRange<T> tensors) => AdamaxKernel.Dispatch(_scalars, ref tensors);
    }
}
