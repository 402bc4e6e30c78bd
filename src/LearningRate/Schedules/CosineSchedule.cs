namespace LearningRate.Schedules;

/// <summary>
/// <c>η(t) = η_min + (η₀ − η_min)(1 + cos(πt/T))/2</c>, in PyTorch's order of operations; horizon T. Continued,
/// the formula is PyTorch's CosineAnnealingLR past T_max (period 2T).
/// </summary>
internal sealed class CosineSchedule : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "cosine";

    private readonly double _learningRate;
    private readonly long _steps;
    private readonly double _minimum;

    public CosineSchedule(double learningRate, long steps, double minimum, AfterEnd afterEnd)
        : base(steps, afterEnd)
    {
        _learningRate = learningRate;
        _steps = steps;
        _minimum = minimum;
    }

    private protected override double Evaluate(long step) =>
        _minimum + ((_learningRate - _minimum) * (1 + Math.Cos(Math.PI * step / _steps)) / 2);
}
