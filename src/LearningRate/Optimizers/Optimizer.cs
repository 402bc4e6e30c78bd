using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// The machinery every optimizer shares: parameter groups, registration by unique name, the state its
/// algorithm declares (allocated at registration, in one 64-byte-aligned arena per group), the step count,
/// and an allocation-free <see cref="Step"/>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TOptions">The algorithm's options record.</typeparam>
public abstract partial class Optimizer<T, TOptions> : IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
{
    private readonly List<ParameterGroup<T, TOptions>> _groups = [];
    private readonly Dictionary<string, Parameter<T>> _parametersByName = new(StringComparer.Ordinal);
    private readonly RegisteredMemory<T> _registeredMemory = new();
    private IParameter<T>[]? _parameters;
    private StepPlan[] _plans = [];
    private double[]? _initialScalars;
    private int _busy;

    /// <summary>Initializes the optimizer with the options of its default group.</summary>
    /// <param name="options">The default group's hyper-parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    private protected Optimizer(TOptions options)
    {
        Guard.ElementType<T>();
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        OptimizerState = new StateBlock(new StateArena(), Layout.Slots.Count, InitialScalars());
        AddGroupCore(options);
    }

    /// <summary>Gets the parameter groups; <c>Groups[0]</c> is the default group that <see cref="Add(string, Memory{T}, Memory{T})"/> uses.</summary>
    public IReadOnlyList<ParameterGroup<T, TOptions>> Groups => _groups;

    /// <inheritdoc/>
    IReadOnlyList<IParameterGroup> IOptimizer.Groups => _groups;

    /// <inheritdoc/>
    /// <remarks>Group by group, each in registration order: the order in which every tool walks them, so float sums agree.</remarks>
    IReadOnlyList<IParameter<T>> IOptimizer<T>.Parameters => _parameters ??= [.. _groups.SelectMany(g => g.ParameterList)];

    /// <summary>Gets the default group's hyper-parameters.</summary>
    public TOptions Options => _groups[0].Options;

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <summary>Gets a value indicating whether the learning rate can be scheduled (false when it is only an initial step size).</summary>
    internal virtual bool SupportsSchedules => true;

    /// <summary>Gets a value indicating whether a momentum schedule can be bound (false without momentum or β1).</summary>
    internal virtual bool SupportsMomentumSchedule => true;

    /// <summary>Gets the algorithm's declaration of its state: kind, buffers, scalars.</summary>
    private protected abstract StateLayout<TOptions> Layout { get; }

    /// <summary>Gets the optimizer-wide state (buffers and scalars of <see cref="StateScope.Optimizer"/> scope).</summary>
    internal StateBlock OptimizerState { get; }

    /// <summary>Gets the declaration, for the shared snapshot and checkpoint code.</summary>
    internal StateLayout<TOptions> StateLayout => Layout;

    /// <summary>Registers a parameter in the default group; see <see cref="ParameterGroup{T, TOptions}.Add(string, Memory{T}, Memory{T})"/>.</summary>
    /// <param name="name">A name unique within the optimizer.</param>
    /// <param name="value">The values to optimize in place.</param>
    /// <param name="gradient">The gradient, of the same length.</param>
    /// <returns>The registered parameter.</returns>
    /// <exception cref="ArgumentException">The name is null, empty or already registered; the lengths differ; or the memory overlaps a registered parameter or gradient.</exception>
    public Parameter<T> Add(string name, Memory<T> value, Memory<T> gradient) => Register(_groups[0], name, value, gradient);

    /// <summary>Registers a parameter with a shape in the default group; see <see cref="ParameterGroup{T, TOptions}.Add(string, Memory{T}, Memory{T}, ReadOnlySpan{int})"/>.</summary>
    /// <param name="name">A name unique within the optimizer.</param>
    /// <param name="value">The values to optimize in place, row-major.</param>
    /// <param name="gradient">The gradient, of the same length and layout.</param>
    /// <param name="shape">The dimensions, outermost first (PyTorch's <c>param.shape</c>); their product is the length.</param>
    /// <returns>The registered parameter.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension of <paramref name="shape"/> is negative.</exception>
    /// <exception cref="ArgumentException">The name is null, empty or already registered; the lengths differ; the shape's product is not the length; the algorithm cannot update a parameter of this shape; or the memory overlaps a registered parameter or gradient.</exception>
    public Parameter<T> Add(string name, Memory<T> value, Memory<T> gradient, params ReadOnlySpan<int> shape) =>
        Register(_groups[0], name, value, gradient, CheckedShape(shape, value.Length));

