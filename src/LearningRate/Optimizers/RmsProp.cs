using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// RMSprop (Hinton, 2012; centered form of Graves, 2013), exactly as <c>torch.optim.RMSprop</c>.
/// For each parameter:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ;   v ← α·v + (1 − α)·g²
/// d = √v + ε,  or if Centered:  ḡ ← α·ḡ + (1 − α)·g;  d = √(v − ḡ²) + ε
/// θ ← θ − γ·g/d,  or with momentum μ &gt; 0:  b ← μ·b + g/d;  θ ← θ − γ·b
/// </code>
/// ε is outside the root and γ outside the velocity, as in PyTorch (Keras and Optax differ in both;
/// see docs/optimizers.md). Defaults: γ = 1e-2, α = 0.99, ε = 1e-8, μ = 0, λ = 0 (see <see cref="RmsPropOptions"/>).
/// State per parameter: v, plus b with momentum (or a bound momentum schedule) and ḡ when centered,
/// allocated at registration, when the options change or when a momentum schedule is bound.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RmsProp<T> : Optimizer<T, RmsPropOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes RMSprop with PyTorch's defaults.</summary>
    public RmsProp()
        : this(new RmsPropOptions())
    {
    }

    /// <summary>Initializes RMSprop with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public RmsProp(RmsPropOptions options)
        : base(options)
    {
    }

    private const int SquareAverageSlot = 0;
    private const int MomentumSlot = 1;
    private const int GradientAverageSlot = 2;

    /// <summary>Slots: v (square_avg), b (momentum_buffer, μ &gt; 0 or a momentum schedule), ḡ (grad_avg, centered).</summary>
    private protected override StateLayout<RmsPropOptions> Layout { get; } = new(
        "rmsprop",
        [
            new("square_avg") { Invariant = StateInvariant.NonNegative },
            new("momentum_buffer") { UsedWhen = static o => o.Momentum > 0, NeededByMomentumSchedule = true },
            new("grad_avg") { UsedWhen = static o => o.Centered },
        ],
        [],
        "RmsProp");

    private protected override void StepGroup(ParameterGroup<T, RmsPropOptions> group, double learningRate, double? momentum) =>
        StepRmsPropGroup(group, learningRate, momentum ?? group.Options.Momentum);

    /// <summary>Updates a group with momentum μ: the options' unless a momentum schedule cycles it.</summary>
    internal static void StepRmsPropGroup(ParameterGroup<T, RmsPropOptions> group, double learningRate, double momentum)
    {
        var options = group.Options;
        var scalars = RmsPropKernel.Scalars<T>.Unchecked(learningRate, options.Alpha, options.Epsilon, options.WeightDecay, momentum, options.Centered, options.Maximize, options.EpsilonInsideRoot);
        if (scalars.UsesMomentum)
        {
            ThrowIfStateMissing(group, MomentumSlot, Sgd<T>.MissingVelocity);
        }

        var rule = new Rule(scalars);
        TensorPass.Step(group.Tensors, ref rule);
    }

    /// <summary>RMSprop's part of the multi-tensor step: one set of scalars for the whole group.</summary>
    private readonly struct Rule(RmsPropKernel.Scalars<T> scalars) : ITensorRule<T>
    {
        private readonly RmsPropKernel.Scalars<T> _scalars = scalars;

        public bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next) => true;

        public void Prepare(in TensorScalars<T> first)
        {
        }

        public void Complete(in TensorScalars<T> tensor) => tensor.StepCount++;

        public void Update(ref TensorRange<T> tensors) => RmsPropKernel.Dispatch(_scalars, ref tensors);
    }
}
