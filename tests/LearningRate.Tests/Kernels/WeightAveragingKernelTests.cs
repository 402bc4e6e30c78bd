using LearningRate.Kernels;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Kernels;

/// <summary>
/// The weight-averaging kernel against a plain scalar transcription of PyTorch's CPU formulas in the same precision
/// (bit for bit, at every length 0..300, at every alignment and on a long span) and against the textbook double
/// formulas (within rounding). CI reruns this with AVX-512, AVX2 and all hardware intrinsics disabled, so every
/// vector width is compared with the same loop.
/// </summary>
public class WeightAveragingKernelTests
{
    /// <summary>Decays on both sides of ATen's lerp branch (|1 − decay| &lt; 0.5 or not) and at its ends.</summary>
    public static TheoryData<double> Decays() => [0.999, 0.9, 0.5000001, 0.5, 0.3, 0, 1];

    [Fact]
    public void Equal_IsBitIdenticalToThePlainLoop_AtEveryLength()
    {
        foreach (var length in TestData.Lengths.Append(100_003))
        {
            EqualMatches<float>(length, 0, averaged: 1);
            EqualMatches<float>(length, 0, averaged: 37);
            EqualMatches<double>(length, 0, averaged: 5);
        }
    }

    [Theory]
    [MemberData(nameof(Decays))]
    public void Exponential_IsBitIdenticalToThePlainLoop_AtEveryLength(double decay)
    {
        foreach (var length in TestData.Lengths.Append(100_003))
        {
            ExponentialMatches<float>(length, 0, decay);
            ExponentialMatches<double>(length, 0, decay);
        }
    }

    /// <summary>300 elements starting at offsets 0..15 of a buffer reach every size of the driver's alignment peel.</summary>
    [Fact]
    public void EveryAlignment_GivesThePlainLoopsBits()
    {
        foreach (var offset in Enumerable.Range(0, 16))
        {
            EqualMatches<float>(300, offset, averaged: 3);
            EqualMatches<double>(300, offset, averaged: 3);
            ExponentialMatches<float>(300, offset, 0.99);
            ExponentialMatches<double>(300, offset, 0.2);
            SwapExchanges<float>(300, offset);
            SwapExchanges<double>(300, offset);
        }
    }

    [Fact]
    public void Swap_ExchangesEveryElement_AtEveryLength()
    {
        foreach (var length in TestData.Lengths)
        {
            SwapExchanges<float>(length, 0);
            SwapExchanges<double>(length, 0);
        }
    }

    /// <summary>The textbook forms, in double: the mean's update a + (p − a)/(n + 1) and decay·a + (1 − decay)·p.</summary>
    [Theory]
    [MemberData(nameof(Decays))]
    public void Double_AgreesWithTheTextbookFormulas(double decay)
    {
        var random = new Random(7);
        var average = TestData.Uniform<double>(random, 301, -3, 3);
        var parameters = TestData.Uniform<double>(random, 301, -3, 3);
        var ema = average.ToArray();
        WeightAveragingKernel.Exponential<double>(ema, parameters, decay);
        var mean = average.ToArray();
        WeightAveragingKernel.Equal<double>(mean, parameters, 4);
        for (var i = 0; i < average.Length; i++)
        {
            ema[i].Should().BeApproximately((decay * average[i]) + ((1 - decay) * parameters[i]), 1e-15 * 4);
            mean[i].Should().BeApproximately(((4 * average[i]) + parameters[i]) / 5, 1e-15 * 4);
        }
    }

    private static void EqualMatches<T>(int length, int offset, long averaged)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (average, parameters) = Inputs<T>(length, offset);
        var expected = average.ToArray();
        var divisor = T.CreateTruncating(averaged + 1);
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = expected[i] + ((parameters[i] - expected[i]) / divisor);
        }

        var before = parameters.ToArray();
        WeightAveragingKernel.Equal<T>(average, parameters, averaged);
        TestData.ShouldHaveSameBits<T>(average, expected, $"SWA {typeof(T).Name} length {length} offset {offset}");
        TestData.ShouldHaveSameBits<T>(parameters, before, "the parameters are only read");
    }

    private static void ExponentialMatches<T>(int length, int offset, double decay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (average, parameters) = Inputs<T>(length, offset);
        var expected = average.ToArray();
        var weight = T.CreateTruncating(1 - decay);
        for (var i = 0; i < expected.Length; i++)
        {
            // ATen's vector lerp: one fused multiply-add from the nearer end.
            var difference = parameters[i] - expected[i];
            expected[i] = T.Abs(weight) < T.CreateTruncating(0.5)
                ? T.FusedMultiplyAdd(weight, difference, expected[i])
                : T.FusedMultiplyAdd(weight - T.One, difference, parameters[i]);
        }

        var before = parameters.ToArray();
        WeightAveragingKernel.Exponential<T>(average, parameters, decay);
        TestData.ShouldHaveSameBits<T>(average, expected, $"EMA {decay} {typeof(T).Name} length {length} offset {offset}");
        TestData.ShouldHaveSameBits<T>(parameters, before, "the parameters are only read");
    }

    private static void SwapExchanges<T>(int length, int offset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (average, parameters) = Inputs<T>(length, offset);
        var (a, p) = (average.ToArray(), parameters.ToArray());
        WeightAveragingKernel.Swap<T>(average, parameters);
        TestData.ShouldHaveSameBits<T>(average, p, $"swap {typeof(T).Name} length {length} offset {offset}");
        TestData.ShouldHaveSameBits<T>(parameters, a, $"swap {typeof(T).Name} length {length} offset {offset}");
    }

    /// <summary>Seeded spans of <paramref name="length"/> elements at <paramref name="offset"/> of their buffers.</summary>
    private static (ArraySegment<T> Average, ArraySegment<T> Parameters) Inputs<T>(int length, int offset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random((length * 31) + offset);
        var average = new ArraySegment<T>(TestData.Uniform<T>(random, length + offset, -2, 2), offset, length);
        var parameters = new ArraySegment<T>(TestData.Uniform<T>(random, length + 15, -2, 2), 15 - offset, length);
        return (average, parameters);
    }
}
