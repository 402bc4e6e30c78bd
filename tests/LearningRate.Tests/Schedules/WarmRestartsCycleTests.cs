using LearningRate.Schedules;

namespace LearningRate.Tests.Schedules;

/// <summary>
/// Warm restarts find the cycle of any step in bounded time, for every period multiplier, and give exactly the
/// values of the walk over the cycles (start ← start + length; length ← length·m) wherever that walk is exact.
/// </summary>
public class WarmRestartsCycleTests
{
    private const double LearningRate = 1, Minimum = 0.01, Decay = 0.9;

    /// <summary>The cycles the exact region covers: beyond this many, the closed form takes over (see the schedule).</summary>
    private const int ExactCycles = 65536;

    private const double TwoTo63 = 9223372036854775808.0;

    public static TheoryData<long, double> Configurations()
    {
        var data = new TheoryData<long, double>();
        foreach (var period in new long[] { 1, 3, 10, 1000, 123457 })
        {
            foreach (var multiplier in new[] { 1, 2, 3, 1.5, 1.1, 1.001, 1 + 1e-6, 1 + 1e-9, 1 + 1e-12, 1 + Math.BitIncrement(1.0) - 1, 7.25 })
            {
                data.Add(period, multiplier);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void MatchesTheWalkOverTheCycles_BitForBit(long period, double multiplier)
    {
        var schedule = Schedule.CosineWarmRestarts(LearningRate, period, multiplier, Minimum, Decay);
        var starts = Starts(period, multiplier);
        var random = new Random(7);
        var steps = new List<long> { 0, 1, period - 1, period, long.MaxValue / 2 };
        foreach (var (start, index) in starts.Select((s, i) => (s, i)))
        {
            if (index < 40 || index % 997 == 0 || index == starts.Count - 1)
            {
                steps.AddRange([Step(start) - 1, Step(start), Step(start) + 1]);
            }
        }

        var covered = starts[^1];
        for (var k = 0; k < 60; k++)
        {
            steps.Add(Step(random.NextDouble() * Math.Min(covered, 9e18)));
        }

        foreach (var step in steps.Where(s => s >= 0 && (s < covered || covered >= TwoTo63)))
        {
            schedule.At(step).Should().Be(Walk(period, multiplier, step), $"T0 = {period}, m = {multiplier:R}, t = {step}");
        }
    }

    [Theory]
    [InlineData(1, 1 + 1e-9)]
    [InlineData(7, 1 + 1e-9)]
    [InlineData(1, 1 + 1e-12)]
    [InlineData(3, 1 + 1e-6)]
    [InlineData(1000, 1 + 1e-6)]
    [InlineData(2, 1.0001)]
    public void BeyondTheExactRegion_FollowsTheRealCycles(long period, double multiplier)
    {
        // Without amplitude decay: d^i for i > 65536 cycles is 0 for any d < 1 and would hide the position in the cycle.
        var schedule = Schedule.CosineWarmRestarts(LearningRate, period, multiplier, Minimum);
        var walkEnd = (long)Math.Ceiling(Starts(period, multiplier)[^1]);
        var steps = new List<long> { (ExactCycles * period) + 1000, 3 * ExactCycles * period, 1_000_003 * period, walkEnd, walkEnd + 1, walkEnd + 1000 };
        var random = new Random(29);
        for (var k = 0; k < 8; k++)
        {
            steps.Add(random.NextInt64(walkEnd, 4 * walkEnd));
        }

        foreach (var step in steps.Where(s => s >= walkEnd))
        {
            var (_, position, length) = Reference(period, multiplier, step);
            var expected = Minimum + ((LearningRate - Minimum) * (1 + Math.Cos(Math.PI * position / length)) / 2);
            schedule.At(step).Should().BeApproximately(expected, 1e-9, $"T0 = {period}, m = {multiplier:R}, t = {step}");
        }
    }

    [Theory]
    [InlineData(1 + 1e-12)]
    [InlineData(1 + 1e-9)]
    [InlineData(1.0000000000000002)]
    [InlineData(1.5)]
    public void ReturnsForHugeSteps_WithAValueInRange(double multiplier)
    {
        foreach (var period in new long[] { 1, 1000 })
        {
            var schedule = Schedule.CosineWarmRestarts(LearningRate, period, multiplier, Minimum, Decay);
            foreach (var step in new[] { 1_000_000_000_000_000L, 1L << 62, long.MaxValue })
            {
                schedule.At(step).Should().BeInRange(0, LearningRate, $"T0 = {period}, m = {multiplier:R}, t = {step}");
            }
        }
    }

    /// <summary>The value as the walk over the cycles computes it, transcribed.</summary>
    private static double Walk(long period, double multiplier, long step)
    {
        double position, length;
        long cycle;
        if (multiplier == 1)
        {
            cycle = step / period;
            position = step % period;
            length = period;
        }
        else
        {
            double start = 0;
            length = period;
            cycle = 0;
            while (step >= start + length)
            {
                start += length;
                length *= multiplier;
                cycle++;
            }

            position = step - start;
        }

        var amplitude = Math.Pow(Decay, cycle);
        return Minimum + ((LearningRate - Minimum) * amplitude * (1 + Math.Cos(Math.PI * position / length)) / 2);
    }

    /// <summary>The walk's restart steps (as doubles) over the exact region, the last one being where it ends.</summary>
    private static List<double> Starts(long period, double multiplier)
    {
        var starts = new List<double> { 0 };
        if (multiplier == 1)
        {
            starts.Add(TwoTo63);
            return starts;
        }

        double start = 0, length = period;
        while (starts.Count <= ExactCycles && start < TwoTo63)
        {
            start += length;
            length *= multiplier;
            starts.Add(start);
        }

        return starts;
    }

    private static long Step(double value) => value >= TwoTo63 ? long.MaxValue : (long)value;

    /// <summary>The cycle, position and length of <paramref name="step"/> with the cycle lengths summed in decimal (28 digits).</summary>
    private static (long Cycle, double Position, double Length) Reference(long period, double multiplier, long step)
    {
        // m − 1 is exact in double: k·2⁻⁵². Dividing by 2⁵² in decimal keeps it to 28 decimal places (a literal
        // for 2⁻⁵² would be cut to 28 places, 13 digits, and drift by 1e-7 steps over a million cycles).
        var k = (long)Math.ScaleB(multiplier - 1, 52);
        var growth = 1 + (k / 4503599627370496m);
        decimal start = 0, length = period;
        long cycle = 0;
        while (step >= start + length)
        {
            start += length;
            length *= growth;
            cycle++;
        }

        return (cycle, (double)(step - start), (double)length);
    }
}
