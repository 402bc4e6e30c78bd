using LearningRate.Schedules;

namespace LearningRate.Tests.Schedules;

/// <summary>
/// Cyclic schedules find the cycle and the position in it with integer arithmetic: PyTorch's values wherever a
/// double holds the step exactly, and the exact position beyond 2⁵³, where dividing a rounded step would drift.
/// </summary>
public class CyclicLargeStepTests
{
    private const double Base = 0.01, Max = 0.1;

    [Theory]
    [InlineData(5, 3)]
    [InlineData(2000, 2000)]
    [InlineData(7, 1)]
    [InlineData(1, 1)]
    [InlineData(123456789, 987654321)]
    public void BelowTwoToThe53_GivesPyTorchsFormula_BitForBit(long up, long down)
    {
        var schedule = Schedule.Cyclic(Base, Max, up, down, CyclicMode.Triangular2, baseMomentum: 0.8, maxMomentum: 0.9);
        var random = new Random(13);
        var steps = new List<long> { 0, 1, up - 1, up, up + 1, up + down, (1L << 53) - 1, 1L << 53, (1L << 53) - up };
        for (var k = 0; k < 300; k++)
        {
            steps.Add(random.NextInt64(k < 150 ? 100_000 : 1L << 53));
        }

        foreach (var step in steps)
        {
            var (height, cycle) = PyTorch(step, up, down);
            schedule.At(step).Should().Be(Base + (height * (Max - Base) * (1 / Math.Pow(2.0, cycle - 1))), $"step {step}");
            schedule.Momentum!.At(step).Should().Be(0.9 - (height * (0.9 - 0.8) * (1 / Math.Pow(2.0, cycle - 1))), $"step {step}");
        }
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(3, 7)]
    [InlineData(1000, 3)]
    [InlineData(2000, 2000)]
    public void AtTwoToThe53_StillGivesPyTorchsFormula_NotTheExactPosition(long up, long down)
    {
        // With no amplitude decay the height shows: at 2⁵³ PyTorch's rounded ramp differs from the exact one for these sizes.
        var schedule = Schedule.Cyclic(Base, Max, up, down, baseMomentum: 0.8, maxMomentum: 0.9);
        foreach (var step in new[] { (1L << 53) - 1, 1L << 53 })
        {
            var (height, _) = PyTorch(step, up, down);
            schedule.At(step).Should().Be(Base + (height * (Max - Base)), $"step {step}");
            schedule.Momentum!.At(step).Should().Be(0.9 - (height * (0.9 - 0.8)), $"step {step}");
        }

        var total = up + down;
        var r = (1L << 53) % total;
        var exact = r <= up ? (double)r / up : (double)(total - r) / down;
        schedule.At(1L << 53).Should().NotBe(Base + (exact * (Max - Base)), "the exact position is used only beyond 2⁵³");
    }

    [Theory]
    [InlineData(1L << 53, 1L << 53)]
    [InlineData(long.MaxValue / 2, 5)]
    public void CycleLengthsBeyondTwoToThe53_GiveACustomScaleTheExactOneBasedCycle(long up, long down)
    {
        // The cycle length alone leaves double arithmetic: every step, small ones too, is placed by integer division.
        double seen = 0;
        var schedule = Schedule.CyclicCustom(Base, Max, c => { seen = c; return 1; }, CyclicScaleMode.Cycle, up, down);
        var total = (ulong)up + (ulong)down;
        foreach (var step in new[] { 0, 5, up, (long)total - 1, (long)total, long.MaxValue })
        {
            schedule.At(step);
            seen.Should().Be((double)(((ulong)step / total) + 1), $"step {step} of cycles of {total} steps");
        }

        schedule.At(5).Should().Be(Base + (5.0 / up * (Max - Base)), "five steps up the first ramp");
    }

    [Theory]
    [InlineData(5, 11)]
    [InlineData(3, 5)]
    [InlineData(512, 512)]
    [InlineData(1, 1)]
    public void AboveTwoToThe53_TheStepTwoToThe60PlusK_IsAtThePositionOfK(long up, long down)
    {
        // up + down divides 2⁶⁰, so 2⁶⁰ + k is k steps into a cycle.
        var schedule = Schedule.Cyclic(Base, Max, up, down);
        for (long k = 0; k < 3 * (up + down); k++)
        {
            schedule.At((1L << 60) + k).Should().Be(schedule.At(k), $"k = {k}");
            schedule.Momentum!.At((1L << 60) + k).Should().Be(schedule.Momentum!.At(k), $"k = {k}");
        }
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(1000, 3)]
    [InlineData(long.MaxValue, long.MaxValue)]
    [InlineData(long.MaxValue / 3, 17)]
    [InlineData(1L << 55, (1L << 55) + 1)]
    public void AnyStep_IsAtItsExactPosition(long up, long down)
    {
        var schedule = Schedule.Cyclic(Base, Max, up, down);
        var total = (System.Numerics.BigInteger)up + down;
        var random = new Random(17);
        var steps = new List<long> { long.MaxValue, long.MaxValue - 1, (1L << 53) + 1, (1L << 62) + 3 };
        for (var k = 0; k < 200; k++)
        {
            steps.Add(random.NextInt64(1L << 53, long.MaxValue));
        }

        foreach (var step in steps)
        {
            var r = (long)(step % total);
            var height = r <= up ? (double)r / up : (double)(total - r) / down;
            schedule.At(step).Should().BeApproximately(Base + (height * (Max - Base)), 1e-15, $"step {step}");
        }
    }

    [Fact]
    public void Triangular2_FarCycles_HaveNoAmplitudeLeft_AndCustomScalesSeeTheExactCycle()
    {
        Schedule.Cyclic(Base, Max, 4, 4, CyclicMode.Triangular2).At((1L << 60) + 4).Should().Be(Base, "the amplitude is 2^-(2⁵⁷) = 0");
        double seen = 0;
        var custom = Schedule.CyclicCustom(Base, Max, c => { seen = c; return 1; }, CyclicScaleMode.Cycle, 3, 5);
        custom.At((1L << 60) + 9);
        seen.Should().Be((double)(((1L << 60) + 9) / 8) + 1, "the 1-based cycle of step 2⁶⁰ + 9, from integer division");
    }

    /// <summary>PyTorch's CyclicLR, transcribed: the step is a Python int converted to float, exactly, below 2⁵³.</summary>
    private static (double Height, double Cycle) PyTorch(long step, long up, long down)
    {
        double totalSize = (double)up + down;
        var stepRatio = up / totalSize;
        var cycle = Math.Floor(1 + (step / totalSize));
        var x = 1.0 + (step / totalSize) - cycle;
        return (x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1), cycle);
    }
}
