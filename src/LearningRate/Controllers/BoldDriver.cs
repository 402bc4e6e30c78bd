using LearningRate.Checkpoints;
using LearningRate.Internal;

namespace LearningRate.Controllers;

/// <summary>
/// The bold driver (Vogl et al. 1988; Battiti 1989), a loss-feedback multiplier of the learning
/// rate: it grows the rate while the loss keeps falling and cuts it, asking the caller to undo the
/// step, when the loss rises. Meant for full-batch or epoch losses, where a rise is a signal and not noise.
/// </summary>
/// <remarks>
/// <para>With <c>E_ref</c> the loss at the last accepted parameters, each reported loss <c>E</c> gives:</para>
/// <list type="bullet">
/// <item>the first finite loss: it becomes <c>E_ref</c> (<see cref="ControllerReason.Baseline"/>);</item>
/// <item><c>E &lt; E_ref</c>: <c>scale ← min(ρ·scale, MaxScale)</c>, <c>E_ref ← E</c>
/// (<see cref="ControllerReason.Increased"/>, or <see cref="ControllerReason.AtMaximum"/> at the
/// ceiling or where the product would overflow to +∞);</item>
/// <item><c>E_ref ≤ E ≤ E_ref + Tolerance·|E_ref|</c>: the step is kept, <c>E_ref ← E</c>
/// (<see cref="ControllerReason.WithinTolerance"/>);</item>
/// <item>a larger <c>E</c>, or a NaN or infinite one: <c>scale ← max(σ·scale, MinScale)</c>
/// (<see cref="ControllerReason.Reduced"/>); with <see cref="BoldDriverOptions.RejectOnRise"/> the
/// report says <see cref="ControllerReport.RejectStep"/> and <c>E_ref</c> is kept, otherwise
/// <c>E_ref ← E</c> when <c>E</c> is finite.</item>
/// </list>
/// <para>
/// Protocol: report the loss of the starting parameters once; then, each iteration, save the
/// parameters (your own copy, or the optimizer's whole state with <c>optimizer.CaptureSnapshot()</c>), step,
/// evaluate the loss, report it, and if the report says <see cref="ControllerReport.RejectStep"/>, restore what you saved. At the floor a finite
/// rise is accepted (<see cref="ControllerReason.AtMinimum"/> without rejection), so a deterministic
/// loop cannot reject the same step forever; a non-finite loss is always rejected. An instance is not thread-safe.
/// </para>
/// </remarks>
public sealed class BoldDriver : ICheckpointedController
{
    private readonly BoldDriverOptions _options;
    private double _scale = 1;
    private double _referenceLoss = double.NaN;
    private long _reportCount;

    /// <summary>Initializes a bold driver with the default options (see <see cref="BoldDriverOptions"/>).</summary>
    public BoldDriver()
        : this(new BoldDriverOptions())
    {
    }

    /// <summary>Initializes a bold driver with the given options.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public BoldDriver(BoldDriverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>
    /// Occurs when a report changes <see cref="Scale"/> (an increase or a cut), after the new state is
    /// in place; the arguments are the report that <see cref="Report"/> returns.
    /// </summary>
    public event EventHandler<ControllerReport>? Changed;

    /// <summary>Gets the options the bold driver was built with.</summary>
    public BoldDriverOptions Options => _options;

    /// <summary>Gets the multiplier of the learning rate, within [<c>MinScale</c>, <c>MaxScale</c>]; 1 until the first change.</summary>
    public double Scale => _scale;

    /// <summary>Gets the loss at the last accepted parameters, which the next loss is compared with; NaN before the first finite report.</summary>
    public double ReferenceLoss => _referenceLoss;

    /// <summary>Gets the number of reports received.</summary>
    public long ReportCount => _reportCount;

