namespace LearningRate.Schedules;

/// <summary><c>factor·inner(t)</c>; the momentum companion is the inner one.</summary>
internal sealed class ScaledSchedule(Schedule inner, double factor) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "scaled";

    public override Schedule? Momentum => inner.Momentum;

    private protected override long HorizonCore => inner.Horizon ?? long.MaxValue;

    private protected override double Evaluate(long step) => inner.At(step) * factor;
}
