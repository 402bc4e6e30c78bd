namespace LearningRate.Schedules;

/// <summary>
/// An immutable learning-rate schedule: a pure function of the 0-based index of the update being applied,
/// built by the static factories of this class and combined by its instance methods.
/// </summary>
/// <remarks>
/// <para>
/// <b>Design.</b> Every schedule is a value of this one public type; the concrete formulas are internal, so the
/// public surface is the factories (the catalogue), four enums and the composition methods. A schedule never
/// changes after construction, <see cref="At"/> allocates nothing, and the step is the only input, so resuming
/// needs nothing but the step count and a schedule can be shared by any number of optimizers and threads.
/// Arguments are checked at construction and each <see cref="ArgumentOutOfRangeException"/> names its argument.
/// </para>
/// <para>
/// <b>Horizon.</b> A schedule that moves towards an end value (linear, polynomial, cosine, one-cycle,
/// warmup-stable-decay) has a <see cref="Horizon"/>: the last step its formula is meant for (the step at which
/// the end value is reached). Past it, the schedule's <see cref="AfterEnd"/> policy applies: hold the value at the
/// horizon (the default), continue the formula, or throw. Schedules without an end (step decay, exponential,
/// cyclic, warm restarts, ...) have no horizon.
/// </para>
/// <para>
/// <b>Composition.</b> <see cref="Then(Schedule, long)"/> and <see cref="Sequence"/> switch between schedules at
/// milestones, each piece seeing its own local step (0 at its milestone, like Optax's <c>join_schedules</c> and
/// PyTorch's <c>SequentialLR</c>); <see cref="WithWarmup"/> puts a linear warmup in front of any schedule and
/// <see cref="ThenSwaAnneal"/> hands over to a stochastic-weight-averaging anneal from the value reached;
/// <see cref="Times(double)"/>, <see cref="Times(ILearningRateSchedule)"/> and <see cref="Clamp"/> scale,
/// multiply and bound. Metric-driven changes (reduce-on-plateau, bold driver) are controllers attached to a
/// parameter group, multiplied on top of its schedule.
/// </para>
/// </remarks>
public abstract partial class Schedule : ILearningRateSchedule
{
    private readonly long _horizon;
    private readonly AfterEnd _afterEnd;

    /// <summary>Initializes a schedule without a horizon.</summary>
    private protected Schedule()
        : this(long.MaxValue, AfterEnd.Continue)
    {
    }

    /// <summary>Initializes a schedule whose formula is meant for steps 0 to <paramref name="horizon"/>.</summary>
    private protected Schedule(long horizon, AfterEnd afterEnd)
    {
        _horizon = horizon;
        _afterEnd = afterEnd;
    }

    /// <summary>
    /// Gets the last step the schedule's formula is meant for, where it reaches its end value; past it the
    /// <see cref="AfterEnd"/> policy given at construction applies. <see langword="null"/> when the schedule has no end.
    /// </summary>
    /// <remarks>A sequence's horizon is its last milestone plus its last piece's horizon.</remarks>
    public long? Horizon => HorizonCore == long.MaxValue ? null : HorizonCore;

    /// <summary>
    /// Gets the momentum (SGD <c>momentum</c>, Adam <c>β1</c>) schedule that accompanies this learning-rate
    /// schedule, cycled inversely to it as PyTorch's <c>cycle_momentum=True</c> does; <see langword="null"/> for
    /// schedules that do not schedule momentum. Binding the schedule as a group's <c>Schedule</c> binds it as the
    /// group's <c>MomentumSchedule</c> too (and unbinding the schedule unbinds it).
    /// </summary>
    /// <remarks>
    /// Produced by <see cref="Cyclic(double, double, long, long?, CyclicMode, double, double, double, bool)"/>,
    /// <see cref="CyclicCustom"/> and <see cref="OneCycle"/> unless built with <c>cycleMomentum: false</c>; kept by
    /// <see cref="Times(double)"/> and <see cref="Clamp"/>, which change only the learning rate; dropped by the
    /// other compositions.
    /// </remarks>
    public virtual Schedule? Momentum => null;

    /// <summary>Gets the horizon, <see cref="long.MaxValue"/> when there is none.</summary>
    private protected virtual long HorizonCore => _horizon;

