using System.Runtime.CompilerServices;
using LearningRate.Kernels.Simd;

namespace LearningRate.Tests.Kernels.Simd;

/// <summary>
/// The vector abstraction's operations, lane by lane: every width (512, 256, 128 bits, and the
/// software fallback when a width is not accelerated) must give the scalar width's bits for every
/// input, NaN payloads, signed zeros, infinities and subnormals included, since the driver splits a
/// span between widths; and the scalar width must give the bits of an expectation written here from
/// the definitions (IEEE 754:2019 minimum/maximum, the sign bit, <c>torch.sign</c>'s formula,
/// bitwise select). CI reruns this with AVX-512, AVX2 and all hardware intrinsics disabled.
/// </summary>
public class SimdOperationParityTests
{
    private const int RandomTriples = 4096;

    /// <summary>±NaN (quiet, signalling, with payloads, all bits set), ±0, ±smallest and largest subnormal, ±smallest normal, ±1, 1.5, ±largest finite, ±∞.</summary>
    private static readonly uint[] s_floatSpecials =
    [
        0x7FC00000, 0xFFC00000, 0x7FC12345, 0xFFFFFFFF, 0x7F800001, 0xFF812345,
        0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007FFFFF, 0x807FFFFF, 0x00800000, 0x80800000,
        0x3F800000, 0xBF800000, 0x3FC00000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000,
    ];

    /// <summary>The same values for <see cref="double"/>.</summary>
    private static readonly ulong[] s_doubleSpecials =
    [
        0x7FF8000000000000, 0xFFF8000000000000, 0x7FF8000000012345, 0xFFFFFFFFFFFFFFFF, 0x7FF0000000000001, 0xFFF0000000012345,
        0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x8000000000000001, 0x000FFFFFFFFFFFFF, 0x800FFFFFFFFFFFFF,
        0x0010000000000000, 0x8010000000000000, 0x3FF0000000000000, 0xBFF0000000000000, 0x3FF8000000000000,
        0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF, 0x7FF0000000000000, 0xFFF0000000000000,
    ];

    private static readonly Dictionary<string, IOperation> s_operations = new()
    {
        ["Zero"] = new ZeroOperation(),
        ["One"] = new OneOperation(),
        ["Max"] = new MaxOperation(),
        ["Min"] = new MinOperation(),
        ["Clamp"] = new ClampOperation(),
        ["Abs"] = new AbsOperation(),
        ["CopySign"] = new CopySignOperation(),
        ["Sign"] = new SignOperation(),
        ["GreaterThan"] = new GreaterThanOperation(),
        ["LessThan"] = new LessThanOperation(),
        ["Equals"] = new EqualsOperation(),
        ["ConditionalSelect"] = new ConditionalSelectOperation(),
        ["SelectOnComparison"] = new SelectOnComparisonOperation(),
    };

    /// <summary>One element-wise operation: through a width, and as the test expects it of one lane.</summary>
    private interface IOperation
    {
        /// <summary>
        /// Gets 0 when the definition fixes every bit; n when, for a NaN result, any NaN among the
        /// first n operands, quiet or quieted, is correct: IEEE 754 leaves that choice to the
        /// instruction set, and AVX-512 chooses differently from the rest (the widths must still
        /// agree with one another, which the parity test checks bit for bit).
        /// </summary>
        int NaNChoiceOperands => 0;

        TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T>;

        T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T>;
    }

    public static TheoryData<string> Operations() => [.. s_operations.Keys];

