namespace LearningRate.Schedules;

/// <summary><c>η(t) = value</c>.</summary>
internal sealed class ConstantSchedule(double value) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "constant";

    private protected override double Evaluate(long step) => value;
}
