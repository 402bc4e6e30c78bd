using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening and Nesterov momentum, exactly as
/// <c>torch.optim.SGD</c>. For each parameter, with μ = momentum and τ = dampening:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ
/// if μ ≠ 0:  b ← g on the first momentum step, b ← μ·b + (1 − τ)·g afterwards
///            g ← g + μ·b (Nesterov)  or  g ← b
/// θ ← θ − γ·g
/// </code>
/// Defaults: γ = 1e-3, μ = 0, τ = 0, λ = 0 (see <see cref="SgdOptions"/>). State per parameter: the
/// velocity b while μ &gt; 0 or a momentum schedule is bound, allocated at registration, when the
/// group's options gain momentum or when the schedule is bound; never during a step.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sgd<T> : Optimizer<T, SgdOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes SGD with PyTorch's defaults.</summary>
    public Sgd()
        : this(new SgdOptions())
    {
    }

    /// <summary>Initializes SGD with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="SgdOptions.Nesterov"/> is set without momentum or with dampening.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Sgd(SgdOptions options)
        : base(options)
    {
    }

    /// <summary>Slot 0, the velocity b (PyTorch <c>momentum_buffer</c>).</summary>
    private const int MomentumSlot = 0;

    /// <summary>Scalar 0: whether b holds a value (PyTorch: the buffer is not None), so the first momentum step sets b ← g.</summary>
    private const int MomentumStartedScalar = 0;

    /// <summary>The end of the error when a step uses momentum but a parameter has no velocity (SGD's and RMSprop's).</summary>
    internal const string MissingVelocity =
        "momentum buffer, but this step uses momentum. Set Momentum > 0 in the group's options or bind a MomentumSchedule, which allocate it";

    private protected override StateLayout<SgdOptions> Layout { get; } = Sgd<T>.CreateLayout<SgdOptions>("sgd", "Sgd");

    private protected override void StepGroup(ParameterGroup<T, SgdOptions> group, double learningRate, double? momentum) =>
        Sgd<T>.StepSgdGroup(group, learningRate, momentum ?? group.Options.Momentum);

    /// <summary>Declares SGD's state (Momentum shares it): the velocity while μ ≠ 0 or a momentum schedule is bound.</summary>
    internal static StateLayout<TOptions> CreateLayout<TOptions>(string kind, string formatOneKind)
        where TOptions : SgdOptions => new(
        kind,
        [new("momentum_buffer") { UsedWhen = static o => o.Momentum != 0, NeededByMomentumSchedule = true }],
        [new("momentum_started") { Invariant = StateInvariant.Flag, FormatOneFlag = true }],
        formatOneKind);

    /// <summary>The group step SGD and Momentum share; μ is the options' unless a momentum schedule cycles it.</summary>
    internal static void StepSgdGroup<TOptions>(ParameterGroup<T, TOptions> group, double learningRate, double momentum)
        where TOptions : SgdOptions
    {
        var options = group.Options;
        var scalars = SgdKernel.Scalars<T>.Unchecked(learningRate, momentum, options.Dampening, options.WeightDecay, options.Nesterov, options.Maximize);
        if (scalars.UsesMomentum)
        {
            Optimizer<T, TOptions>.ThrowIfStateMissing(group, MomentumSlot, MissingVelocity);
        }

        var rule = new Rule(scalars);
        TensorPass.Step(group.Tensors, ref rule);
    }

    /// <summary>
    /// SGD's part of the multi-tensor step: one set of scalars for the group; with momentum, a parameter's first
    /// momentum step (b ← g, PyTorch's buffer being None) runs apart from the others.
    /// </summary>
    private struct Rule(SgdKernel.Scalars<T> scalars) : ITensorRule<T>
    {
        private readonly SgdKernel.Scalars<T> _scalars = scalars;
        private bool _started;

        public readonly bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next) => !_scalars.UsesMomentum || Started(next) == Started(first);

        public void Prepare(in TensorScalars<T> first) => _started = Started(first);

        public readonly void Complete(in TensorScalars<T> tensor)
        {
            if (_scalars.UsesMomentum)
            {
                tensor.Values[MomentumStartedScalar] = 1;
            }

            tensor.StepCount++;
        }

        public readonly void Update(ref TensorRange<T> tensors) => SgdKernel.Dispatch(_scalars, _started, ref tensors);

        private static bool Started(in TensorScalars<T> tensor) => tensor.Values[MomentumStartedScalar] != 0;
    }
}
