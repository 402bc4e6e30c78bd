using LearningRate.Kernels.Simd;
using LearningRate.Tests.Kernels.Simd;

namespace LearningRate.Tests.Numerics;

/// <summary>
/// Stochastic rounding to Half and bfloat16: unbiased (the mean of many roundings of x is x, within five standard
/// errors, and each result is one of x's two neighbours), exact values unchanged, and the same bits for the same
/// (seed, counter, element) whatever the span's chunking; every width's bits are checked in
/// <see cref="Float16ConversionTests"/>.
/// </summary>
public class StochasticRoundingTests
{
    private const int Samples = 100_000;

    public static TheoryData<double> BFloat16Values() =>
    [
        1 + (0.3 * Math.ScaleB(1, -7)),          // 0.3 of a unit in the last place above 1
        -(3 + (0.9 * Math.ScaleB(1, -6))),       // negative, near the upper neighbour
        1e-3 + 1e-7,
        Math.ScaleB(0.37, -130),                 // among bfloat16's subnormals
        3.3e38,                                  // below the largest finite value
    ];

    public static TheoryData<double> HalfValues() =>
    [
        1 + (0.3 * Math.ScaleB(1, -10)),
        -(1000 + 0.7),
        Math.ScaleB(5.25, -24),                  // among Half's subnormals
        Math.ScaleB(0.2, -24),                   // below the smallest subnormal
        -Math.ScaleB(1.5, -26),
        65510,                                   // between the largest finite Half and 2¹⁶
    ];

    [Theory]
    [MemberData(nameof(BFloat16Values))]
    public void BFloat16_IsUnbiased(double x) =>
        AssertUnbiased(x, BFloat16Neighbours(x), values =>
        {
            var rounded = new BFloat16[values.Length];
            ReducedPrecision.NarrowStochastic(values, rounded, seed: 42, counter: 7);
            return [.. rounded.Select(r => (double)r)];
        });

    [Theory]
    [MemberData(nameof(HalfValues))]
    public void Half_IsUnbiased(double x) =>
        AssertUnbiased(x, HalfNeighbours(x), values =>
        {
            var rounded = new Half[values.Length];
            ReducedPrecision.NarrowStochastic(values, rounded, seed: 42, counter: 7);

            // ∞ is the neighbour above the largest finite Half: count it as 2¹⁶.
            return [.. rounded.Select(r => Half.IsInfinity(r) ? Math.CopySign(65536, (double)r) : (double)r)];
        });

    [Fact]
    public void ExactValues_PassThroughUnchanged_AndNaNIsQuieted()
    {
        var patterns = Enumerable.Range(0, 1 << 16).Select(b => (ushort)b).ToArray();
        var halves = patterns.Select(b => (float)BitConverter.UInt16BitsToHalf(b)).ToArray();
        var bfloats = patterns.Select(b => (float)BFloat16.FromBits(b)).ToArray();
        var toHalf = new Half[halves.Length];
        var toBFloat16 = new BFloat16[bfloats.Length];
        for (var counter = 0; counter < 3; counter++)
        {
            ReducedPrecision.NarrowStochastic(halves, toHalf, seed: 5, counter);
            ReducedPrecision.NarrowStochastic(bfloats, toBFloat16, seed: 5, counter);
            for (var i = 0; i < patterns.Length; i++)
            {
                BitConverter.HalfToUInt16Bits(toHalf[i]).Should().Be(BitConverter.HalfToUInt16Bits((Half)halves[i]), $"Half 0x{i:X4}");
                toBFloat16[i].ToBits().Should().Be(((BFloat16)bfloats[i]).ToBits(), $"bfloat16 0x{i:X4}");
            }
        }
    }

    [Fact]
    public void SameSeedCounterAndElement_GiveTheSameBits_WhateverTheChunking()
    {
        var values = Float16ConversionTests.SmallFloats(5000, seed: 11);
        var whole = new BFloat16[values.Length];
        ReducedPrecision.NarrowStochastic(values, whole, seed: 99, counter: 1234);
        var key = StochasticBits.Key(99, 1234);
        var pieces = new BFloat16[values.Length];
        var start = 0;
        foreach (var length in new[] { 1, 15, 16, 17, 1000, 3951 })
        {
            ReducedPrecision.NarrowStochastic<BFloat16>(values.AsSpan(start, length), pieces.AsSpan(start, length), key, (nuint)start);
            start += length;
        }

        pieces.Select(p => p.ToBits()).Should().Equal(whole.Select(w => w.ToBits()));

        var again = new BFloat16[values.Length];
        ReducedPrecision.NarrowStochastic(values, again, seed: 99, counter: 1234);
        again.Should().Equal(whole);
        ReducedPrecision.NarrowStochastic(values, again, seed: 99, counter: 1235);
        Differences(again, whole).Should().BeGreaterThan(1000, "another counter draws other bits");
        ReducedPrecision.NarrowStochastic(values, again, seed: 100, counter: 1234);
        Differences(again, whole).Should().BeGreaterThan(1000, "another seed draws other bits");
    }

    /// <summary>
    /// Rounds <see cref="Samples"/> copies of x: every result is one of x's neighbours a &lt; x &lt; b, and the mean is
    /// within five standard errors (b − a)·√(p(1 − p)/n) of x, p = (x − a)/(b − a).
    /// </summary>
    private static void AssertUnbiased(double x, (double Below, double Above) neighbours, Func<float[], double[]> round)
    {
        var single = (float)x;
        var (a, b) = neighbours;
        var exact = (double)single;
        var p = (Math.Abs(exact) - Math.Abs(a)) / (Math.Abs(b) - Math.Abs(a));
        var results = round(Enumerable.Repeat(single, Samples).ToArray());
        results.Should().OnlyContain(r => r == a || r == b, $"x = {exact:R} rounds to {a:R} or {b:R}");
        var mean = results.Average();
        var standardError = Math.Abs(b - a) * Math.Sqrt(p * (1 - p) / Samples);
        Math.Abs(mean - exact).Should().BeLessThan(5 * standardError, $"x = {exact:R}, p = {p}");
    }

    /// <summary>The bfloat16 values on either side of x (toward zero first), from the definition.</summary>
    private static (double Below, double Above) BFloat16Neighbours(double x)
    {
        var single = (double)(float)x;
        var magnitude = Math.Abs(single);
        var bits = Float16Reference.Round(magnitude);
        if (Float16Reference.Value(bits) > magnitude)
        {
            bits--;
        }

        return (Math.Sign(single) * Float16Reference.Value(bits), Math.Sign(single) * Float16Reference.Value((ushort)(bits + 1)));
    }

    /// <summary>The Half values on either side of x (toward zero first), 2¹⁶ standing for ∞ above the largest.</summary>
    private static (double Below, double Above) HalfNeighbours(double x)
    {
        var single = (float)x;
        var sign = Math.Sign(single);
        var magnitude = Math.Abs(single);
        var lower = 0;
        while (lower < 0x7BFF && (float)BitConverter.UInt16BitsToHalf((ushort)(lower + 1)) <= magnitude)
        {
            lower++;
        }

        var below = (double)BitConverter.UInt16BitsToHalf((ushort)lower);
        var above = lower == 0x7BFF ? 65536 : (double)BitConverter.UInt16BitsToHalf((ushort)(lower + 1));
        return (sign * below, sign * above);
    }

    private static int Differences(BFloat16[] a, BFloat16[] b) => Enumerable.Range(0, a.Length).Count(i => a[i].ToBits() != b[i].ToBits());
}
