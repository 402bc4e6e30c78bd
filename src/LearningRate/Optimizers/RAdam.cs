using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// RAdam (Liu et al., 2019), rectified Adam, exactly as <c>torch.optim.RAdam</c>. For each parameter, at its step t:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ (coupled L2) or θ ← θ(1 − γλ) (DecoupledWeightDecay)
/// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   m̂ = m / (1 − β1^t)
/// ρ∞ = 2/(1 − β2) − 1;   ρ_t = ρ∞ − 2t·β2^t / (1 − β2^t)
/// if ρ_t &gt; 5:  r_t = √[(ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)];   θ ← θ − γ·m̂·r_t·√(1 − β2^t) / (√v + ε)
/// else:        θ ← θ − γ·m̂
/// </code>
/// The threshold is strict; with β2 from 0.9 to 0.999, steps 1 to 5 are un-rectified and step 6 is the first
/// rectified one. ε is added to the raw √v, before the bias correction (unlike Adam).
/// Defaults: γ = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0 (see <see cref="RAdamOptions"/>).
/// State per parameter: m and v, allocated at registration; v is updated on every step. A momentum schedule
/// cycles β1, as PyTorch's <c>cycle_momentum</c> does; a scheduled β1 outside [0, 1) makes the step throw before
/// anything is written.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RAdam<T> : Optimizer<T, RAdamOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes RAdam with PyTorch's defaults.</summary>
    public RAdam()
        : this(new RAdamOptions())
    {
    }

    /// <summary>Initializes RAdam with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public RAdam(RAdamOptions options)
        : base(options)
    {
    }

    /// <inheritdoc/>
    internal override string ScheduledMomentumRange => "β1 in [0, 1)";

    /// <inheritdoc/>
    internal override bool IsValidScheduledMomentum(double momentum) => momentum < 1;

    private const int FirstMomentSlot = 0;
    private const int SecondMomentSlot = 1;

    /// <summary>Slots: m (exp_avg) and v (exp_avg_sq).</summary>
    private protected override StateLayout<RAdamOptions> Layout { get; } = new(
        "radam",
        [
            new("exp_avg"),
            new("exp_avg_sq") { Invariant = StateInvariant.NonNegative },
        ],
        []);

    /// <remarks>β1 is the options' unless a momentum schedule cycles it.</remarks>
    private protected override void StepGroup(ParameterGroup<T, RAdamOptions> group, double learningRate, double? momentum)
    {
        var rule = new Rule(group.Options, learningRate, momentum ?? group.Options.Beta1);
        TensorPass.Step(group.Tensors, ref rule);
    }

    /// <summary>
    /// RAdam's part of the multi-tensor step. Parameters registered at different times have different step counts
    /// (PyTorch keeps one per parameter), hence different bias corrections and rectification; in the usual case all
    /// agree and the scalars are computed once.
    /// </summary>
    private struct Rule(RAdamOptions options, double learningRate, double beta1) : ITensorRule<T>
    {
        private readonly RAdamOptions _options = options;
        private RAdamKernel.Scalars<T> _scalars;

        public readonly bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next) => next.StepCount == first.StepCount;

        public void Prepare(in TensorScalars<T> first)
        {
            var o = _options;
            _scalars = RAdamKernel.Scalars<T>.Unchecked(learningRate, beta1, o.Beta2, o.Epsilon, o.WeightDecay, o.DecoupledWeightDecay, o.Maximize, first.StepCount + 1);
        }

        public readonly void Complete(in TensorScalars<T> tensor) => tensor.StepCount++;

        public readonly void Update(ref TensorRange<T> tensors) => RAdamKernel.Dispatch(_scalars, ref tensors);
    }
}