    /// <summary>Adds a parameter group with its own hyper-parameters (PyTorch <c>add_param_group</c>).</summary>
    /// <param name="options">The group's hyper-parameters, often <c>optimizer.Options with { WeightDecay = 0 }</c>.</param>
    /// <returns>The new, empty group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options break a rule that ties several of them together.</exception>
    public ParameterGroup<T, TOptions> AddGroup(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return AddGroupCore(options);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The gradients are checked first under <see cref="NonFiniteGradients"/>. Each group's learning rate is
    /// its base (number, or schedule at <see cref="StepCount"/>) times its controllers' scales, and its
    /// momentum the momentum schedule's value if one is bound. All of them are computed and checked before
    /// any parameter is written.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A schedule or controller gave a negative, infinite or NaN value; nothing was written.</exception>
    /// <exception cref="InvalidOperationException">Another thread is stepping, saving or loading this optimizer (an optimizer is not thread-safe); nothing was written.</exception>
    /// <exception cref="InvalidOperationException">The algorithm cannot step in its current state (a schedule-free optimizer in evaluation mode); nothing was written.</exception>
    public StepReport Step()
    {
        EnterExclusive(nameof(Step));
        try
        {
            // Everything that can throw comes first, and changes nothing; the counters change only once the step is decided.
            ThrowIfCannotStep();
            if (!PassesGradientCheck(out var gradientNorm, out var offender))
            {
                return Skip(gradientNorm, offender!);
            }

            var step = StepCount;
            for (var g = 0; g < _groups.Count; g++)
            {
                _plans[g] = _groups[g].PlanStep(step);
            }

            for (var g = 0; g < _groups.Count; g++)
            {
                var group = _groups[g];
                StepGroup(group, _plans[g].LearningRate, _plans[g].Momentum);
                group.CompleteStep(_plans[g].LearningRate);
            }

            StepCount++;
            ConsecutiveSkips = 0;

            // The state lives in native memory that the arenas' finalizers release: keep them alive until every span is done.
            GC.KeepAlive(this);
            return new StepReport(StepStatus.Applied, _plans[0].LearningRate, gradientNorm, null);
        }
        finally
        {
            ExitExclusive();
        }
    }

    /// <inheritdoc/>
    public void ZeroGrad()
    {
        foreach (var group in _groups)
        {
            foreach (var parameter in group.ParameterList)
            {
                parameter.Gradient.Span.Clear();
            }
        }
    }

    /// <inheritdoc/>
    public IOptimizerSnapshot CaptureSnapshot() => new OptimizerSnapshot<T, TOptions>(this);

    /// <summary>Updates every parameter of <paramref name="group"/> once and advances each one's <see cref="Parameter{T}.StepCount"/>.</summary>
    /// <param name="group">The group to update.</param>
    /// <param name="learningRate">The learning rate of this step (fixed, or the bound schedule's value, times the controllers).</param>
    /// <param name="momentum">
    /// The scheduled momentum of this step (SGD/RMSprop <c>momentum</c>, Adam <c>β1</c>), as PyTorch's
    /// <c>cycle_momentum</c> sets it; <see langword="null"/> uses the group's options.
    /// </param>
    private protected abstract void StepGroup(ParameterGroup<T, TOptions> group, double learningRate, double? momentum);

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when the algorithm cannot step in its current state (a
    /// schedule-free optimizer in evaluation mode); <see cref="Step"/> calls it first, before the gradients are
    /// checked and before anything is counted or written.
    /// </summary>
    private protected virtual void ThrowIfCannotStep()
    {
    }

    /// <summary>
    /// Tells whether a scheduled momentum (SGD/RMSprop μ, Adam β1) is inside this algorithm's own range; the step
    /// throws before writing anything when it is not.
    /// </summary>
    internal virtual bool IsValidScheduledMomentum(double momentum) => true;

    /// <summary>Gets the range <see cref="IsValidScheduledMomentum"/> enforces, for the message.</summary>
    internal virtual string ScheduledMomentumRange => "finite and non-negative";

    /// <summary>
    /// Marks the optimizer busy for <paramref name="operation"/>; throws when another thread already is in
    /// <c>Step</c>, a checkpoint save or a load. One interlocked exchange: misuse becomes an error, not corruption.
    /// </summary>
    internal void EnterExclusive(string operation)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            throw new InvalidOperationException(
                $"{operation} was called while another thread is stepping, saving or loading this optimizer. An optimizer is not thread-safe: use it from one thread at a time.");
        }
    }

