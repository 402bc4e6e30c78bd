namespace LearningRate.Schedules;

/// <summary><c>min(max(inner(t), minimum), maximum)</c>; the momentum companion is the inner one.</summary>
internal sealed class ClampedSchedule(Schedule inner, double minimum, double maximum) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "clamped";

    public override Schedule? Momentum => inner.Momentum;

    private protected override long HorizonCore => inner.Horizon ?? long.MaxValue;

    private protected override double Evaluate(long step) => Math.Clamp(inner.At(step), minimum, maximum);
}