    /// <summary>Feeds the bold driver the loss at the current parameters and applies its rule. Allocates nothing.</summary>
    /// <param name="loss">The loss after the latest step (the first report: at the starting parameters).</param>
    /// <returns>What was decided, including whether the caller should reject the step.</returns>
    public ControllerReport Report(double loss)
    {
        var step = _reportCount;
        var oldScale = _scale;
        ControllerReason reason;
        var reject = false;
        var finite = double.IsFinite(loss);
        if (finite && double.IsNaN(_referenceLoss))
        {
            _referenceLoss = loss;
            reason = ControllerReason.Baseline;
        }
        else if (finite && loss < _referenceLoss)
        {
            // Without a ceiling the product could overflow after thousands of falls; an infinite
            // scale would make the learning rate invalid, so it is treated as the ceiling.
            var raised = Math.Min(_scale * _options.IncreaseFactor, _options.MaxScale);
            if (raised > _scale && double.IsFinite(raised))
            {
                _scale = raised;
                reason = ControllerReason.Increased;
            }
            else
            {
                reason = ControllerReason.AtMaximum;
            }

            _referenceLoss = loss;
        }
        else if (finite && loss <= _referenceLoss + (_options.Tolerance * Math.Abs(_referenceLoss)))
        {
            _referenceLoss = loss;
            reason = ControllerReason.WithinTolerance;
        }
        else
        {
            var cut = Math.Max(_scale * _options.DecreaseFactor, _options.MinScale);
            if (cut < _scale)
            {
                _scale = cut;
                reason = ControllerReason.Reduced;
                reject = _options.RejectOnRise;
            }
            else
            {
                reason = ControllerReason.AtMinimum;
                reject = _options.RejectOnRise && !finite;
            }

            if (!reject && finite)
            {
                _referenceLoss = loss;
            }
        }

        _reportCount = step + 1;
        var report = new ControllerReport(step, loss, oldScale, _scale, reason, reject);
        if (_scale != oldScale)
        {
            Changed?.Invoke(this, report);
        }

        return report;
    }

    /// <inheritdoc/>
    string ICheckpointedController.Kind => "bold-driver";

    /// <inheritdoc/>
    void ICheckpointedController.WriteState(CheckpointWriter writer)
    {
        var state = CaptureState();
        writer.WriteInt64(state.ReportCount);
        writer.WriteDouble(state.Scale);
        writer.WriteDouble(state.ReferenceLoss);
    }

    /// <inheritdoc/>
    Action ICheckpointedController.ReadState(ref CheckpointReader reader, string where)
    {
        var state = new BoldDriverState(
            reader.ReadInt64("a bold-driver report count"),
            reader.ReadDouble("a bold-driver scale"),
            reader.ReadDouble("a bold-driver reference loss"));
        BindingCodec.ValidateControllerState(CaptureState(), state, RestoreState, where);
        return () => RestoreState(state);
    }

    /// <summary>Captures the mutable state, for a checkpoint.</summary>
    /// <returns>The state; with the same options, <see cref="RestoreState"/> brings a bold driver back to exactly this point.</returns>
    internal BoldDriverState CaptureState() => new(_reportCount, _scale, _referenceLoss);

    /// <summary>
    /// Restores state captured by <see cref="CaptureState"/> from a bold driver built with the same
    /// options, bit for bit. Nothing changes when the state is invalid for these options.
    /// </summary>
    /// <param name="state">The saved state.</param>
    /// <exception cref="ArgumentOutOfRangeException">A field of <paramref name="state"/> is outside what these options can produce (the message names it).</exception>
    internal void RestoreState(BoldDriverState state)
    {
        if (state.ReportCount < 0)
        {
            ThrowState(nameof(state.ReportCount), state.ReportCount, "must be >= 0");
        }

        if (!(state.Scale >= _options.MinScale && state.Scale <= _options.MaxScale) || double.IsInfinity(state.Scale))
        {
            ThrowState(nameof(state.Scale), state.Scale, $"must be finite and in [{_options.MinScale}, {_options.MaxScale}]");
        }

        if (double.IsInfinity(state.ReferenceLoss))
        {
            ThrowState(nameof(state.ReferenceLoss), state.ReferenceLoss, "must be finite, or NaN for none");
        }

        _reportCount = state.ReportCount;
        _scale = state.Scale;
        _referenceLoss = state.ReferenceLoss;
    }

    private static void ThrowState(string field, double value, string rule) =>
        Guard.ThrowOutOfRange("state", value, $"(field {field}) {rule}");
}