    /// <summary>Ends what <see cref="EnterExclusive"/> began.</summary>
    internal void ExitExclusive() => Volatile.Write(ref _busy, 0);

    /// <summary>Puts back the step count and the consecutive-skip count of a snapshot or checkpoint.</summary>
    internal void RestoreStepCount(long stepCount, int consecutiveSkips)
    {
        StepCount = stepCount;
        ConsecutiveSkips = consecutiveSkips;
    }

    /// <summary>
    /// Allocates the declared buffers of <paramref name="parameter"/> that <paramref name="options"/> need, or that a
    /// momentum schedule needs when <paramref name="momentumScheduled"/>, and those of its group and of the optimizer.
    /// </summary>
    internal void AllocateState(Parameter<T> parameter, TOptions options, bool momentumScheduled) =>
        Allocate(parameter.Block, StateScope.Parameter, new StateExtent(parameter.Length, parameter.RegisteredShape), options, momentumScheduled);

    /// <summary>Allocates the group-wide and optimizer-wide buffers that the current groups need.</summary>
    /// <remarks>Their length follows the group's (or optimizer's) element count, so one restarts from its initial value when a parameter joins.</remarks>
    internal void AllocateSharedState()
    {
        if (!Layout.HasSharedSlots)
        {
            return;
        }

        long total = 0;
        foreach (var group in _groups)
        {
            total += group.ElementCount;
            Allocate(group.State, StateScope.Group, new StateExtent(group.ElementCount, null), group.Options, group.MomentumSchedule is not null);
        }

        Allocate(OptimizerState, StateScope.Optimizer, new StateExtent(total, null), _groups[0].Options, _groups[0].MomentumSchedule is not null);
    }

    /// <summary>Returns each declared scalar's initial value (those of every scope; a block uses its own scope's).</summary>
    /// <remarks>A new array for every block, except the one empty array when the layout declares no scalar.</remarks>
    internal double[] InitialScalars()
    {
        var initial = _initialScalars ??= [.. Layout.Scalars.Select(s => s.Initial)];
        return initial.Length == 0 ? initial : (double[])initial.Clone();
    }

