namespace LearningRate.Schedules;

/// <summary>A user function of the step; <see cref="Schedule.At"/> checks its values.</summary>
internal sealed class FunctionSchedule(Func<long, double> function) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "function";

    private protected override double Evaluate(long step) => function(step);
}
