namespace LearningRate.Schedules;

/// <summary><c>η(t) = η₀·γ^⌊t/stepSize⌋</c>.</summary>
internal sealed class StepDecaySchedule(double learningRate, long stepSize, double gamma) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "step-decay";

    private protected override double Evaluate(long step) => learningRate * Math.Pow(gamma, step / stepSize);
}
