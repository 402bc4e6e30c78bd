using LearningRate.Checkpoints;
using LearningRate.Internal;

namespace LearningRate.Controllers;

/// <summary>
/// Reduce-on-plateau with PyTorch's <c>ReduceLROnPlateau</c> semantics, as a multiplier of the
/// learning rate: it composes with any schedule (warmup, then cosine, with plateau cuts on top),
/// which PyTorch and Keras refuse to do. Feed it the monitored metric with <see cref="Report"/>
/// (typically once per validation) and multiply the learning rate by <see cref="Scale"/>.
/// </summary>
/// <remarks>
/// <para>
/// On each report, with <c>best</c> starting at +∞ (minimize) or −∞ (maximize):
/// </para>
/// <list type="number">
/// <item>if the metric beats <c>best</c> by the threshold (<see cref="PlateauThresholdMode"/>), it
/// becomes <c>best</c> and the bad count is reset to 0; otherwise the bad count grows by 1
/// (a NaN metric is never an improvement, so it is a bad report, as in PyTorch);</item>
/// <item>while the cooldown runs, it is decremented and the bad count is reset to 0;</item>
/// <item>if the bad count exceeds <c>Patience</c> (<see cref="PatienceMode"/>), the reference
/// learning rate becomes <c>newLr = max(lr·Factor, max(MinLearningRate, MinScale·BaseLearningRate))</c>,
/// applied only if <c>lr − newLr &gt; Epsilon</c>; then the cooldown restarts and the bad count is reset.</item>
/// </list>
/// <para>
/// <see cref="LearningRate"/> follows exactly the same double operations as PyTorch's
/// <c>group["lr"]</c> started at <see cref="BaseLearningRate"/>, and <c>Scale = LearningRate / BaseLearningRate</c>.
/// </para>
/// <para>
/// <b>The base learning rate.</b> Unless <see cref="ReduceOnPlateauOptions.BaseLearningRate"/> sets it, the
/// controller learns it when first attached to a group (<see cref="Optimizers.IParameterGroup.AddController"/>):
/// the group's fixed learning rate, so that <c>MinLearningRate</c> and <c>Epsilon</c> are absolute rates as
/// PyTorch's <c>min_lr</c> and <c>eps</c>; or 1 when the group follows a schedule, so that they apply to the
/// multiplier (the schedule's values are its 1×; <c>MinLearningRate = 0.01</c> lets cuts go down to 1% of the
/// schedule, at its peak as everywhere). Set the group's rate or schedule before attaching. One controller may
/// serve several groups whose bases agree; attaching it to a group with another base while it is attached
/// elsewhere throws (PyTorch keeps one rate per group: give each group its own controller). The learned base
/// is kept when the controller is detached and attached again. An instance is not thread-safe.
/// </para>
/// </remarks>
public sealed class ReduceOnPlateau : ICheckpointedController, IGroupAttachedController
{
    private readonly ReduceOnPlateauOptions _options;
    private readonly bool _minimize;
    private readonly PlateauThresholdMode _thresholdMode;
    private readonly double _threshold;
    private readonly double _oneMinusThreshold;
    private readonly double _onePlusThreshold;
    private readonly int _badReportLimit;
    private readonly Lock _attachLock = new();
    private double _base;
    private bool _baseKnown;
    private int _attachments;
    private double _floor;
    private double _best;
    private int _badReports;
    private int _cooldownRemaining;
    private long _reportCount;
    private double _learningRate;
    private double _scale;

    // The monitor that reports to this controller (TrainingMonitor.FeedPlateauController): a manual report on
    // top of its own would count each epoch twice.
    private object? _feeder;

    /// <summary>Initializes a controller with PyTorch's defaults (see <see cref="ReduceOnPlateauOptions"/>).</summary>
    public ReduceOnPlateau()
        : this(new ReduceOnPlateauOptions())
    {
    }

