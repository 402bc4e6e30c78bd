using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Resilient backpropagation (Riedmiller and Braun, 1993), the Rprop⁻ variant, exactly as <c>torch.optim.Rprop</c>:
/// each element moves by its own step size s in the direction of −sign(g), whatever the gradient's magnitude.
/// For each element:
/// <code>
/// g ← −g if Maximize
/// f = η+ if g·prev &gt; 0,   η− if g·prev &lt; 0,   1 otherwise
/// s ← clamp(s·f, StepSizeMin, StepSizeMax)
/// g ← 0 where g·prev &lt; 0                         (no move after a sign flip)
/// θ ← θ − sign(g)·s;   prev ← g
/// </code>
/// Defaults: initial s = γ = 1e-2, η− = 0.5, η+ = 1.2, s ∈ [1e-6, 50] (see <see cref="RpropOptions"/>).
/// State per parameter: the previous gradient prev (PyTorch <c>prev</c>, zero at registration) and the step sizes s
/// (PyTorch <c>step_size</c>, filled with the learning rate).
/// </summary>
/// <remarks>
/// <para>
/// The learning rate is only the initial step size: as PyTorch creates the step sizes with the group's learning rate on
/// a parameter's first step, that step fills them with the group's <see cref="ParameterGroup{T, TOptions}.LearningRate"/>
/// (the options' value unless it was set since), and later changes of it have no effect. PyTorch silently ignores a
/// scheduler on Rprop; here binding a learning-rate schedule or a controller to a group, or running the learning-rate
/// range test, throws instead. Rprop has no momentum, so a momentum schedule cannot be bound either.
/// </para>
/// <para>
/// Signs follow <c>torch.sign</c>, for which NaN is 0: a NaN gradient leaves the element's θ and s unchanged and stores
/// NaN in prev, which the next step treats as 0.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Rprop<T> : Optimizer<T, RpropOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes Rprop with PyTorch's defaults.</summary>
    public Rprop()
        : this(new RpropOptions())
    {
    }

    /// <summary>Initializes Rprop with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="OptimizerOptions.WeightDecay"/> is not 0, or <see cref="RpropOptions.StepSizeMin"/> exceeds <see cref="RpropOptions.StepSizeMax"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Rprop(RpropOptions options)
        : base(options)
    {
    }

    /// <summary>Slot 0, the previous gradient (PyTorch <c>prev</c>).</summary>
    private const int PreviousGradientSlot = 0;

    /// <summary>Slot 1, the step sizes (PyTorch <c>step_size</c>).</summary>
    private const int StepSizeSlot = 1;

    /// <inheritdoc/>
    internal override bool SupportsSchedules => false;

    /// <inheritdoc/>
    internal override bool SupportsMomentumSchedule => false;

    /// <summary>Slots: prev (zero) and step_size (the learning rate; clamped into [min, max] by every step, so never negative).</summary>
    private protected override StateLayout<RpropOptions> Layout { get; } = new(
        "rprop",
        [
            new("prev"),
            new("step_size") { Invariant = StateInvariant.NonNegative, Initial = static o => o.LearningRate },
        ],
        []);

    /// <remarks>Rprop has no momentum; <paramref name="momentum"/> is always null.</remarks>
    private protected override void StepGroup(ParameterGroup<T, RpropOptions> group, double learningRate, double? momentum)
    {
        var options = group.Options;
        var rule = new Rule(RpropKernel.Scalars<T>.Unchecked(options.EtaMinus, options.EtaPlus, options.StepSizeMin, options.StepSizeMax, options.Maximize), learningRate);
        TensorPass.Step(group.Tensors, ref rule);
    }

    /// <summary>
    /// Rprop's part of the multi-tensor step: one set of scalars for the group; the parameters on their first step
    /// start their step sizes at the group's lr first (PyTorch creates them then).
    /// </summary>
    private struct Rule(RpropKernel.Scalars<T> scalars, double learningRate) : ITensorRule<T>
    {
        private readonly RpropKernel.Scalars<T> _scalars = scalars;
        private readonly double _learningRate = learningRate;
        private bool _first;

        public readonly bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next) => (next.StepCount == 0) == (first.StepCount == 0);

        public void Prepare(in TensorScalars<T> first) => _first = first.StepCount == 0;

        public readonly void Complete(in TensorScalars<T> tensor) => tensor.StepCount++;

        public readonly void Update(ref TensorRange<T> tensors)
        {
            if (_first)
            {
                for (var i = tensors.From; i < tensors.To; i++)
                {
                    tensors.State(i, StepSizeSlot).Fill(T.CreateTruncating(_learningRate));
                }
            }

            RpropKernel.Dispatch(_scalars, ref tensors);
        }
    }
}