    /// <summary>Returns the value of update number <paramref name="step"/> (0-based). Allocates nothing.</summary>
    /// <param name="step">The 0-based index of the update.</param>
    /// <returns>The value, finite and non-negative.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative, or past the <see cref="Horizon"/> of a schedule built with <see cref="AfterEnd.Throw"/>.</exception>
    /// <exception cref="InvalidOperationException">A user function or scale function returned a negative, infinite or NaN value, or an exponential growth overflowed.</exception>
    public double At(long step)
    {
        if (step < 0)
        {
            ScheduleArguments.ThrowNegativeStep(step);
        }

        double value;
        if (step <= _horizon)
        {
            value = Evaluate(step);
        }
        else if (_afterEnd == AfterEnd.Hold)
        {
            value = Evaluate(_horizon);
        }
        else if (_afterEnd == AfterEnd.Continue)
        {
            // Extrapolating a decreasing formula may cross zero; a learning rate cannot.
            value = Math.Max(0, Evaluate(step));
        }
        else
        {
            ScheduleArguments.ThrowPastHorizon(step, _horizon);
            return 0;
        }

        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            ThrowInvalidValue(step, value);
        }

        return value;
    }

    /// <summary>
    /// Follows this schedule until its <see cref="Horizon"/>, then <paramref name="next"/> from its own step 0:
    /// <c>t &lt; H ? this(t) : next(t − H)</c>. The typical use is <c>Schedule.Warmup(...).Then(Schedule.Cosine(...))</c>.
    /// </summary>
    /// <param name="next">The schedule that takes over at the horizon.</param>
    /// <returns>The sequence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="next"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This schedule has no horizon; use <see cref="Then(Schedule, long)"/>.</exception>
    public Schedule Then(Schedule next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (Horizon is not long horizon)
        {
            throw new InvalidOperationException("This schedule has no horizon; say where to switch with Then(next, at).");
        }

        return Then(next, horizon);
    }

    /// <summary>
    /// Follows this schedule for steps <c>[0, at)</c>, then <paramref name="next"/> from its own step 0:
    /// <c>t &lt; at ? this(t) : next(t − at)</c> (the switch happens at <paramref name="at"/>, as Optax's
    /// <c>join_schedules</c> and PyTorch's <c>SequentialLR</c> do).
    /// </summary>
    /// <param name="next">The schedule that takes over.</param>
    /// <param name="at">The first step of <paramref name="next"/>; after the last milestone of this schedule if it is a sequence.</param>
    /// <returns>The sequence; a sequence is extended rather than nested.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="next"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is not positive or not after this sequence's last milestone.</exception>
    public Schedule Then(Schedule next, long at)
    {
        ArgumentNullException.ThrowIfNull(next);
        return this is SequenceSchedule sequence ? sequence.Append(next, at) : SequenceSchedule.Create([this, next], [at], nameof(at));
    }

    /// <summary>
    /// Puts a linear warmup of W = <paramref name="steps"/> steps in front of this schedule, as
    /// <c>Schedule.Warmup(W, to: this(0), from).Then(this)</c>: step t &lt; W uses
    /// <c>from + (this(0) − from)·t/(W − 1)</c>, reaching this schedule's first value at step W − 1; from step W this
    /// schedule runs from its own step 0: <c>this(t − W)</c>. With the default <c>from = this(0)/W</c>, step t &lt; W
    /// uses <c>this(0)·(t + 1)/W</c>.
    /// </summary>
    /// <param name="steps">The warmup length W.</param>
    /// <param name="from">The value at step 0; <see langword="null"/> (the default) is <c>this(0)/W</c>; 0 is HF's convention (the first update uses 0).</param>
    /// <returns>The warmed-up schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is not positive; <paramref name="from"/> is negative or not finite.</exception>
    public Schedule WithWarmup(long steps, double? from = null)
    {
        ScheduleArguments.Positive(steps, nameof(steps));
        var first = At(0);
        var start = from is double given ? ScheduleArguments.NonNegative(given, nameof(from)) : first / steps;
        return SequenceSchedule.Create([new WarmupSchedule(start, first, steps), this], [steps], nameof(steps));
    }

    /// <summary>
    /// Follows this schedule for steps <c>[0, at)</c>, then anneals from the value it has at <paramref name="at"/> to
    /// <paramref name="swaLearningRate"/>: <c>this.Then(Schedule.SwaAnneal(this(at), swaLearningRate, annealSteps, annealing), at)</c>.
    /// This is PyTorch's SWA recipe, where a scheduler runs until <c>swa_start</c> and <c>SWALR</c> then takes over
    /// from whatever lr the group has: update <paramref name="at"/> uses <c>this(at)</c>, update at + E and later
    /// <paramref name="swaLearningRate"/>.
    /// </summary>
    /// <param name="at">The first step of the anneal (PyTorch's first update after which <c>swa_scheduler.step()</c> is called); ≥ 1.</param>
    /// <param name="swaLearningRate">The constant rate of the averaging phase (PyTorch <c>swa_lr</c>).</param>
    /// <param name="annealSteps">E ≥ 0, the length of the anneal; default 10.</param>
    /// <param name="annealing"><see cref="Annealing.Cosine"/> (default) or <see cref="Annealing.Linear"/>.</param>
    /// <returns>The sequence.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is not positive or not after this sequence's last milestone; a rate is negative or not finite; <paramref name="annealSteps"/> is negative; <paramref name="annealing"/> is not cosine or linear.</exception>
    /// <exception cref="InvalidOperationException">This schedule throws at <paramref name="at"/> (past its horizon with <see cref="AfterEnd.Throw"/>, or a user function's bad value).</exception>
    public Schedule ThenSwaAnneal(long at, double swaLearningRate, long annealSteps = 10, Annealing annealing = Annealing.Cosine)
    {
        ScheduleArguments.Positive(at, nameof(at));
        double start;
        try
        {
            start = At(at);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidOperationException($"This schedule has no value at step {at}, where the anneal would start: {e.Message}", e);
        }

        return Then(SwaAnneal(start, swaLearningRate, annealSteps, annealing), at);
    }

    /// <summary>Multiplies every value by a constant: <c>factor·this(t)</c>.</summary>
    /// <param name="factor">The factor.</param>
    /// <returns>The scaled schedule (its <see cref="Momentum"/> is this schedule's).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is negative or not finite.</exception>
    public Schedule Times(double factor) => new ScaledSchedule(this, ScheduleArguments.NonNegative(factor, nameof(factor)));

    /// <summary>Multiplies two schedules step by step: <c>this(t)·other(t)</c> (Optax <c>chain</c> of scales, PyTorch <c>ChainedScheduler</c>).</summary>
    /// <param name="other">The other factor, often a schedule of multipliers starting at 1.</param>
    /// <returns>The product.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public Schedule Times(ILearningRateSchedule other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new ProductSchedule(this, other);
    }

    /// <summary>Bounds every value: <c>min(max(this(t), minimum), maximum)</c>.</summary>
    /// <param name="minimum">The lower bound.</param>
    /// <param name="maximum">The upper bound, at least <paramref name="minimum"/>.</param>
    /// <returns>The clamped schedule (its <see cref="Momentum"/> is this schedule's).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A bound is negative or not finite, or <paramref name="maximum"/> &lt; <paramref name="minimum"/>.</exception>
    public Schedule Clamp(double minimum, double maximum)
    {
        ScheduleArguments.NonNegative(minimum, nameof(minimum));
        ScheduleArguments.NonNegative(maximum, nameof(maximum));
        if (maximum < minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, $"maximum must be >= minimum ({minimum}); got {maximum}.");
        }

        return new ClampedSchedule(this, minimum, maximum);
    }

    /// <summary>Computes the formula at <paramref name="step"/>, which is non-negative and within the horizon unless the policy is <see cref="AfterEnd.Continue"/>.</summary>
    private protected abstract double Evaluate(long step);

    /// <summary>Gets the schedule family's stable checkpoint name (never a CLR type name).</summary>
    internal abstract string Kind { get; }

    private static void ThrowInvalidValue(long step, double value) =>
        throw new InvalidOperationException($"The schedule's value at step {step} is {value}; a schedule must give finite, non-negative values.");
}