    /// <summary>Initializes a controller with the given options.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options break a rule that ties several of them together (the exception names the option).</exception>
    public ReduceOnPlateau(ReduceOnPlateauOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _minimize = options.Mode == PlateauMode.Minimize;
        _thresholdMode = options.ThresholdMode;
        _threshold = options.Threshold;

        // The same expressions as PyTorch's rel_epsilon, so the comparisons round identically.
        _oneMinusThreshold = 1.0 - options.Threshold;
        _onePlusThreshold = options.Threshold + 1.0;

        // "Reduce when bad > limit": PyTorch's limit is the patience, Keras's is one less (but at least 0).
        _badReportLimit = options.PatienceMode == PatienceMode.ExceedPatience
            ? options.Patience
            : Math.Max(options.Patience, 1) - 1;
        _baseKnown = options.BaseLearningRate is not null;
        _base = options.BaseLearningRate ?? 1;
        _floor = Floor(options, _base);
        _best = InitialBest;
        _learningRate = _base;
        _scale = 1;
    }

    /// <summary>
    /// Occurs when a report changes <see cref="Scale"/> (a reduction), after the new state is in
    /// place; the arguments are the report that <see cref="Report"/> returns.
    /// </summary>
    public event EventHandler<ControllerReport>? Changed;

    /// <summary>Gets the options the controller was built with.</summary>
    public ReduceOnPlateauOptions Options => _options;

    /// <summary>Gets the multiplier of the learning rate: <c>LearningRate / BaseLearningRate</c>, 1 until the first reduction.</summary>
    public double Scale => _scale;

    /// <summary>
    /// Gets the learning rate the scale multiplies, against which <c>MinLearningRate</c> and <c>Epsilon</c> are
    /// measured: <see cref="ReduceOnPlateauOptions.BaseLearningRate"/> when set; otherwise the fixed learning rate
    /// of the group the controller was first attached to, or 1 when that group follows a schedule or before any attachment.
    /// </summary>
    public double BaseLearningRate => _base;

    /// <summary>
    /// Gets the reference learning rate <c>BaseLearningRate·Scale</c>, as PyTorch's <c>group["lr"]</c>
    /// would be after the same reports (bit for bit when the base learning rate is constant).
    /// </summary>
    public double LearningRate => _learningRate;

    /// <summary>Gets the best metric so far (PyTorch <c>best</c>): +∞ (minimize) or −∞ (maximize) before the first improvement; never NaN.</summary>
    public double Best => _best;

    /// <summary>Gets the number of consecutive bad reports counted since the last improvement, reduction or cooldown (PyTorch <c>num_bad_epochs</c>).</summary>
    public int BadReports => _badReports;

    /// <summary>Gets the number of reports the cooldown still lasts (PyTorch <c>cooldown_counter</c>).</summary>
    public int CooldownRemaining => _cooldownRemaining;

    /// <summary>Gets the number of reports received (PyTorch <c>last_epoch</c>).</summary>
    public long ReportCount => _reportCount;

    private double InitialBest => _minimize ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>
    /// Feeds the controller one value of the monitored metric (PyTorch <c>scheduler.step(metric)</c>)
    /// and applies the reduce-on-plateau rule. Allocates nothing.
    /// </summary>
    /// <param name="metric">The metric, for example the validation loss. NaN counts as a bad report; ±∞ compare as numbers.</param>
    /// <returns>What was decided: <see cref="ControllerReason.Improved"/>, <see cref="ControllerReason.NotImproved"/>, <see cref="ControllerReason.Cooldown"/>, <see cref="ControllerReason.Reduced"/> or <see cref="ControllerReason.AtMinimum"/>.</returns>
    /// <exception cref="InvalidOperationException">A <see cref="Training.TrainingMonitor"/> feeds this controller (<see cref="Training.TrainingMonitor.FeedPlateauController"/>): reporting by hand as well would count each epoch twice.</exception>
    public ControllerReport Report(double metric)
    {
        if (_feeder is not null)
        {
            throw new InvalidOperationException(
                "A TrainingMonitor already reports every epoch's monitored loss to this controller (FeedPlateauController), so a report by hand would count the epoch twice; either let the monitor feed it or call Report yourself, not both.");
        }

        return ReportCore(metric);
    }

