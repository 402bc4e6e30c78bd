namespace LearningRate.Schedules;

/// <summary>SGDR: cycles of length T₀·m^i, cosine from η₀ (amplitude decayed by d^i) to η_min in each.</summary>
internal sealed class WarmRestartsSchedule(double learningRate, long period, double periodMultiplier, double minimum, double amplitudeDecay) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "warm-restarts";

    private protected override double Evaluate(long step)
    {
        double position, length;
        long cycle;
        if (periodMultiplier == 1)
        {
            cycle = step / period;
            position = step % period;
            length = period;
        }
        else
        {
            // Walk the cycles (logarithmically many) instead of solving with a logarithm, whose rounding
            // can put a restart one step early or late; with integer T_0 and T_mult every sum here is exact.
            double start = 0;
            length = period;
            cycle = 0;
            while (step >= start + length)
            {
                start += length;
                length *= periodMultiplier;
                cycle++;
            }

            position = step - start;
        }

        var amplitude = amplitudeDecay == 1 ? 1 : Math.Pow(amplitudeDecay, cycle);
        return minimum + ((learningRate - minimum) * amplitude * (1 + Math.Cos(Math.PI * position / length)) / 2);
    }
}
