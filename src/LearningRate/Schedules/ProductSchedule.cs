namespace LearningRate.Schedules;

/// <summary><c>left(t)·right(t)</c>.</summary>
internal sealed class ProductSchedule(Schedule left, ILearningRateSchedule right) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "product";

    private protected override double Evaluate(long step) => left.At(step) * right.At(step);
}