    [Theory]
    [MemberData(nameof(Operations))]
    public void EveryWidth_IsBitIdenticalToScalar(string name)
    {
        AssertWidthsMatchScalar<float>(s_operations[name]);
        AssertWidthsMatchScalar<double>(s_operations[name]);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Scalar_IsBitIdenticalToDefinition(string name)
    {
        AssertScalarMatchesExpectation<float>(s_operations[name]);
        AssertScalarMatchesExpectation<double>(s_operations[name]);
    }

    /// <summary>
    /// <c>torch.sign</c> on the CPU is <c>(0 &lt; x) − (x &lt; 0)</c>: NaN and both zeros give +0
    /// (NaN does not propagate, unlike <c>numpy.sign</c>).
    /// </summary>
    [Fact]
    public void Sign_GivesPlusZeroForZerosAndNaN_AsTorchSign()
    {
        float[] inputs = [float.NaN, -float.NaN, 0f, -0f, float.Epsilon, -float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, 3f, -3f];
        var signs = Run<Simd128<float>, float>(new SignOperation(), Pad(inputs), Pad(inputs), Pad(inputs))[..inputs.Length];
        signs.Select(BitConverter.SingleToUInt32Bits).Should().Equal(
            new[] { 0f, 0f, 0f, 0f, 1f, -1f, 1f, -1f, 1f, -1f }.Select(BitConverter.SingleToUInt32Bits));
    }

    /// <summary>The IEEE 754:2019 rules both widths share: −0 &lt; +0 whatever the order, NaN from either side.</summary>
    [Fact]
    public void MinMax_OrderSignedZeros_AndPropagateNaN_OnEveryWidth()
    {
        double[] left = Pad([-0d, 0d, double.NaN, 1d]);
        double[] right = Pad([0d, -0d, 1d, double.NaN]);
        foreach (var (max, min) in new[]
        {
            (Run<SimdScalar<double>, double>(new MaxOperation(), left, right, left), Run<SimdScalar<double>, double>(new MinOperation(), left, right, left)),
            (Run<Simd512<double>, double>(new MaxOperation(), left, right, left), Run<Simd512<double>, double>(new MinOperation(), left, right, left)),
        })
        {
            max[..4].Select(BitConverter.DoubleToUInt64Bits).Should().Equal(
                new[] { 0d, 0d, double.NaN, double.NaN }.Select(BitConverter.DoubleToUInt64Bits));
            min[..4].Select(BitConverter.DoubleToUInt64Bits).Should().Equal(
                new[] { -0d, -0d, double.NaN, double.NaN }.Select(BitConverter.DoubleToUInt64Bits));
        }
    }

    private static void AssertWidthsMatchScalar<T>(IOperation operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b, c) = Inputs<T>();
        var scalar = Run<SimdScalar<T>, T>(operation, a, b, c);
        AssertSameBits(Run<Simd512<T>, T>(operation, a, b, c), scalar, a, b, c, $"{operation.GetType().Name} {typeof(T).Name} 512 bits vs scalar");
        AssertSameBits(Run<Simd256<T>, T>(operation, a, b, c), scalar, a, b, c, $"{operation.GetType().Name} {typeof(T).Name} 256 bits vs scalar");
        AssertSameBits(Run<Simd128<T>, T>(operation, a, b, c), scalar, a, b, c, $"{operation.GetType().Name} {typeof(T).Name} 128 bits vs scalar");
    }

    private static void AssertScalarMatchesExpectation<T>(IOperation operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b, c) = Inputs<T>();
        var expected = new T[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            expected[i] = operation.Expected(a[i], b[i], c[i]);
        }

        var actual = Run<SimdScalar<T>, T>(operation, a, b, c);
        if (operation.NaNChoiceOperands > 0)
        {
            for (var i = 0; i < a.Length; i++)
            {
                T[] operands = [a[i], b[i], c[i]];
                if (T.IsNaN(expected[i]) && operands.Take(operation.NaNChoiceOperands).Any(x => T.IsNaN(x) && Quiet(x) == Quiet(actual[i])))
                {
                    expected[i] = actual[i];
                }
            }
        }

