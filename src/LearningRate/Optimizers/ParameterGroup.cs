using LearningRate.Controllers;
using LearningRate.Internal;
using LearningRate.Optimizers.State;
using LearningRate.Schedules;

namespace LearningRate.Optimizers;

/// <summary>
/// Parameters that share hyper-parameters (PyTorch's param group). The classic use: a second group
/// with <c>WeightDecay = 0</c> for biases and norms.
/// </summary>
/// <remarks>
/// The learning rate of a step is <c>base × Π controllers' Scale</c>, the base being a number
/// (<see cref="LearningRate"/>) or a schedule's value at the optimizer's step count (<see cref="Schedule"/>):
/// <code>
/// group.Schedule = Schedule.Warmup(500, to: 3e-4).Then(Schedule.Cosine(3e-4, 9_500, minimum: 1e-5));
/// group.AddController(plateau);   // plateau cuts multiply on top of warmup and cosine
/// </code>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TOptions">The optimizer's options record.</typeparam>
public sealed class ParameterGroup<T, TOptions> : IParameterGroup
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
{
    private readonly Optimizer<T, TOptions> _owner;
    private TOptions _options;
    private double _learningRate;
    private ILearningRateSchedule? _schedule;
    private ILearningRateSchedule? _momentumSchedule;

    // Copy-on-write, so Step walks a plain array: no enumerator, no allocation. Writers take the lock, so
    // controllers attached from two threads at once are all kept.
    private readonly Lock _controllersLock = new();
    private ILearningRateController[] _controllers = [];

    // What the last step applied: a record of the past, not a copy of anything that must agree with it.
    private double? _lastLearningRate;

    // The parameters and their state as one flat table, for the step; rebuilt when stale.
    private readonly TensorTable<T> _tensors;

    internal ParameterGroup(Optimizer<T, TOptions> owner, TOptions options, StateBlock state)
    {
        _owner = owner;
        _options = options;
        _learningRate = options.LearningRate;
        State = state;
        _tensors = new TensorTable<T>(state.Arena);
    }

    /// <summary>
    /// Gets or sets the group's hyper-parameters. Setting them also resets the fixed <see cref="LearningRate"/>
    /// to the new <see cref="OptimizerOptions.LearningRate"/> (a bound <see cref="Schedule"/> stays bound) and
    /// allocates any state buffer the new options need (turning on AMSGrad, for example), so that <c>Step()</c>
    /// never allocates.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The options break a rule that ties several of them together.</exception>
    public TOptions Options
    {
        get => _options;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            foreach (var parameter in ParameterList)
            {
                _owner.AllocateState(parameter, value, _momentumSchedule is not null);
            }

            _options = value;
            _learningRate = value.LearningRate;
            _tensors.Invalidate();
            _owner.AllocateSharedState();
        }
    }

    /// <inheritdoc/>
    OptimizerOptions IParameterGroup.Options => _options;

    /// <inheritdoc/>
    public double LearningRate
    {
        get => _schedule?.At(_owner.StepCount) ?? _learningRate;
        set
        {
            Guard.NonNegative(value, nameof(LearningRate));
            if (_schedule is not null)
            {
                throw new InvalidOperationException(
                    "The group's learning rate follows a schedule, so setting it would silently discard the schedule; unbind the schedule first (group.Schedule = null), then set the learning rate.");
            }

            _learningRate = value;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Setting a schedule on a group whose optimizer uses the learning rate only as an initial step size (<see cref="SupportsSchedules"/> is false), or a schedule that cycles momentum on a group whose optimizer has neither momentum nor β1 (<see cref="SupportsMomentumSchedule"/> is false).</exception>
    public ILearningRateSchedule? Schedule
    {
        get => _schedule;
        set
        {
            var momentum = (value as Schedule)?.Momentum;
            if (value is not null)
            {
                ThrowUnlessSchedulable("bind a learning-rate schedule to");
            }

            if (momentum is not null && !SupportsMomentumSchedule)
            {
                throw new InvalidOperationException(
                    $"This schedule cycles momentum (PyTorch's cycle_momentum=True, the default of OneCycle and Cyclic), but {_owner.StateLayout.Kind} has neither momentum nor β1, so it cannot be bound (PyTorch raises too); build the schedule with cycleMomentum: false.");
            }

            // The companion momentum of the schedule being replaced goes with it; a momentum schedule bound by hand stays.
            var companion = (_schedule as Schedule)?.Momentum;
            if (momentum is not null)
            {
                MomentumSchedule = momentum;
            }
            else if (companion is not null && ReferenceEquals(_momentumSchedule, companion))
            {
                MomentumSchedule = null;
            }

            _schedule = value;
        }
    }

    /// <inheritdoc/>
    public bool SupportsSchedules => _owner.SupportsSchedules;

    /// <inheritdoc/>
    public bool SupportsMomentumSchedule => _owner.SupportsMomentumSchedule;

    /// <inheritdoc/>
    /// <remarks>
    /// Binding a schedule allocates the velocity buffers that SGD and RMSprop need, so momentum can be
    /// cycled on a group whose options have none (PyTorch's OneCycleLR switches it on for plain SGD) and
    /// <c>Step()</c> still never allocates.
    /// </remarks>
    public ILearningRateSchedule? MomentumSchedule
    {
        get => _momentumSchedule;
        set
        {
            if (value is not null)
            {
                if (!SupportsMomentumSchedule)
                {
                    throw new InvalidOperationException(
                        $"{_owner.StateLayout.Kind} has neither momentum nor β1, so a momentum schedule cannot be bound (PyTorch's cycle_momentum raises for it too); build the schedule without momentum cycling.");
                }

                foreach (var parameter in ParameterList)
                {
                    _owner.AllocateState(parameter, _options, momentumScheduled: true);
                }
            }

            _momentumSchedule = value;
            _tensors.Invalidate();
            _owner.AllocateSharedState();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<ILearningRateController> Controllers => _controllers;

    /// <inheritdoc/>
    public double NextLearningRate => EffectiveLearningRate(_owner.StepCount);

    /// <inheritdoc/>
    public double? LastLearningRate => _lastLearningRate;

    /// <summary>Gets the group's parameters in registration order.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => ParameterList;

    /// <inheritdoc/>
    public int Count => ParameterList.Count;

    /// <summary>Gets the fixed learning rate, used when no schedule is bound (checkpoints save it).</summary>
    internal double BaseLearningRate => _learningRate;

    /// <summary>Gets the mutable list behind <see cref="Parameters"/>.</summary>
    internal List<Parameter<T>> ParameterList { get; } = [];

    /// <summary>Gets the arena that holds the state of the group's parameters and of the group itself.</summary>
    internal StateArena Arena => State.Arena;

    /// <summary>Gets the group-wide state (buffers and scalars of <see cref="StateScope.Group"/> scope).</summary>
    internal StateBlock State { get; }

    /// <summary>Gets the group's parameters and their state as one table, brought up to date first.</summary>
    internal TensorTable<T> Tensors => _tensors.Refresh(ParameterList);

    /// <summary>Gets or sets the total element count of the group's parameters.</summary>
    internal long ElementCount { get; set; }

    /// <summary>
    /// Registers a parameter in this group and allocates its state buffers.
    /// </summary>
    /// <param name="name">A name unique within the optimizer (checkpoints match parameters by name).</param>
    /// <param name="value">The values to optimize in place: a whole array or a slice of a larger buffer.</param>
    /// <param name="gradient">The gradient, of the same length, which the training loop fills before each step.</param>
    /// <returns>The registered parameter.</returns>
    /// <exception cref="ArgumentException">The name is null, empty or already registered; the lengths differ; or the memory overlaps a registered parameter or gradient.</exception>
    public Parameter<T> Add(string name, Memory<T> value, Memory<T> gradient) => _owner.Register(this, name, value, gradient);

    /// <summary>
    /// Registers a parameter with a shape in this group and allocates its state buffers: a matrix, a convolution
    /// kernel, any tensor stored row-major (contiguous, last dimension fastest) in <paramref name="value"/>.
    /// </summary>
    /// <remarks>
    /// Element-wise optimizers (all but the matrix-aware ones) update a shaped parameter exactly as an unshaped one of
    /// the same length. A parameter registered without a shape has the one dimension <c>[length]</c>.
    /// </remarks>
    /// <param name="name">A name unique within the optimizer (checkpoints match parameters by name).</param>
    /// <param name="value">The values to optimize in place, row-major.</param>
    /// <param name="gradient">The gradient, of the same length and layout.</param>
    /// <param name="shape">The dimensions, outermost first (PyTorch's <c>param.shape</c>); their product is the length; none for a scalar.</param>
    /// <returns>The registered parameter.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension of <paramref name="shape"/> is negative.</exception>
    /// <exception cref="ArgumentException">The name is null, empty or already registered; the lengths differ; the shape's product is not the length; the algorithm cannot update a parameter of this shape; or the memory overlaps a registered parameter or gradient.</exception>
    public Parameter<T> Add(string name, Memory<T> value, Memory<T> gradient, params ReadOnlySpan<int> shape) =>
        _owner.Register(this, name, value, gradient, Optimizer<T, TOptions>.CheckedShape(shape, value.Length));

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The group's optimizer uses the learning rate only as an initial step size (<see cref="SupportsSchedules"/> is false).</exception>
    public void AddController(ILearningRateController controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ThrowUnlessSchedulable("attach a controller to");
        lock (_controllersLock)
        {
            if (Array.IndexOf(_controllers, controller) >= 0)
            {
                Guard.ThrowArgument(nameof(controller), "This controller is already attached to the group.");
            }

            // A reduce-on-plateau learns the rate it multiplies here (and may refuse the group) before it is kept.
            (controller as IGroupAttachedController)?.Attach(_schedule is null ? _learningRate : null);
            _controllers = [.. _controllers, controller];
        }
    }

    /// <inheritdoc/>
    public bool RemoveController(ILearningRateController controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        lock (_controllersLock)
        {
            var index = Array.IndexOf(_controllers, controller);
            if (index < 0)
            {
                return false;
            }

            _controllers = [.. _controllers.AsSpan(0, index), .. _controllers.AsSpan(index + 1)];
            (controller as IGroupAttachedController)?.Detach();
            return true;
        }
    }

    /// <summary>
    /// Computes and checks the learning rate and momentum of step <paramref name="step"/> before any parameter of
    /// any group is written, so that a bad schedule or controller value throws with everything untouched.
    /// </summary>
    internal StepPlan PlanStep(long step)
    {
        var learningRate = EffectiveLearningRate(step);
        var scheduledMomentum = _momentumSchedule?.At(step);
        if (scheduledMomentum is double momentum && (!(momentum >= 0) || double.IsInfinity(momentum) || !_owner.IsValidScheduledMomentum(momentum)))
        {
            throw new InvalidOperationException(
                $"The momentum schedule's value at step {step} is {momentum}; {_owner.StateLayout.Kind}'s momentum must be {_owner.ScheduledMomentumRange}.");
        }

        return new StepPlan(learningRate, scheduledMomentum);
    }

    /// <summary>Puts back a checkpoint's fixed learning rate and last learning rate, leaving the bound schedule bound.</summary>
    internal void RestoreLearningRates(double baseLearningRate, double? lastLearningRate)
    {
        _learningRate = baseLearningRate;
        _lastLearningRate = lastLearningRate;
    }

    /// <summary>Copies the learning-rate binding (fixed value, schedules, controllers, last rate) for a snapshot.</summary>
    internal Binding CaptureBinding() => new(_learningRate, _schedule, _momentumSchedule, _controllers, _lastLearningRate);

    /// <summary>Puts back a binding taken by <see cref="CaptureBinding"/>; the controller array is never mutated, so sharing it is safe.</summary>
    internal void RestoreBinding(Binding binding)
    {
        _learningRate = binding.LearningRate;
        _schedule = binding.Schedule;
        _momentumSchedule = binding.MomentumSchedule;
        _controllers = binding.Controllers;
        _lastLearningRate = binding.LastLearningRate;
    }

    /// <summary>Records the learning rate of the step just applied.</summary>
    internal void CompleteStep(double learningRate) => _lastLearningRate = learningRate;

    private void ThrowUnlessSchedulable(string action)
    {
        if (!SupportsSchedules)
        {
            throw new InvalidOperationException(
                $"Cannot {action} {_owner.StateLayout.Kind}: it uses the learning rate only as the initial step size, as PyTorch does, so a schedule or controller would have no effect.");
        }
    }

    private double EffectiveLearningRate(long step)
    {
        var learningRate = _schedule?.At(step) ?? _learningRate;
        foreach (var controller in _controllers)
        {
            learningRate *= controller.Scale;
        }

        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
        {
            throw new InvalidOperationException($"The learning rate of step {step} is {learningRate} (schedule value times controller scales); it must be finite and non-negative.");
        }

        return learningRate;
    }

    /// <summary>A group's learning-rate binding, as <see cref="CaptureBinding"/> copies it.</summary>
    internal readonly record struct Binding(double LearningRate, ILearningRateSchedule? Schedule, ILearningRateSchedule? MomentumSchedule, ILearningRateController[] Controllers, double? LastLearningRate);
}
