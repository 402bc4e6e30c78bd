namespace LearningRate.Schedules;

/// <summary>Any <see cref="ILearningRateSchedule"/>, made composable.</summary>
internal sealed class AdapterSchedule(ILearningRateSchedule inner) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "adapter";

    private protected override double Evaluate(long step) => inner.At(step);
}
