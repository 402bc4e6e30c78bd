namespace LearningRate.Schedules;

/// <summary><c>η(t) = η₀/√((t + τ)/τ)</c>, HF's <c>inverse_sqrt</c> order of operations.</summary>
internal sealed class InverseSqrtSchedule(double learningRate, long timescale) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "inverse-sqrt";

    private protected override double Evaluate(long step) => learningRate * (1.0 / Math.Sqrt(((double)step + timescale) / timescale));
}
