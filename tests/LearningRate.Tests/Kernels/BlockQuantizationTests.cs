using System.Runtime.InteropServices;
using LearningRate.Kernels;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Kernels;

/// <summary>
/// The 8-bit block codes against their definition (<see cref="BlockCodeReference"/>: exponent and fraction found with
/// ILogB and round-to-even, not with bit patterns), at every length 0..300 and several block sizes, in float and double;
/// CI reruns this with AVX-512, AVX2 and all hardware intrinsics disabled, so every width is held to the definition.
/// Then the documented error bound, the dynamic range the second moment needs, and the argument checks.
/// </summary>
public class BlockQuantizationTests
{
    public static TheoryData<bool> Signedness() => [true, false];

    [Theory]
    [MemberData(nameof(Signedness))]
    public void EveryCode_DecodesToItsDefinedValue_AndEncodesBackToItself(bool hasSign)
    {
        // A block whose scale is the top value 1.875 maps each value to itself: y = x·1.875/1.875.
        var codes = Enumerable.Range(0, 256).Select(c => (byte)c).ToArray();
        var decoded = new float[256];
        Dequantize<float>(hasSign, codes, [1.875f], 256, decoded);
        for (var c = 0; c < 256; c++)
        {
            BitConverter.SingleToUInt32Bits(decoded[c]).Should().Be(BitConverter.SingleToUInt32Bits(BlockCodeReference.Value((byte)c, hasSign)), $"code {c}");
        }

        var encoded = new byte[256];
        var scales = new float[1];
        Quantize<float>(hasSign, decoded, 256, encoded, scales);
        scales[0].Should().Be(1.875f);
        encoded.Should().Equal(codes);
    }

    [Fact]
    public void Codes_HaveTheDocumentedRange()
    {
        BlockCodeReference.Value(0x7F, hasSign: true).Should().Be(1.875f);
        BlockCodeReference.Value(0xFF, hasSign: true).Should().Be(-1.875f);
        BlockCodeReference.Value(0x01, hasSign: true).Should().Be((float)Math.ScaleB(1.125, -15));
        BlockCodeReference.Value(0xFF, hasSign: false).Should().Be(1.875f);
        BlockCodeReference.Value(0x01, hasSign: false).Should().Be((float)Math.ScaleB(1.125, -31));
        BlockCodeReference.Value(0x00, hasSign: false).Should().Be(0);
        float.IsNegative(BlockCodeReference.Value(0x80, hasSign: true)).Should().BeTrue("0x80 is the negative zero");
    }

