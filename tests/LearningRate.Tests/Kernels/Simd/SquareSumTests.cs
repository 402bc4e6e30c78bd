using LearningRate.Kernels.Simd;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Kernels.Simd;

/// <summary>
/// The fixed-order Σx² in double against a plain transcription of its definition (<see cref="SquareSumReference"/>): the same bits at
/// every length 0..300 (every tail of every width), across chunk boundaries, at every start offset, and for NaN,
/// ±∞, huge and subnormal values. CI reruns this with AVX-512, AVX2 and all hardware intrinsics disabled, so every
/// width meets the same expected bits.
/// </summary>
public class SquareSumTests
{
    /// <summary>Values over twelve orders of magnitude: sums in different orders round differently (checked below).</summary>
    private static T[] Spread<T>(Random random, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (var i = 0; i < length; i++)
        {
            var magnitude = Math.Pow(10, (random.NextDouble() * 12) - 6);
            values[i] = T.CreateTruncating((random.NextDouble() < 0.5 ? -1 : 1) * magnitude * (1 + random.NextDouble()));
        }

        return values;
    }

    private static double Definition<T>(ReadOnlySpan<T> values, double total = 0)
        where T : unmanaged, IFloatingPointIeee754<T> => SquareSumReference.Of(values, total);

    private static void ShouldBeSameBits(double actual, double expected, string what) =>
        BitConverter.DoubleToInt64Bits(actual).Should().Be(BitConverter.DoubleToInt64Bits(expected), $"{what}: {actual:R} against {expected:R}");

    [Fact]
    public void EveryLength_0To300_GivesTheBitsOfTheDefinition()
    {
        var random = new Random(11);
        foreach (var length in TestData.Lengths)
        {
            var floats = Spread<float>(random, length);
            var doubles = Spread<double>(random, length);
            ShouldBeSameBits(SquareSum.Of<float>(floats), Definition<float>(floats), $"float, length {length}");
            ShouldBeSameBits(SquareSum.Of<double>(doubles), Definition<double>(doubles), $"double, length {length}");
        }
    }

    [Fact]
    public void TheDataTellsOrdersApart()
    {
        // Guards the test above: with these values, a plain left-to-right sum differs from the definition in its
        // last bits at most lengths, so an implementation that summed in another order would fail it.
        var random = new Random(11);
        var differing = 0;
        foreach (var length in TestData.Lengths)
        {
            var doubles = Spread<double>(random, length);
            _ = Spread<float>(random, length);
            var sequential = 0.0;
            foreach (var x in doubles)
            {
                sequential += x * x;
            }

            differing += sequential != Definition<double>(doubles) ? 1 : 0;
        }

        differing.Should().BeGreaterThan(100);
    }

    [Theory]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    [InlineData((2 * 65_536) + 77)]
    [InlineData(300_007)]
    public void LongSpans_AddTheirChunksInOrder(int length)
    {
        var random = new Random(length);
        var floats = Spread<float>(random, length);
        var doubles = Spread<double>(random, length);
        ShouldBeSameBits(SquareSum.Of<float>(floats), Definition<float>(floats), $"float, length {length}");
        ShouldBeSameBits(SquareSum.Of<double>(doubles), Definition<double>(doubles), $"double, length {length}");
        ShouldBeSameBits(SquareSum.Accumulate<double>(doubles, 0.1), Definition<double>(doubles, 0.1), $"double, length {length}, from 0.1");
    }

    [Fact]
    public void EveryStartOffset_GivesTheBitsOfTheDefinition()
    {
        var random = new Random(12);
        var floats = Spread<float>(random, 400);
        var doubles = Spread<double>(random, 400);
        for (var offset = 0; offset < 16; offset++)
        {
            foreach (var length in new[] { 31, 100, 333 })
            {
                var f = floats.AsSpan(offset, length);
                var d = doubles.AsSpan(offset, length);
                ShouldBeSameBits(SquareSum.Of<float>(f), Definition<float>(f), $"float at offset {offset}, length {length}");
                ShouldBeSameBits(SquareSum.Of<double>(d), Definition<double>(d), $"double at offset {offset}, length {length}");
            }
        }
    }

    [Fact]
    public void ExactCases_GiveTheirClosedForm()
    {
        SquareSum.Of<float>([3, 4]).Should().Be(25);
        SquareSum.Of<double>(Enumerable.Repeat(1.0, 100_003).ToArray()).Should().Be(100_003);
        SquareSum.Of<float>([]).Should().Be(0);

        // float squares are exact in double: 0.1f² is not 0.01, but the double product of the float 0.1f.
        SquareSum.Of<float>([0.1f]).Should().Be((double)0.1f * 0.1f);
        SquareSum.Of<float>([float.Epsilon]).Should().Be((double)float.Epsilon * float.Epsilon);
    }

    [Fact]
    public void HugeFloats_DoNotOverflow()
    {
        // 1,000 × (3.4e38)² = 1.2e80: beyond float, well inside double.
        var values = Enumerable.Repeat(float.MaxValue, 1_000).ToArray();
        var sum = SquareSum.Of<float>(values);
        double.IsFinite(sum).Should().BeTrue();
        ShouldBeSameBits(sum, Definition<float>(values), "1,000 × float.MaxValue");
    }

    [Fact]
    public void HugeDoubles_Overflow_ToPositiveInfinity()
    {
        SquareSum.Of<double>([1e200, -1e200]).Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void ANaNOrInfinityAnywhere_MakesTheSumNaNOrInfinite()
    {
        var random = new Random(13);
        foreach (var length in new[] { 1, 7, 31, 32, 33, 100, 300 })
        {
            for (var position = 0; position < length; position++)
            {
                Check<float>(random, length, position);
                Check<double>(random, length, position);
            }
        }

        static void Check<T>(Random random, int length, int position)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var values = Spread<T>(random, length);
            values[position] = T.NaN;
            double.IsNaN(SquareSum.Of<T>(values)).Should().BeTrue($"{typeof(T).Name}: NaN at {position} of {length}");
            values[position] = T.NegativeInfinity;
            SquareSum.Of<T>(values).Should().Be(double.PositiveInfinity, $"{typeof(T).Name}: −∞ at {position} of {length}");
            values[position] = T.PositiveInfinity;
            values[length - 1 - position] = T.NaN;
            double.IsNaN(SquareSum.Of<T>(values)).Should().Be(true, $"{typeof(T).Name}: +∞ and NaN in {length}");
        }
    }
}
