using LearningRate.Internal;
using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Averaged stochastic gradient descent (Polyak and Juditsky, 1992) with a decaying step η, exactly as
/// <c>torch.optim.ASGD</c>. For each parameter, at its step t, with λ = <see cref="AsgdOptions.Lambd"/>:
/// <code>
/// g ← −g if Maximize;  g ← g + λ_wd·θ
/// θ ← θ·(1 − λ·η);   θ ← θ − η·g                        (η and μ as the previous step left them)
/// ax ← ax + (θ − ax)·μ  if μ ≠ 1,  else ax ← θ
/// η ← γ / (1 + λ·γ·t)^α;   μ ← 1 / max(1, t − t0)         (for the next step, with this step's γ)
/// </code>
/// Defaults: γ = 1e-2, λ = 1e-4, α = 0.75, t0 = 1e6, λ_wd = 0 (see <see cref="AsgdOptions"/>).
/// State per parameter: the average ax (PyTorch <c>ax</c>, zero at registration; read it with
/// <see cref="CopyAverageTo"/>), and the scalars η (<c>eta</c>) and μ (<c>mu</c>, starting at 1).
/// </summary>
/// <remarks>
/// <para>
/// η starts, as in PyTorch, at the group's learning rate of the parameter's first step (PyTorch creates it then);
/// each step computes the next η from its own learning rate, so a schedule or a controller reaches the update one
/// step late, through η. For an integer t0 the average is θ itself up to step t0 + 1, then the mean of the iterates
/// from step t0 + 2 on. It stays in the state and is never written to θ.
/// </para>
/// <para>
/// η and μ are kept in <see cref="double"/> for both element types. PyTorch keeps them in 0-d tensors of the default
/// dtype (float32 unless <c>torch.set_default_dtype(torch.float64)</c>), so a <see cref="float"/> run differs from
/// PyTorch's float32 run by about 1e-7 relative in η.
/// </para>
/// <para>ASGD has no momentum: a momentum schedule cannot be bound.</para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Asgd<T> : Optimizer<T, AsgdOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes ASGD with PyTorch's defaults.</summary>
    public Asgd()
        : this(new AsgdOptions())
    {
    }

    /// <summary>Initializes ASGD with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Asgd(AsgdOptions options)
        : base(options)
    {
    }

    /// <summary>Slot 0, the average ax (PyTorch <c>ax</c>).</summary>
    private const int AverageSlot = 0;

    /// <summary>Scalar 0, η of the parameter's next step (PyTorch <c>eta</c>); set to the learning rate on its first step.</summary>
    private const int EtaScalar = 0;

    /// <summary>Scalar 1, μ of the parameter's next step (PyTorch <c>mu</c>).</summary>
    private const int MuScalar = 1;

    /// <inheritdoc/>
    internal override bool SupportsMomentumSchedule => false;

    /// <summary>
    /// Slot: ax. Scalars: η (0 until the parameter's first step sets it to that step's learning rate: the declared
    /// initial value is a constant and PyTorch's depends on the learning rate) and μ (1).
    /// </summary>
    private protected override StateLayout<AsgdOptions> Layout { get; } = new(
        "asgd",
        [new("ax")],
        [
            new("eta") { Invariant = StateInvariant.NonNegative },
            new("mu") { Initial = 1, Invariant = StateInvariant.Positive },
        ]);

    /// <summary>
    /// Copies the averaged parameters ax of <paramref name="parameter"/> (PyTorch's <c>state["ax"]</c>) into
    /// <paramref name="destination"/>: θ itself until averaging starts after step t0 + 1, then the mean of the iterates.
    /// Copy it into <see cref="Parameter{T}.Value"/> to evaluate the averaged model (keep θ aside to resume training).
    /// </summary>
    /// <param name="parameter">A parameter registered in this optimizer.</param>
    /// <param name="destination">Where to copy, of the parameter's length; it may be the parameter's own values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameter"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="parameter"/> is not registered in this optimizer, or <paramref name="destination"/>'s length differs from it.
    /// </exception>
    public void CopyAverageTo(Parameter<T> parameter, Span<T> destination)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!Groups.Any(g => g.ParameterList.Contains(parameter)))
        {
            Guard.ThrowArgument(nameof(parameter), $"Parameter '{parameter.Name}' is not registered in this optimizer.");
        }

        if (destination.Length != parameter.Length)
        {
            Guard.ThrowArgument(nameof(destination), $"{nameof(destination)} has {destination.Length} elements; expected {parameter.Length}, the length of parameter '{parameter.Name}'.");
        }

        parameter.Block.Buffer<T>(AverageSlot).CopyTo(destination);

        // The average lives in native memory that the arena's finalizer releases: keep it alive until the copy is done.
        GC.KeepAlive(parameter.Block.Arena);
    }

    /// <remarks>ASGD has no momentum; <paramref name="momentum"/> is always null.</remarks>
    private protected override void StepGroup(ParameterGroup<T, AsgdOptions> group, double learningRate, double? momentum)
    {
        var rule = new Rule(group.Options, learningRate);
        TensorPass.Step(group.Tensors, ref rule);
    }

    /// <summary>
    /// ASGD's part of the multi-tensor step. η and μ are per parameter (usually every parameter of the group holds the
    /// same ones, and the scalars are computed once); PyTorch creates η with the group's lr on a parameter's first step.
    /// After its update each parameter gets the η and μ of its next step, computed once per step count.
    /// </summary>
    private struct Rule(AsgdOptions options, double learningRate) : ITensorRule<T>
    {
        private readonly AsgdOptions _options = options;
        private readonly double _learningRate = learningRate;
        private AsgdKernel.Scalars<T> _scalars;
        private long _nextStep;
        private double _nextEta;
        private double _nextMu;

        public readonly bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next) =>
            Eta(next) == Eta(first) && next.Values[MuScalar] == first.Values[MuScalar];

        public void Prepare(in TensorScalars<T> first) =>
            _scalars = AsgdKernel.Scalars<T>.Unchecked(_options.Lambd, _options.WeightDecay, _options.Maximize, Eta(first), first.Values[MuScalar]);

        public void Complete(in TensorScalars<T> tensor)
        {
            var step = tensor.StepCount + 1;
            if (step != _nextStep)
            {
                _nextEta = AsgdKernel.UncheckedNextEta(_learningRate, _options.Lambd, _options.Alpha, step);
                _nextMu = AsgdKernel.UncheckedNextMu(_options.T0, step);
                _nextStep = step;
            }

            tensor.Values[EtaScalar] = _nextEta;
            tensor.Values[MuScalar] = _nextMu;
            tensor.StepCount = step;
        }

        public readonly void Update(ref TensorRange<T> tensors) => AsgdKernel.Dispatch(_scalars, ref tensors);

        private readonly double Eta(in TensorScalars<T> tensor) => tensor.StepCount == 0 ? _learningRate : tensor.Values[EtaScalar];
    }
}
