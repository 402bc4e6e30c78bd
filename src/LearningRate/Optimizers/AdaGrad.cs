using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// AdaGrad (Duchi, Hazan and Singer, 2011), exactly as <c>torch.optim.Adagrad</c>. For each parameter,
/// at its step t, with η = learning-rate decay:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ
/// γ̃ = γ / (1 + (t − 1)·η);   s ← s + g²;   θ ← θ − γ̃ · g / (√s + ε)
/// </code>
/// Defaults: γ = 1e-2, η = 0, λ = 0, s₀ = 0, ε = 1e-10 (see <see cref="AdaGradOptions"/>).
/// State per parameter: the sum of squares s, allocated at registration and filled with
/// <see cref="AdaGradOptions.InitialAccumulatorValue"/>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AdaGrad<T> : Optimizer<T, AdaGradOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes AdaGrad with PyTorch's defaults.</summary>
    public AdaGrad()
        : this(new AdaGradOptions())
    {
    }

    /// <summary>Initializes AdaGrad with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public AdaGrad(AdaGradOptions options)
        : base(options)
    {
    }

    /// <summary>Slot 0 is the sum of squared gradients (PyTorch <c>sum</c>), starting at the initial accumulator value.</summary>
    private protected override StateLayout<AdaGradOptions> Layout { get; } = new(
        "adagrad",
        [new("sum") { Invariant = StateInvariant.NonNegative, Initial = static o => o.InitialAccumulatorValue }],
        [],
        "AdaGrad");

    /// <summary>Gets false: AdaGrad has neither momentum nor β1 to cycle (PyTorch's <c>cycle_momentum</c> raises for it).</summary>
    internal override bool SupportsMomentumSchedule => false;

    /// <remarks>AdaGrad has no momentum, so no momentum schedule can be bound.</remarks>
    private protected override void StepGroup(ParameterGroup<T, AdaGradOptions> group, double learningRate, double? momentum)
    {
        var rule = new Rule(group.Options, learningRate);
        TensorPass.Step(group.Tensors, ref rule);
    }

    /// <summary>
    /// AdaGrad's part of the multi-tensor step. Each parameter counts its own steps (PyTorch's state["step"]), which
    /// the learning-rate decay uses; usually they agree and the scalars are computed once.
    /// </summary>
    private struct Rule(AdaGradOptions options, double learningRate) : ITensorRule<T>
    {
        private readonly AdaGradOptions _options = options;
        private AdaGradKernel.Scalars<T> _scalars;

        public readonly bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next) => next.StepCount == first.StepCount;

        public void Prepare(in TensorScalars<T> first)
        {
            var o = _options;
            _scalars = AdaGradKernel.Scalars<T>.Unchecked(learningRate, o.LearningRateDecay, o.WeightDecay, o.Epsilon, o.Maximize, o.EpsilonInsideRoot, first.StepCount + 1);
        }

        public readonly void Complete(in TensorScalars<T> tensor) => tensor.StepCount++;

        public readonly void Update(ref TensorRange<T> tensors) => AdaGradKernel.Dispatch(_scalars, ref tensors);
    }
}
