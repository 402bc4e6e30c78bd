namespace LearningRate.Schedules;

/// <summary><c>η(t) = from + (to − from)·t/T</c>; horizon T.</summary>
internal sealed class LinearSchedule : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "linear";

    private readonly double _from;
    private readonly double _to;
    private readonly long _steps;

    public LinearSchedule(double from, double to, long steps, AfterEnd afterEnd)
        : base(steps, afterEnd)
    {
        _from = from;
        _to = to;
        _steps = steps;
    }

    private protected override double Evaluate(long step) => _from + ((_to - _from) * step / _steps);
}
