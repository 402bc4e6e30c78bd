namespace LearningRate.Schedules;

/// <summary><c>η(t) = η₀/(1 + k·t/T)</c>, <c>t/T</c> floored when staircase.</summary>
internal sealed class InverseTimeSchedule(double learningRate, double decayRate, long decaySteps, bool staircase) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "inverse-time";

    private protected override double Evaluate(long step)
    {
        var progress = staircase ? step / decaySteps : (double)step / decaySteps;
        return learningRate / (1 + (decayRate * progress));
    }
}
