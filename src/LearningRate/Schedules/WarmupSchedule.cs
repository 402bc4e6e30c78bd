namespace LearningRate.Schedules;

/// <summary>
/// A linear warmup of W steps: step k &lt; W uses <c>from + (to − from)·k/(W − 1)</c>, so the last warmup step
/// (W − 1) already uses <c>to</c>; horizon W, where <c>to</c> is held (and where <c>Then</c> hands over).
/// </summary>
internal sealed class WarmupSchedule : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "warmup";

    private readonly double _from;
    private readonly double _to;
    private readonly long _steps;

    public WarmupSchedule(double from, double to, long steps)
        : base(steps, AfterEnd.Hold)
    {
        _from = from;
        _to = to;
        _steps = steps;
    }

    // The last warmup step returns `to` itself, not a rounded product, so the hand-over is seamless.
    private protected override double Evaluate(long step) =>
        step >= _steps - 1 ? _to : _from + ((_to - _from) * step / (_steps - 1));
}