    /// <summary>Makes <paramref name="feeder"/> the only source of reports, so that <see cref="Report"/> throws.</summary>
    /// <exception cref="InvalidOperationException">Another feeder, or the same one, already reports to this controller.</exception>
    internal void AttachFeeder(object feeder)
    {
        if (Interlocked.CompareExchange(ref _feeder, feeder, null) is not null)
        {
            throw new InvalidOperationException(
                "A TrainingMonitor already feeds this controller; a second feed would count each epoch twice.");
        }
    }

    /// <summary>Releases the controller from <paramref name="feeder"/>, so that it can be reported to by hand or fed again.</summary>
    internal void DetachFeeder(object feeder) => Interlocked.CompareExchange(ref _feeder, null, feeder);

    /// <summary>Applies one report; the feeder calls this, <see cref="Report"/> after checking that there is none.</summary>
    internal ControllerReport ReportCore(double metric)
    {
        var step = _reportCount;
        var oldScale = _scale;
        ControllerReason reason;
        if (IsImprovement(metric))
        {
            _best = metric;
            _badReports = 0;
            reason = ControllerReason.Improved;
        }
        else
        {
            // Saturate rather than wrap: with Patience = int.MaxValue the count could otherwise overflow.
            if (_badReports < int.MaxValue)
            {
                _badReports++;
            }

            reason = ControllerReason.NotImproved;
        }

        if (_cooldownRemaining > 0)
        {
            _cooldownRemaining--;
            _badReports = 0;
            if (reason == ControllerReason.NotImproved)
            {
                reason = ControllerReason.Cooldown;
            }
        }

        if (_badReports > _badReportLimit)
        {
            var newLearningRate = Math.Max(_learningRate * _options.Factor, _floor);
            if (_learningRate - newLearningRate > _options.Epsilon)
            {
                _learningRate = newLearningRate;
                _scale = newLearningRate / _base;
                reason = ControllerReason.Reduced;
            }
            else
            {
                reason = ControllerReason.AtMinimum;
            }

            _cooldownRemaining = _options.Cooldown;
            _badReports = 0;
        }

        _reportCount = step + 1;
        var report = new ControllerReport(step, metric, oldScale, _scale, reason, RejectStep: false);
        if (reason == ControllerReason.Reduced)
        {
            Changed?.Invoke(this, report);
        }

        return report;
    }

    /// <inheritdoc/>
    string ICheckpointedController.Kind => "reduce-on-plateau";

    /// <inheritdoc/>
    void ICheckpointedController.WriteState(CheckpointWriter writer)
    {
        var state = CaptureState();
        writer.WriteInt64(state.ReportCount);
        writer.WriteDouble(state.Best);
        writer.WriteInt32(state.BadReports);
        writer.WriteInt32(state.CooldownRemaining);
        writer.WriteDouble(state.LearningRate);
    }

    /// <inheritdoc/>
    Action ICheckpointedController.ReadState(ref CheckpointReader reader, string where)
    {
        var state = new ReduceOnPlateauState(
            reader.ReadInt64("a plateau report count"),
            reader.ReadDouble("a plateau best metric"),
            reader.ReadInt32("a plateau bad-report count"),
            reader.ReadInt32("a plateau cooldown"),
            reader.ReadDouble("a plateau learning rate"));
        BindingCodec.ValidateControllerState(CaptureState(), state, RestoreState, where);
        return () => RestoreState(state);
    }

    /// <summary>Captures the mutable state, for a checkpoint.</summary>
    /// <returns>The state; with the same options, <see cref="RestoreState"/> brings a controller back to exactly this point.</returns>
    internal ReduceOnPlateauState CaptureState() =>
        new(_reportCount, _best, _badReports, _cooldownRemaining, _learningRate);