    /// <summary>
    /// Returns a copy of <paramref name="shape"/> after checking it describes <paramref name="length"/> elements; called
    /// before anything is registered.
    /// </summary>
    internal static int[] CheckedShape(ReadOnlySpan<int> shape, int length)
    {
        long product = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), dimension, $"Every dimension of a shape must be >= 0; got [{string.Join(", ", shape.ToArray())}].");
            }

            // Saturates instead of overflowing: any product above int.MaxValue differs from a span's length.
            product = Math.Min(product * dimension, (long)int.MaxValue + 1);
        }

        if (product != length)
        {
            var held = product > int.MaxValue ? $"more than {int.MaxValue}" : product.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Guard.ThrowArgument(nameof(shape), $"The shape [{string.Join(", ", shape.ToArray())}] holds {held} elements; the parameter has {length}.");
        }

        return shape.ToArray();
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> (naming <c>shape</c>) when the algorithm cannot update a parameter of shape
    /// <paramref name="shape"/> (<c>[length]</c> when it was registered without one); registration calls it before
    /// anything is written. Element-wise algorithms accept every shape.
    /// </summary>
    private protected virtual void ValidateShape(string name, ReadOnlySpan<int> shape)
    {
    }

    internal Parameter<T> Register(ParameterGroup<T, TOptions> group, string name, Memory<T> value, Memory<T> gradient, int[]? shape = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var length = value.Length;
        ValidateShape(name, shape ?? MemoryMarshal.CreateReadOnlySpan(ref length, 1));

        // One lookup finds a taken name and reserves a free one; a registration that fails below gives it back.
        ref var named = ref CollectionsMarshal.GetValueRefOrAddDefault(_parametersByName, name, out var taken);
        if (taken)
        {
            Guard.ThrowArgument(nameof(name), $"A parameter named '{name}' is already registered.");
        }

        var registered = false;
        try
        {
            var spans = new SpanSet<T>(value.Span, nameof(value));
            spans.Add(gradient.Span, nameof(gradient));
            var valueAt = _registeredMemory.Locate(value);
            var gradientAt = _registeredMemory.Locate(gradient);
            ThrowIfOverlaps(valueAt, gradientAt);

            var parameter = new Parameter<T>(name, value, gradient, shape, new StateBlock(group.Arena, Layout.Slots.Count, InitialScalars()));
            AllocateState(parameter, group.Options, group.MomentumSchedule is not null);
            named = parameter;
            registered = true;
            _registeredMemory.Add(parameter, valueAt, gradientAt);
            _parameters = null;
            group.ParameterList.Add(parameter);
            group.ElementCount += parameter.Length;
            AllocateSharedState();
            return parameter;
        }
        finally
        {
            if (!registered)
            {
                _parametersByName.Remove(name);
            }
        }
    }

    /// <summary>Throws before a group's first parameter is written when a slot a step needs is absent.</summary>
    /// <remarks>
    /// Buffers are allocated at registration, when options change, when a momentum schedule is bound and after a
    /// restore, never during a step; this turns a broken invariant into a clear error instead of a half-applied step.
    /// </remarks>
    internal static void ThrowIfStateMissing(ParameterGroup<T, TOptions> group, int slot, string why)
    {
        if (group.Tensors.IsPresentEverywhere(slot))
        {
            return;
        }

        foreach (var parameter in group.ParameterList)
        {
            if (!parameter.Block.IsPresent(slot))
            {
                throw new InvalidOperationException($"Parameter '{parameter.Name}' has no {why}.");
            }
        }
    }

    /// <summary>Throws when <paramref name="value"/> or <paramref name="gradient"/> shares memory with a registered parameter.</summary>
    /// <remarks>
    /// Names the earliest registered parameter that either overlaps, and <paramref name="value"/> when both overlap it:
    /// the error a scan of the parameters in registration order reports, found in O(log n) through the index.
    /// </remarks>
    private void ThrowIfOverlaps(in RegisteredMemory<T>.Location value, in RegisteredMemory<T>.Location gradient)
    {
        var valueOverlaps = _registeredMemory.FirstOverlapping(value, out var valueOrder);
        var gradientOverlaps = _registeredMemory.FirstOverlapping(gradient, out var gradientOrder);
        if (valueOverlaps is not null && valueOrder <= gradientOrder)
        {
            ThrowOverlap(nameof(value), valueOverlaps);
        }

        if (gradientOverlaps is not null)
        {
            ThrowOverlap(nameof(gradient), gradientOverlaps);
        }
    }

    private static void ThrowOverlap(string name, Parameter<T> other) =>
        Guard.ThrowArgument(name, $"{name} overlaps the memory of registered parameter '{other.Name}'.");

    private void Allocate(StateBlock block, StateScope scope, StateExtent extent, TOptions options, bool momentumScheduled)
    {
        var slots = Layout.Slots;
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            // A buffer keeps its values while its shape stays: a parameter's for good unless new options change its
            // length (a quantized state's block size), a shared one until its owner's size changes.
            if (slot.Scope == scope && slot.IsUsed(options, momentumScheduled))
            {
                block.Ensure(i, StateElements.Resolve<T>(slot.Element), checked((int)slot.LengthFor(extent, options)), slot.InitialValue(options));
            }
        }
    }

    private ParameterGroup<T, TOptions> AddGroupCore(TOptions options)
    {
        var group = new ParameterGroup<T, TOptions>(this, options, new StateBlock(new StateArena(), Layout.Slots.Count, InitialScalars()));
        _groups.Add(group);
        Array.Resize(ref _plans, _groups.Count);
        AllocateSharedState();
        return group;
    }
}
