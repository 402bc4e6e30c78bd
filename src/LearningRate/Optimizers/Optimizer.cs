using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// The machinery every optimizer shares: parameter groups, registration by unique name, state
/// buffers allocated at registration, the step count, and an allocation-free <see cref="Step"/>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TOptions">The algorithm's options record.</typeparam>
public abstract partial class Optimizer<T, TOptions> : IOptimizer, IOptimizerSnapshotSource
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
{
    private readonly List<ParameterGroup<T, TOptions>> _groups = [];
    private readonly Dictionary<string, Parameter<T>> _parametersByName = new(StringComparer.Ordinal);

    /// <summary>Initializes the optimizer with the options of its default group.</summary>
    /// <param name="options">The default group's hyper-parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    private protected Optimizer(TOptions options)
    {
        Guard.ElementType<T>();
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _groups.Add(new ParameterGroup<T, TOptions>(this, options));
    }

    /// <summary>Gets the parameter groups; <c>Groups[0]</c> is the default group that <see cref="Add"/> uses.</summary>
    public IReadOnlyList<ParameterGroup<T, TOptions>> Groups => _groups;

    /// <inheritdoc/>
    IReadOnlyList<IParameterGroup> IOptimizer.Groups => _groups;

    /// <summary>Gets the default group's hyper-parameters.</summary>
    public TOptions Options => _groups[0].Options;

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <summary>Gets the number of state buffers per parameter slot this algorithm can use.</summary>
    private protected abstract int StateCount { get; }

    /// <summary>Registers a parameter in the default group; see <see cref="ParameterGroup{T, TOptions}.Add"/>.</summary>
    /// <param name="name">A name unique within the optimizer.</param>
    /// <param name="value">The values to optimize in place.</param>
    /// <param name="gradient">The gradient, of the same length.</param>
    /// <returns>The registered parameter.</returns>
    /// <exception cref="ArgumentException">The name is null, empty or already registered; the lengths differ; or the memory overlaps a registered parameter or gradient.</exception>
    public Parameter<T> Add(string name, Memory<T> value, Memory<T> gradient) => Register(_groups[0], name, value, gradient);

    /// <summary>Adds a parameter group with its own hyper-parameters (PyTorch <c>add_param_group</c>).</summary>
    /// <param name="options">The group's hyper-parameters, often <c>optimizer.Options with { WeightDecay = 0 }</c>.</param>
    /// <returns>The new, empty group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options break a rule that ties several of them together.</exception>
    public ParameterGroup<T, TOptions> AddGroup(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var group = new ParameterGroup<T, TOptions>(this, options);
        _groups.Add(group);
        return group;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The gradients are checked first under <see cref="NonFiniteGradients"/>. Each group's learning rate is
    /// its base (number, or schedule at <see cref="StepCount"/>) times its controllers' scales, and its
    /// momentum the momentum schedule's value if one is bound. All of them are computed and checked before
    /// any parameter is written.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A schedule or controller gave a negative, infinite or NaN value; nothing was written.</exception>
    public StepReport Step()
    {
        if (!PassesGradientCheck(out var gradientNorm, out var skipped))
        {
            return skipped;
        }

        var step = StepCount;
        foreach (var group in _groups)
        {
            group.PrepareStep(step);
        }

        foreach (var group in _groups)
        {
            StepGroup(group, group.PendingLearningRate, group.PendingMomentum);
            group.CompleteStep();
        }

        StepCount++;
        return AppliedReport(gradientNorm);
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

    /// <summary>Updates every parameter of <paramref name="group"/> once and advances each one's <see cref="Parameter{T}.StepCount"/>.</summary>
    /// <param name="group">The group to update.</param>
    /// <param name="learningRate">The learning rate of this step (fixed, or the bound schedule's value).</param>
    /// <param name="momentum">
    /// The scheduled momentum of this step (SGD/RMSprop <c>momentum</c>, Adam <c>β1</c>), as PyTorch's
    /// <c>cycle_momentum</c> sets it; <see langword="null"/> uses the group's options.
    /// </param>
    private protected abstract void StepGroup(ParameterGroup<T, TOptions> group, double learningRate, double? momentum);

    /// <summary>Tells whether state slot <paramref name="slot"/> is needed under <paramref name="options"/>.</summary>
    private protected abstract bool UsesState(int slot, TOptions options);

    /// <summary>Fills a newly allocated state buffer; zero unless overridden (AdaGrad's initial accumulator).</summary>
    private protected virtual void InitializeState(int slot, Span<T> buffer, TOptions options)
    {
    }

    /// <inheritdoc/>
    IOptimizerSnapshot IOptimizerSnapshotSource.CaptureSnapshot() => new OptimizerSnapshot<T, TOptions>(this);

    /// <summary>Puts back the step count and the consecutive-skip count of a snapshot.</summary>
    internal void RestoreStepCount(long stepCount, int consecutiveSkips)
    {
        StepCount = stepCount;
        ConsecutiveSkips = consecutiveSkips;
    }

    /// <summary>
    /// Gets the state slot of the velocity that a bound momentum schedule needs even when the options have
    /// no momentum (SGD's and RMSprop's momentum buffer); -1 when a momentum schedule needs no state.
    /// </summary>
    private protected virtual int MomentumScheduleSlot => -1;

    /// <summary>
    /// Allocates the state buffers <paramref name="parameter"/> lacks and that <paramref name="options"/> need,
    /// or that a momentum schedule needs when <paramref name="momentumScheduled"/>.
    /// </summary>
    internal void AllocateState(Parameter<T> parameter, TOptions options, bool momentumScheduled)
    {
        for (var slot = 0; slot < StateCount; slot++)
        {
            if (parameter.State[slot] is null && (UsesState(slot, options) || (momentumScheduled && slot == MomentumScheduleSlot)))
            {
                var buffer = new T[parameter.Length];
                InitializeState(slot, buffer, options);
                parameter.State[slot] = buffer;
            }
        }
    }

    internal Parameter<T> Register(ParameterGroup<T, TOptions> group, string name, Memory<T> value, Memory<T> gradient)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_parametersByName.ContainsKey(name))
        {
            Guard.ThrowArgument(nameof(name), $"A parameter named '{name}' is already registered.");
        }

        var spans = new SpanSet<T>(value.Span, nameof(value));
        spans.Add(gradient.Span, nameof(gradient));
        foreach (var other in _parametersByName.Values)
        {
            ThrowIfOverlaps(value, nameof(value), other);
            ThrowIfOverlaps(gradient, nameof(gradient), other);
        }

        var parameter = new Parameter<T>(name, value, gradient, StateCount);
        AllocateState(parameter, group.Options, group.MomentumSchedule is not null);
        _parametersByName.Add(name, parameter);
        group.ParameterList.Add(parameter);
        return parameter;
    }

    private static void ThrowIfOverlaps(Memory<T> memory, string name, Parameter<T> other)
    {
        var span = (ReadOnlySpan<T>)memory.Span;
        if (span.Overlaps(other.Value.Span) || span.Overlaps(other.Gradient.Span))
        {
            Guard.ThrowArgument(name, $"{name} overlaps the memory of registered parameter '{other.Name}'.");
        }
    }
}
