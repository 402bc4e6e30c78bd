namespace LearningRate.Schedules;

/// <summary><c>η(t) = η₀·γ^(t/T)</c>, the exponent floored when staircase.</summary>
internal sealed class ExponentialSchedule(double learningRate, double gamma, long transitionSteps, bool staircase) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "exponential";

    private protected override double Evaluate(long step)
    {
        var exponent = staircase ? step / transitionSteps : (double)step / transitionSteps;
        return learningRate * Math.Pow(gamma, exponent);
    }
}
