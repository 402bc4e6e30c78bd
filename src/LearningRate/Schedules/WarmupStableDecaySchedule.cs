namespace LearningRate.Schedules;

/// <summary>Linear warmup from the minimum, a stable peak, then a linear, cosine or 1-sqrt decay to the minimum; horizon W + S + D.</summary>
internal sealed class WarmupStableDecaySchedule(double learningRate, long warmupSteps, long stableSteps, long decaySteps, Annealing decay, double minimum, AfterEnd afterEnd)
    : Schedule(warmupSteps + stableSteps + decaySteps, afterEnd)
{
    /// <inheritdoc/>
    internal override string Kind => "warmup-stable-decay";

    private protected override double Evaluate(long step)
    {
        double fraction;
        if (step < warmupSteps)
        {
            fraction = (double)step / warmupSteps;
        }
        else if (step < warmupSteps + stableSteps)
        {
            fraction = 1;
        }
        else
        {
            // Past the horizon (Continue) the decay is complete: the minimum, as HF returns.
            var progress = Math.Min(1.0, (double)(step - warmupSteps - stableSteps) / decaySteps);
            fraction = decay switch
            {
                Annealing.Linear => 1 - progress,
                Annealing.OneMinusSqrt => 1 - Math.Sqrt(progress),
                _ => 0.5 * (1 + Math.Cos(Math.PI * progress)),
            };
        }

        return minimum + ((learningRate - minimum) * fraction);
    }
}