    /// <summary>
    /// Restores state captured by <see cref="CaptureState"/> from a controller built with the same
    /// options, bit for bit: the scale is recomputed from the learning rate by the same division.
    /// Nothing changes when the state is invalid for these options.
    /// </summary>
    /// <param name="state">The saved state.</param>
    /// <exception cref="ArgumentOutOfRangeException">A field of <paramref name="state"/> is outside what these options can produce (the message names it).</exception>
    internal void RestoreState(ReduceOnPlateauState state)
    {
        if (state.ReportCount < 0)
        {
            ThrowState(nameof(state.ReportCount), state.ReportCount, "must be >= 0");
        }

        if (double.IsNaN(state.Best))
        {
            ThrowState(nameof(state.Best), state.Best, "must not be NaN");
        }

        if (state.BadReports < 0 || state.BadReports > _badReportLimit)
        {
            ThrowState(nameof(state.BadReports), state.BadReports, $"must be in [0, {_badReportLimit}]");
        }

        if (state.CooldownRemaining < 0 || state.CooldownRemaining > _options.Cooldown)
        {
            ThrowState(nameof(state.CooldownRemaining), state.CooldownRemaining, $"must be in [0, {_options.Cooldown}]");
        }

        if (!(state.LearningRate >= _floor && state.LearningRate <= _base))
        {
            ThrowState(nameof(state.LearningRate), state.LearningRate, $"must be in [{_floor}, {_base}]");
        }

        _reportCount = state.ReportCount;
        _best = state.Best;
        _badReports = state.BadReports;
        _cooldownRemaining = state.CooldownRemaining;
        _learningRate = state.LearningRate;
        _scale = state.LearningRate / _base;
    }

    /// <inheritdoc/>
    void IGroupAttachedController.Attach(double? fixedLearningRate)
    {
        // A group at rate 0 has nothing to cut: it teaches no base.
        var groupBase = fixedLearningRate ?? 1;
        lock (_attachLock)
        {
            if (_options.BaseLearningRate is null && groupBase > 0)
            {
                if (_attachments > 0 && _baseKnown && groupBase != _base)
                {
                    Guard.ThrowArgument(
                        "controller",
                        $"This ReduceOnPlateau already serves a group whose base learning rate is {_base}; this group's is {groupBase}{(fixedLearningRate is null ? " (a schedule: the controller then works in units of the multiplier)" : string.Empty)}. Its MinLearningRate and Epsilon cannot be absolute for both: attach one controller per group, or set ReduceOnPlateauOptions.BaseLearningRate.");
                }

                if (!_baseKnown)
                {
                    if (_options.MinLearningRate > groupBase)
                    {
                        Guard.ThrowArgument("controller", $"MinLearningRate ({_options.MinLearningRate}) exceeds the group's learning rate ({groupBase}), so the controller could only raise it.");
                    }

                    _base = groupBase;
                    _baseKnown = true;
                    _floor = Floor(_options, groupBase);
                    _learningRate = groupBase * _scale;
                }
            }

            _attachments++;
        }
    }

    /// <inheritdoc/>
    void IGroupAttachedController.Detach()
    {
        lock (_attachLock)
        {
            _attachments = Math.Max(0, _attachments - 1);
        }
    }

    private static double Floor(ReduceOnPlateauOptions options, double baseLearningRate) =>
        Math.Max(options.MinLearningRate, options.MinScale * baseLearningRate);

    private static void ThrowState(string field, double value, string rule) =>
        Guard.ThrowOutOfRange("state", value, $"(field {field}) {rule}");

    private bool IsImprovement(double metric)
    {
        var best = _best;
        switch (_thresholdMode)
        {
            case PlateauThresholdMode.Relative:
                return _minimize ? metric < best * _oneMinusThreshold : metric > best * _onePlusThreshold;
            case PlateauThresholdMode.Absolute:
                return _minimize ? metric < best - _threshold : metric > best + _threshold;
            default:
                // best ∓ threshold·|best|, written as a product on the side of the sign because at the
                // initial best = ±∞ the difference form gives ∞ − ∞ = NaN, which nothing would beat.
                if (_minimize)
                {
                    return metric < best * (best >= 0 ? _oneMinusThreshold : _onePlusThreshold);
                }

                return metric > best * (best >= 0 ? _onePlusThreshold : _oneMinusThreshold);
        }
    }
}
