namespace LearningRate.Schedules;

/// <summary>
/// PyTorch's MultiplicativeLR: <c>η(t) = η₀·Π_{k=1..t} λ(k)</c>, multiplied in PyTorch's order. There is no
/// closed form for an arbitrary λ, so the cost of <see cref="Schedule.At"/> grows linearly with the step.
/// </summary>
internal sealed class MultiplicativeSchedule(double learningRate, Func<long, double> factor) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "multiplicative";

    private protected override double Evaluate(long step)
    {
        var value = learningRate;
        for (long k = 1; k <= step; k++)
        {
            value *= factor(k);
        }

        return value;
    }
}