        AssertSameBits(actual, expected, a, b, c, $"{operation.GetType().Name} {typeof(T).Name} scalar vs definition");
    }

    /// <summary>Applies <paramref name="operation"/> over whole arrays, <typeparamref name="TVec"/>.Count lanes at a time.</summary>
    private static T[] Run<TVec, T>(IOperation operation, T[] a, T[] b, T[] c)
        where TVec : struct, ISimd<TVec, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[a.Length];
        for (nuint i = 0; i < (nuint)a.Length; i += (nuint)TVec.Count)
        {
            var lanes = operation.Apply<TVec, T>(TVec.Load(ref a[0], i), TVec.Load(ref b[0], i), TVec.Load(ref c[0], i));
            TVec.Store(lanes, ref result[0], i);
        }

        return result;
    }

    private static void AssertSameBits<T>(T[] actual, T[] expected, T[] a, T[] b, T[] c, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mismatches = Enumerable.Range(0, actual.Length)
            .Where(i => Bits(actual[i]) != Bits(expected[i]))
            .Take(5)
            .Select(i => $"[{i}] ({Hex(a[i])}, {Hex(b[i])}, {Hex(c[i])}) gave {Hex(actual[i])}, expected {Hex(expected[i])}");
        mismatches.Should().BeEmpty(what);
    }

    /// <summary>
    /// Every triple of special values (so every pair, for the unary and binary operations), then
    /// seeded random triples: raw bit patterns (NaN payloads, subnormals), ordinary values, specials,
    /// with equal and opposite pairs mixed in; the length is a multiple of the widest lane count.
    /// </summary>
    private static (T[] A, T[] B, T[] C) Inputs<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var specials = typeof(T) == typeof(float)
            ? s_floatSpecials.Select(bits => FromBits<T>(bits)).ToArray()
            : s_doubleSpecials.Select(bits => FromBits<T>(bits)).ToArray();
        List<T> a = [], b = [], c = [];
        foreach (var x in specials)
        {
            foreach (var y in specials)
            {
                foreach (var z in specials)
                {
                    a.Add(x);
                    b.Add(y);
                    c.Add(z);
                }
            }
        }

        var random = new Random(20250101);
        while (a.Count < specials.Length * specials.Length * specials.Length + RandomTriples || a.Count % 16 != 0)
        {
            var x = RandomValue(random, specials);
            a.Add(x);
            b.Add(random.Next(8) switch { 0 => x, 1 => -x, _ => RandomValue(random, specials) });
            c.Add(RandomValue(random, specials));
        }

        return ([.. a], [.. b], [.. c]);
    }

    private static T RandomValue<T>(Random random, T[] specials)
        where T : unmanaged, IFloatingPointIeee754<T> => random.Next(4) switch
        {
            0 => FromBits<T>((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63)),
            1 => specials[random.Next(specials.Length)],
            _ => T.CreateTruncating((random.NextDouble() * 8) - 4),
        };

    private static T[] Pad<T>(T[] values)
        where T : unmanaged, IFloatingPointIeee754<T> => [.. values, .. new T[16 - (values.Length % 16)]];

    private static ulong Bits<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Unsafe.BitCast<T, uint>(value) : Unsafe.BitCast<T, ulong>(value);

    /// <summary>The value whose bits are <paramref name="bits"/> (the low 32 for <see cref="float"/>).</summary>
    private static T FromBits<T>(ulong bits)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Unsafe.BitCast<uint, T>((uint)bits) : Unsafe.BitCast<ulong, T>(bits);

    /// <summary>The bits of <paramref name="value"/> with the quiet bit (the top fraction bit) set.</summary>
    private static ulong Quiet<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> => Bits(value) | (typeof(T) == typeof(float) ? 1UL << 22 : 1UL << 51);

    private static ulong SignBit<T>()
        where T : unmanaged, IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? 1UL << 31 : 1UL << 63;

    private static ulong AllBits<T>()
        where T : unmanaged, IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? uint.MaxValue : ulong.MaxValue;

    private static T Mask<T>(bool condition)
        where T : unmanaged, IFloatingPointIeee754<T> => FromBits<T>(condition ? AllBits<T>() : 0);

    private static string Hex<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> => $"0x{Bits(value):X} ({value})";

    /// <summary>IEEE 754:2019 maximum: NaN if either is (here the left; the hardware may pick the other); +0 beats −0.</summary>
    private static T MaximumDefinition<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(a) || T.IsNaN(b))
        {
            return T.IsNaN(a) ? a : b;
        }

        if (a == b)
        {
            return (Bits(a) & SignBit<T>()) == 0 ? a : b;
        }

        return a > b ? a : b;
    }

    /// <summary>IEEE 754:2019 minimum: NaN if either is (here the left; the hardware may pick the other); −0 beats +0.</summary>
    private static T MinimumDefinition<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(a) || T.IsNaN(b))
        {
            return T.IsNaN(a) ? a : b;
        }

        if (a == b)
        {
            return (Bits(a) & SignBit<T>()) != 0 ? a : b;
        }

        return a < b ? a : b;
    }

    private static T SelectDefinition<T>(T mask, T whenTrue, T whenFalse)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        FromBits<T>((Bits(mask) & Bits(whenTrue)) | (~Bits(mask) & Bits(whenFalse) & AllBits<T>()));

    private sealed class ZeroOperation : IOperation
    {
        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.Zero;

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => FromBits<T>(0);
    }

    private sealed class OneOperation : IOperation
    {
        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.One;

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(1);
    }

    private sealed class MaxOperation : IOperation
    {
        public int NaNChoiceOperands => 2;

        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.Max(a, b);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => MaximumDefinition(a, b);
    }

    private sealed class MinOperation : IOperation
    {
        public int NaNChoiceOperands => 2;

        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.Min(a, b);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => MinimumDefinition(a, b);
    }

    private sealed class ClampOperation : IOperation
    {
        public int NaNChoiceOperands => 3;

        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.Clamp(a, b, c);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => MinimumDefinition(MaximumDefinition(a, b), c);
    }

    private sealed class AbsOperation : IOperation
    {
        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.Abs(a);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => FromBits<T>(Bits(a) & ~SignBit<T>());
    }

    private sealed class CopySignOperation : IOperation
    {
        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.CopySign(a, b);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => FromBits<T>((Bits(a) & ~SignBit<T>()) | (Bits(b) & SignBit<T>()));
    }

    /// <summary><c>torch.sign</c>'s CPU formula, <c>(0 &lt; x) − (x &lt; 0)</c>, computed in integers.</summary>
    private sealed class SignOperation : IOperation
    {
        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.Sign(a);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            T.CreateTruncating((T.Zero < a ? 1 : 0) - (a < T.Zero ? 1 : 0));
    }

    private sealed class GreaterThanOperation : IOperation
    {
        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.GreaterThan(a, b);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => Mask<T>(a > b);
    }

    private sealed class LessThanOperation : IOperation
    {
        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.LessThan(a, b);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => Mask<T>(a < b);
    }

    private sealed class EqualsOperation : IOperation
    {
        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.Equals(a, b);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => Mask<T>(a == b);
    }

    /// <summary>Any bit pattern as the mask: the select is bitwise on every width.</summary>
    private sealed class ConditionalSelectOperation : IOperation
    {
        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.ConditionalSelect(a, b, c);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => SelectDefinition(a, b, c);
    }

    /// <summary>The way an update rule uses masks (Rprop's <c>where(g·g_prev &lt; 0, η−, …)</c>): a comparison feeding a select.</summary>
    private sealed class SelectOnComparisonOperation : IOperation
    {
        public TVec Apply<TVec, T>(TVec a, TVec b, TVec c)
            where TVec : struct, ISimd<TVec, T>
            where T : unmanaged, IFloatingPointIeee754<T> => TVec.ConditionalSelect(TVec.LessThan(a * b, TVec.Zero), c, a);

        public T Expected<T>(T a, T b, T c)
            where T : unmanaged, IFloatingPointIeee754<T> => a * b < T.Zero ? c : a;
    }
}
