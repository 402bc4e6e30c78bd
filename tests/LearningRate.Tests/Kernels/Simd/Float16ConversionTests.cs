using System.Runtime.CompilerServices;
using LearningRate.Kernels.Simd;
using LearningRate.Tests.Numerics;

namespace LearningRate.Tests.Kernels.Simd;

/// <summary>
/// The vector abstraction's 16-bit conversions on every width (512, 256 and 128 bits, in hardware or in the software
/// fallback, and the one-lane width): widening every one of the 65,536 Half and bfloat16 patterns gives the bits of
/// .NET's <c>(float)half</c> cast and of <see cref="BFloat16"/>'s; rounding to nearest gives the bits of
/// <c>(Half)x</c> and <c>(BFloat16)x</c> at every rounding boundary of both formats, on special floats and on random
/// ones; stochastic rounding gives every width the same bits. CI reruns this with AVX-512, AVX2 and all hardware
/// intrinsics disabled.
/// </summary>
public class Float16ConversionTests
{
    public static TheoryData<string> Widths() => ["512", "256", "128", "Scalar"];

    [Theory]
    [MemberData(nameof(Widths))]
    public void WidenHalf_EveryPattern_IsTheHalfCast(string width)
    {
        var patterns = AllPatterns();
        var widened = Widen<HalfFormat>(width, patterns);
        AssertEqual(patterns, widened, b => BitConverter.SingleToUInt32Bits((float)BitConverter.UInt16BitsToHalf(b)), "Half 0x{0:X4}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void WidenBFloat16_EveryPattern_IsTheBFloat16Cast(string width)
    {
        var patterns = AllPatterns();
        var widened = Widen<BFloat16Format>(width, patterns);
        AssertEqual(patterns, widened, b => BitConverter.SingleToUInt32Bits((float)BFloat16.FromBits(b)), "bfloat16 0x{0:X4}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void NarrowHalf_AtEveryBoundary_SpecialAndRandom_IsTheHalfCast(string width)
    {
        var inputs = Pad([.. HalfBoundaries(), .. SpecialFloats(), .. RandomFloats(200_000, seed: 1)]);
        var narrowed = Narrow<HalfFormat>(width, inputs);
        AssertEqual(inputs, narrowed, x => BitConverter.HalfToUInt16Bits((Half)x), "x = 0x{0:X8}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void NarrowBFloat16_AtEveryBoundary_SpecialAndRandom_IsTheBFloat16Cast(string width)
    {
        var inputs = Pad([.. BFloat16ConversionTests.BoundaryFloats(), .. SpecialFloats(), .. RandomFloats(200_000, seed: 2)]);
        var narrowed = Narrow<BFloat16Format>(width, inputs);
        AssertEqual(inputs, narrowed, x => ((BFloat16)x).ToBits(), "x = 0x{0:X8}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void NarrowStochastic_GivesEveryWidthTheScalarWidthsBits(string width)
    {
        var inputs = Pad([.. SpecialFloats(), .. RandomFloats(50_000, seed: 3), .. SmallFloats(50_000, seed: 4)]);
        foreach (var (key, first) in new[] { (0u, 0u), (0x1234_5678u, 17u), (uint.MaxValue, 1u << 30) })
        {
            Narrow<HalfFormat>(width, inputs, key, first).Should().Equal(Narrow<HalfFormat>("Scalar", inputs, key, first));
            Narrow<BFloat16Format>(width, inputs, key, first).Should().Equal(Narrow<BFloat16Format>("Scalar", inputs, key, first));
        }
    }

    /// <summary>Every pattern, as zero-extended lanes.</summary>
    private static ushort[] AllPatterns() => [.. Enumerable.Range(0, 1 << 16).Select(b => (ushort)b)];

    /// <summary>For every finite Half: the value, the midpoint to the next one, and the floats on either side of both.</summary>
    private static IEnumerable<float> HalfBoundaries()
    {
        for (var bits = 0; bits < 0x7C00; bits++)
        {
            foreach (var sign in new[] { 1f, -1f })
            {
                var value = sign * (float)BitConverter.UInt16BitsToHalf((ushort)bits);
                var next = bits == 0x7BFF ? sign * 65536f : sign * (float)BitConverter.UInt16BitsToHalf((ushort)(bits + 1));
                var midpoint = (value + next) / 2; // exact: neighbouring Half values differ in their 11th bit
                foreach (var x in new[] { value, midpoint })
                {
                    yield return x;
                    yield return MathF.BitIncrement(x);
                    yield return MathF.BitDecrement(x);
                }
            }
        }
    }

    /// <summary>±NaN (quiet, signalling, payloads), ±0, float subnormals, ±1, the largest finite floats, ±∞.</summary>
    internal static float[] SpecialFloats() =>
    [
        .. new uint[]
        {
            0x7FC0_0000, 0xFFC0_0000, 0x7FC1_2345, 0xFFFF_FFFF, 0x7F80_0001, 0xFF81_2345, 0x7FBF_FFFF, 0x7F80_2000,
            0x0000_0000, 0x8000_0000, 0x0000_0001, 0x8000_0001, 0x007F_FFFF, 0x807F_FFFF, 0x0080_0000, 0x8080_0000,
            0x3F80_0000, 0xBF80_0000, 0x7F7F_FFFF, 0xFF7F_FFFF, 0x7F80_0000, 0xFF80_0000, 0x477F_E000, 0x477F_F000,
            0x477F_EFFF, 0x4780_0000, 0x3380_0000, 0x3300_0000, 0x3300_0001, 0x387F_FFFF, 0x3880_0000,
        }.Select(BitConverter.UInt32BitsToSingle),
    ];

    /// <summary>Floats with uniformly random bits: every exponent, sign and NaN payload.</summary>
    internal static float[] RandomFloats(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32)))];
    }

    /// <summary>Floats of magnitude 2⁻²⁸ to 2¹⁸: around Half's subnormals, normals and overflow.</summary>
    internal static float[] SmallFloats(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(Math.ScaleB(1 + random.NextDouble(), random.Next(-28, 18)) * (random.Next(2) * 2 - 1)))];
    }

    /// <summary>Pads to a multiple of 16 lanes (the widest vector) with zeros.</summary>
    private static float[] Pad(float[] values)
    {
        var padded = new float[(values.Length + 15) / 16 * 16];
        values.CopyTo(padded, 0);
        return padded;
    }

    private static uint[] Widen<TFormat>(string width, ushort[] patterns)
        where TFormat : struct, IFloat16Format => width switch
        {
            "512" => Widen<Simd512<float>, TFormat>(patterns),
            "256" => Widen<Simd256<float>, TFormat>(patterns),
            "128" => Widen<Simd128<float>, TFormat>(patterns),
            _ => Widen<SimdScalar<float>, TFormat>(patterns),
        };

    private static ushort[] Narrow<TFormat>(string width, float[] values, uint? key = null, uint first = 0)
        where TFormat : struct, IFloat16Format => width switch
        {
            "512" => Narrow<Simd512<float>, TFormat>(values, key, first),
            "256" => Narrow<Simd256<float>, TFormat>(values, key, first),
            "128" => Narrow<Simd128<float>, TFormat>(values, key, first),
            _ => Narrow<SimdScalar<float>, TFormat>(values, key, first),
        };

    private static uint[] Widen<TVec, TFormat>(ushort[] patterns)
        where TVec : struct, ISimd<TVec, float>
        where TFormat : struct, IFloat16Format
    {
        var widened = new float[patterns.Length];
        for (var i = 0; i < patterns.Length; i += TVec.Count)
        {
            TVec.Store(TVec.LoadWidened<TFormat>(ref patterns[0], (nuint)i), ref widened[0], (nuint)i);
        }

        return [.. widened.Select(BitConverter.SingleToUInt32Bits)];
    }

    private static ushort[] Narrow<TVec, TFormat>(float[] values, uint? key, uint first)
        where TVec : struct, ISimd<TVec, float>
        where TFormat : struct, IFloat16Format
    {
        var narrowed = new ushort[values.Length];
        for (var i = 0; i < values.Length; i += TVec.Count)
        {
            var lanes = TVec.Load(ref values[0], (nuint)i);
            if (key is { } k)
            {
                TVec.StoreNarrowedStochastic<TFormat>(lanes, ref narrowed[0], (nuint)i, k, first + (nuint)i);
            }
            else
            {
                TVec.StoreNarrowed<TFormat>(lanes, ref narrowed[0], (nuint)i);
            }
        }

        return narrowed;
    }

    /// <summary>Compares every element, then reports the first mismatch (a per-element assertion would be far slower).</summary>
    private static void AssertEqual<TIn, TOut>(TIn[] inputs, TOut[] actual, Func<TIn, TOut> expected, string describe)
        where TOut : IEquatable<TOut>
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            var want = expected(inputs[i]);
            if (!actual[i].Equals(want))
            {
                var input = inputs[i] is float f ? BitConverter.SingleToUInt32Bits(f) : (object?)inputs[i];
                actual[i].Should().Be(want, string.Format(System.Globalization.CultureInfo.InvariantCulture, describe, input));
            }
        }
    }
}
