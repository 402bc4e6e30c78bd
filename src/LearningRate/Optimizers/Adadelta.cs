using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Adadelta (Zeiler, 2012), exactly as <c>torch.optim.Adadelta</c>. For each parameter:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ
/// v ← ρ·v + (1 − ρ)·g²
/// Δ = √(u + ε) / √(v + ε) · g          (u from the previous step)
/// u ← ρ·u + (1 − ρ)·Δ²
/// θ ← θ − γ·Δ
/// </code>
/// ε is inside both roots; γ multiplies Δ (the paper has no learning rate; PyTorch's default 1.0 reproduces it),
/// so learning-rate schedules and controllers scale Δ. No step count enters the rule.
/// Defaults: γ = 1.0, ρ = 0.9, ε = 1e-6, λ = 0 (see <see cref="AdadeltaOptions"/>).
/// State per parameter: v (<c>square_avg</c>) and u (<c>acc_delta</c>), allocated at registration.
/// Adadelta has no momentum: binding a momentum schedule, or a schedule that cycles momentum (one-cycle and cyclic
/// unless built with <c>cycleMomentum: false</c>), throws <see cref="InvalidOperationException"/>, as PyTorch's
/// <c>cycle_momentum</c> raises for it.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adadelta<T> : Optimizer<T, AdadeltaOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes Adadelta with PyTorch's defaults.</summary>
    public Adadelta()
        : this(new AdadeltaOptions())
    {
    }

    /// <summary>Initializes Adadelta with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Adadelta(AdadeltaOptions options)
        : base(options)
    {
    }

    private const int SquareAverageSlot = 0;
    private const int DeltaAverageSlot = 1;

    /// <inheritdoc/>
    /// <remarks>Adadelta has neither momentum nor β1.</remarks>
    internal override bool SupportsMomentumSchedule => false;

    /// <summary>Slots: v (<c>square_avg</c>) and u (<c>acc_delta</c>), both averages of squares.</summary>
    private protected override StateLayout<AdadeltaOptions> Layout { get; } = new(
        "adadelta",
        [
            new("square_avg") { Invariant = StateInvariant.NonNegative },
            new("acc_delta") { Invariant = StateInvariant.NonNegative },
        ],
        []);

    /// <remarks>Adadelta has no momentum; a momentum schedule cannot be bound.</remarks>
    private protected override void StepGroup(ParameterGroup<T, AdadeltaOptions> group, double learningRate, double? momentum)
    {
        var options = group.Options;
        var rule = new Rule(AdadeltaKernel.Scalars<T>.Unchecked(learningRate, options.Rho, options.Epsilon, options.WeightDecay, options.Maximize));
        TensorPass.Step(group.Tensors, ref rule);
    }

    /// <summary>Adadelta's part of the multi-tensor step: one set of scalars for the whole group.</summary>
    private readonly struct Rule(AdadeltaKernel.Scalars<T> scalars) : ITensorRule<T>
    {
        private readonly AdadeltaKernel.Scalars<T> _scalars = scalars;

        public bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next) => true;

        public void Prepare(in TensorScalars<T> first)
        {
        }

        public void Complete(in TensorScalars<T> tensor) => tensor.StepCount++;

        public void Update(ref TensorRange<T> tensors) => AdadeltaKernel.Dispatch(_scalars, ref tensors);
    }
}
