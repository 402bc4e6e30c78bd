namespace LearningRate.Schedules;

/// <summary><c>η(t) = (η₀ − end)(1 − t/T)^p + end</c>; horizon T, never continued.</summary>
internal sealed class PolynomialSchedule : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "polynomial";

    private readonly double _learningRate;
    private readonly double _end;
    private readonly long _steps;
    private readonly double _power;

    public PolynomialSchedule(double learningRate, double end, long steps, double power, AfterEnd afterEnd)
        : base(steps, afterEnd)
    {
        _learningRate = learningRate;
        _end = end;
        _steps = steps;
        _power = power;
    }

    private protected override double Evaluate(long step) =>
        ((_learningRate - _end) * Math.Pow(1.0 - ((double)step / _steps), _power)) + _end;
}