    [Theory]
    [MemberData(nameof(Signedness))]
    public void Ties_RoundToTheEvenFraction_AndTheSmallestHalfStepRoundsToZero(bool hasSign)
    {
        var bias = BlockCodeReference.Bias(hasSign);
        List<float> values = [1.875f];
        List<int> expected = [BlockCodeReference.TopCode(hasSign)];
        for (var e = 0; e < (hasSign ? 15 : 31); e++)
        {
            for (var f = 0; f < 8; f++)
            {
                // Half-way between fraction f and f + 1 of exponent e: ties go to the even one (f + 1 = 8 carries).
                values.Add((float)Math.ScaleB(1 + ((2 * f) + 1) / 16.0, e - bias));
                var even = f % 2 == 0 ? f : f + 1;
                expected.Add((e * 8) + even);
            }
        }

        // 1.0625·2^−b is half-way between the zero code and the smallest one: it rounds to zero, a hair above it does not.
        values.Add((float)Math.ScaleB(1.0625, -bias));
        expected.Add(0);
        values.Add(BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits((float)Math.ScaleB(1.0625, -bias)) + 1));
        expected.Add(1);
        var codes = new byte[values.Count];
        Quantize<float>(hasSign, values.ToArray(), 2048, codes, new float[1]);
        codes.Select(c => (int)c).Should().Equal(expected);
    }

    [Theory]
    [MemberData(nameof(Signedness))]
    public void Quantize_AndDequantize_FollowTheDefinition_AtEveryLengthAndBlockSize(bool hasSign)
    {
        foreach (var blockSize in new[] { 16, 64, 256, 2048 })
        {
            foreach (var length in TestData.Lengths)
            {
                Check<float>(hasSign, length, blockSize);
                Check<double>(hasSign, length, blockSize);
            }
        }

        static void Check<T>(bool hasSign, int length, int blockSize)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var values = Values<T>(new Random(length + blockSize), length, hasSign);
            var blocks = BlockQuantization.BlockCount(length, blockSize);
            byte[] codes = new byte[length], expectedCodes = new byte[length];
            float[] scales = new float[blocks], expectedScales = new float[blocks];
            Quantize<T>(hasSign, values, blockSize, codes, scales);
            BlockCodeReference.Quantize<T>(values, blockSize, hasSign, expectedCodes, expectedScales);
            var what = $"{typeof(T).Name}, {(hasSign ? "signed" : "unsigned")}, {length} values in blocks of {blockSize}";
            TestData.ShouldHaveSameBits<float>(scales, expectedScales, what + ": scales");
            codes.Should().Equal(expectedCodes, what);

            T[] decoded = new T[length], expectedDecoded = new T[length];
            Dequantize<T>(hasSign, codes, scales, blockSize, decoded);
            BlockCodeReference.Dequantize<T>(codes, scales, blockSize, hasSign, expectedDecoded);
            TestData.ShouldHaveSameBits<T>(decoded, expectedDecoded, what + ": decoded");
        }
    }

    /// <summary>
    /// The documented bound |x̂ − x| ≤ |x|/16 + 2^−b·S, over values spanning 18 decades in float and double, every block;
    /// the relative part is also never reached by more than the rounding to 3 fraction bits allows (1/17 plus float
    /// roundings) for the values above the zero threshold.
    /// </summary>
    [Theory]
    [MemberData(nameof(Signedness))]
    public void DecodedValues_StayWithinTheDocumentedBound(bool hasSign)
    {
        Check<float>(hasSign);
        Check<double>(hasSign);

        static void Check<T>(bool hasSign)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int Length = 4096, BlockSize = 256;
            var random = new Random(3);
            var values = new T[Length];
            for (var i = 0; i < Length; i++)
            {
                var magnitude = Math.Pow(10, -15 + (18 * random.NextDouble()));
                values[i] = T.CreateTruncating(hasSign && random.Next(2) == 0 ? -magnitude : magnitude);
            }

            var codes = new byte[Length];
            var scales = new float[Length / BlockSize];
            var decoded = new T[Length];
            Quantize<T>(hasSign, values, BlockSize, codes, scales);
            Dequantize<T>(hasSign, codes, scales, BlockSize, decoded);
            var floor = Math.ScaleB(1, -BlockCodeReference.Bias(hasSign));
            var worstRelative = 0.0;
            for (var i = 0; i < Length; i++)
            {
                var x = double.CreateTruncating(values[i]);
                var error = Math.Abs(double.CreateTruncating(decoded[i]) - x);
                var scale = scales[i / BlockSize];
                error.Should().BeLessThanOrEqualTo((Math.Abs(x) / 16) + (floor * scale), $"{typeof(T).Name} value {x:R} of a block with scale {scale:R}");
                if (Math.Abs(x) > 1.0625 * floor * scale / 1.875)
                {
                    worstRelative = Math.Max(worstRelative, error / Math.Abs(x));
                }
            }

            worstRelative.Should().BeLessThanOrEqualTo((1 / 17.0) + 1e-6).And.BeGreaterThan(0.05, "18 decades of random values reach near the worst case");
        }
    }

    /// <summary>
    /// A block whose second moments span 1e-12 to 1: stored as the unsigned code of √v, every one keeps its relative
    /// precision (√v within 1/16, v within (17/16)² − 1) and none becomes 0, where a linear absmax int8 code of v (what
    /// the issue warns against) stores 0 for all but the largest few and m/(√v + ε) would explode.
    /// </summary>
    [Fact]
    public void SecondMomentsFromOneE12ToOne_KeepTheirPrecisionInOneBlock()
    {
        const int Length = 256;
        var v = Enumerable.Range(0, Length).Select(i => Math.Pow(10, -12.0 * i / (Length - 1))).ToArray();
        var roots = v.Select(Math.Sqrt).ToArray();
        var codes = new byte[Length];
        var scales = new float[1];
        var decoded = new double[Length];
        BlockQuantization.QuantizeUnsigned<double>(roots, Length, codes, scales);
        BlockQuantization.DequantizeUnsigned<double>(codes, scales, Length, decoded);
        for (var i = 0; i < Length; i++)
        {
            decoded[i].Should().BeGreaterThan(0, $"v = {v[i]:E2}");
            Math.Abs(decoded[i] - roots[i]).Should().BeLessThanOrEqualTo(roots[i] / 16, $"√v of v = {v[i]:E2}");
            Math.Abs((decoded[i] * decoded[i]) - v[i]).Should().BeLessThanOrEqualTo(v[i] * ((17.0 / 16 * (17.0 / 16)) - 1), $"v = {v[i]:E2}");
        }

        var linearZeros = v.Count(x => Math.Round(x / v.Max() * 255) == 0);
        linearZeros.Should().BeGreaterThan(3 * Length / 4, "a linear absmax code of v keeps almost none of them");
    }

    [Fact]
    public void AllZeroAndNonFiniteBlocks_AreDefined()
    {
        var codes = new byte[4];
        var scales = new float[1];
        BlockQuantization.QuantizeSigned<float>([0f, -0f, 0f, 0f], 16, codes, scales);
        scales[0].Should().Be(0);
        codes.Should().Equal(0, 0x80, 0, 0);

        BlockQuantization.QuantizeSigned<float>([1f, float.NaN, -2f, 0f], 16, codes, scales);
        float.IsNaN(scales[0]).Should().BeTrue("a NaN poisons its block's scale");
        var decoded = new float[4];
        BlockQuantization.DequantizeSigned<float>(codes, scales, 16, decoded);
        decoded.Should().OnlyContain(x => float.IsNaN(x));

        BlockQuantization.QuantizeSigned<float>([1f, float.NegativeInfinity, 2f, 0f], 16, codes, scales);
        scales[0].Should().Be(float.PositiveInfinity);
        codes.Select(c => c & 0x7F).Should().Equal(new[] { 0, 0x7F, 0, 0 }, "an infinite scale stores the finite values as 0 and the infinity (∞·0 = NaN) at the top");
    }

    [Fact]
    public void BadArguments_Throw_NamingThem_BeforeWritingAnything()
    {
        var codes = new byte[20];
        var scales = new float[2];
        FluentActions.Invoking(() => BlockQuantization.BlockCount(-1, 16)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("length");
        FluentActions.Invoking(() => BlockQuantization.BlockCount(10, 24)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.Message.Should().StartWith("blockSize must be a power of two from 16 to 2048; got 24.");
        FluentActions.Invoking(() => BlockQuantization.QuantizeSigned<float>(new float[20], 32, codes, scales)).Should().Throw<ArgumentException>().WithParameterName("scales");
        FluentActions.Invoking(() => BlockQuantization.QuantizeSigned<float>(new float[20], 16, codes.AsSpan(1), scales)).Should().Throw<ArgumentException>().WithParameterName("codes");
        FluentActions.Invoking(() => BlockQuantization.DequantizeUnsigned<double>(codes, scales, 16, new double[19])).Should().Throw<ArgumentException>().WithParameterName("values");
        FluentActions.Invoking(() => BlockQuantization.QuantizeSigned<Half>(new Half[20], 16, codes, scales)).Should().Throw<NotSupportedException>();

        var shared = new float[25];
        var overlapping = () => BlockQuantization.QuantizeSigned<float>(shared.AsSpan(0, 20), 16, codes, shared.AsSpan(19, 2));
        overlapping.Should().Throw<ArgumentException>().WithParameterName("scales");
        var bytes = new byte[100];
        var codesInValues = () => BlockQuantization.QuantizeUnsigned<float>(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, 80)), 16, bytes.AsSpan(60, 20), scales);
        codesInValues.Should().Throw<ArgumentException>().WithParameterName("codes");
        codes.Should().OnlyContain(c => c == 0);
        scales.Should().OnlyContain(s => s == 0);
    }

    /// <summary>Values over 12 decades with random signs, and in some blocks zeros, subnormals, ±∞ and NaN.</summary>
    private static T[] Values<T>(Random random, int length, bool hasSign)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (var i = 0; i < length; i++)
        {
            var magnitude = Math.Pow(10, -10 + (12 * random.NextDouble()));
            values[i] = T.CreateTruncating(hasSign && random.Next(2) == 0 ? -magnitude : magnitude);
        }

        if (length > 40)
        {
            values[3] = T.Zero;
            values[5] = T.NegativeZero;
            values[7] = T.CreateTruncating(1e-40);
            values[length - 1] = T.CreateTruncating(-3e-39);
            values[length - 5] = T.PositiveInfinity;
            values[length / 2] = T.NaN;
        }

        return values;
    }

    private static void Quantize<T>(bool hasSign, ReadOnlySpan<T> values, int blockSize, Span<byte> codes, Span<float> scales)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (hasSign)
        {
            BlockQuantization.QuantizeSigned(values, blockSize, codes, scales);
        }
        else
        {
            BlockQuantization.QuantizeUnsigned(values, blockSize, codes, scales);
        }
    }

    private static void Dequantize<T>(bool hasSign, ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales, int blockSize, Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (hasSign)
        {
            BlockQuantization.DequantizeSigned(codes, scales, blockSize, values);
        }
        else
        {
            BlockQuantization.DequantizeUnsigned(codes, scales, blockSize, values);
        }
    }
}
