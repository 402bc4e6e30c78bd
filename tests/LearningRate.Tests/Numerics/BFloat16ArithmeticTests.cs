using System.Buffers.Binary;

namespace LearningRate.Tests.Numerics;

/// <summary>
/// <see cref="BFloat16"/>'s arithmetic is the exact result rounded once (checked against the definition on the exact
/// double result), its classification and ordering agree with float's on every one of the 65,536 patterns, and
/// generic code over <see cref="IFloatingPointIeee754{TSelf}"/> runs on it.
/// </summary>
public class BFloat16ArithmeticTests
{
    [Fact]
    public void BasicOperations_AreCorrectlyRounded()
    {
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            var a = RandomFinite(random);
            var b = RandomFinite(random);
            double x = (double)a, y = (double)b;
            Expect.Equal((a + b).ToBits(), Float16Reference.Round(x + y), "{0} + {1}", a, b);
            Expect.Equal((a - b).ToBits(), Float16Reference.Round(x - y), "{0} - {1}", a, b);
            Expect.Equal((a * b).ToBits(), Float16Reference.Round(x * y), "{0} * {1}", a, b);

            // The double quotient is rounded, but never onto a bfloat16 midpoint: a quotient of 8-bit
            // significands is either exact or has infinitely many bits.
            Expect.Equal((a / b).ToBits(), Float16Reference.Round(x / y), "{0} / {1}", a, b);
            Expect.Equal(BFloat16.Sqrt(BFloat16.Abs(a)).ToBits(), Float16Reference.Round(Math.Sqrt(Math.Abs(x))), "√{0}", a);
        }
    }

    [Fact]
    public void FusedMultiplyAdd_RoundsTheExactResultOnce()
    {
        // p·q = (1 + 2⁻⁴)² = 1 + 2⁻³ + 2⁻⁸ exactly: the midpoint of 1.125 (even) and 1.125 + 2⁻⁷ (odd). Rounding
        // p·q first would lose the addend; a tiny addend must decide the direction.
        var three = (BFloat16)3f;
        var p = (BFloat16)(1 + Math.ScaleB(1, -4));
        var q = p;
        var tiny = BFloat16.Epsilon;
        BFloat16.FusedMultiplyAdd(p, q, BFloat16.Zero).ToBits().Should().Be(Float16Reference.Round(1 + Math.ScaleB(1, -3) + Math.ScaleB(1, -8)));
        BFloat16.FusedMultiplyAdd(p, q, tiny).Should().Be((BFloat16)(1 + Math.ScaleB(1, -3) + Math.ScaleB(1, -7)));
        BFloat16.FusedMultiplyAdd(p, q, -tiny).Should().Be((BFloat16)(1 + Math.ScaleB(1, -3)));
        BFloat16.FusedMultiplyAdd(three, BFloat16.One, BFloat16.NaN).Should().Match<BFloat16>(v => BFloat16.IsNaN(v));

        var random = new Random(9);
        for (var i = 0; i < 50_000; i++)
        {
            var x = RandomFinite(random, -60, 60);
            var y = RandomFinite(random, -60, 60);
            var z = RandomFinite(random, -130, 120);
            Expect.Equal(BFloat16.FusedMultiplyAdd(x, y, z).ToBits(), ExactFusedMultiplyAdd(x, y, z), "{0}·{1} + {2}", x, y, z);
        }
    }

    [Fact]
    public void Classification_AgreesWithFloat_OnEveryPattern()
    {
        for (var bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var value = BFloat16.FromBits((ushort)bits);
            var single = (float)value;
            var because = $"bits 0x{bits:X4}";
            Expect.Equal(BFloat16.IsNaN(value), float.IsNaN(single), "{0}", because);
            Expect.Equal(BFloat16.IsInfinity(value), float.IsInfinity(single), "{0}", because);
            Expect.Equal(BFloat16.IsPositiveInfinity(value), float.IsPositiveInfinity(single), "{0}", because);
            Expect.Equal(BFloat16.IsNegativeInfinity(value), float.IsNegativeInfinity(single), "{0}", because);
            Expect.Equal(BFloat16.IsFinite(value), float.IsFinite(single), "{0}", because);
            Expect.Equal(BFloat16.IsNegative(value), float.IsNegative(single), "{0}", because);
            Expect.Equal(BFloat16.IsPositive(value), float.IsPositive(single), "{0}", because);
            Expect.Equal(BFloat16.IsNormal(value), float.IsNormal(single), "{0}", because);
            Expect.Equal(BFloat16.IsSubnormal(value), float.IsSubnormal(single), "{0}", because);
            Expect.Equal(BFloat16.IsInteger(value), float.IsInteger(single), "{0}", because);
            Expect.Equal(BFloat16.IsEvenInteger(value), float.IsEvenInteger(single), "{0}", because);
            Expect.Equal(BFloat16.IsPow2(value), float.IsPow2(single), "{0}", because);
            Expect.Equal(IsZero(value), single == 0, "{0}", because);
            Expect.Equal((-value).ToBits(), (ushort)(bits ^ 0x8000), "{0}", because);
            Expect.Equal(BFloat16.Abs(value).ToBits(), (ushort)(bits & 0x7FFF), "{0}", because);
            Expect.Equal(value.GetHashCode(), single.GetHashCode(), "{0}", because);
        }
    }

    [Fact]
    public void Comparisons_FollowIeee_AndOrderAsFloat()
    {
        var values = Enumerable.Range(0, 1 << 16).Where(b => b % 97 == 0 || (b & 0x7FFF) >= 0x7F7F || (b & 0x7FFF) <= 1)
            .Select(b => BFloat16.FromBits((ushort)b)).ToArray();
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                float x = (float)a, y = (float)b;
                var results = (a == b, a != b, a < b, a <= b, a > b, a >= b, a.CompareTo(b), a.Equals(b));
                var expected = (x == y, x != y, x < y, x <= y, x > y, x >= y, x.CompareTo(y), x.Equals(y));
                Expect.Equal(results, expected, "{0} against {1}", a, b);
            }
        }

        BFloat16.Zero.Should().Be(BFloat16.NegativeZero);
        (BFloat16.NaN == BFloat16.NaN).Should().BeFalse();
        BFloat16.NaN.Equals(BFloat16.NaN).Should().BeTrue("Equals treats NaN as equal to itself, as float's does");
        BFloat16.One.CompareTo(null).Should().BePositive();
        var act = () => BFloat16.One.CompareTo("1");
        act.Should().Throw<ArgumentException>().WithParameterName("obj");
    }

    [Fact]
    public void BitIncrementAndDecrement_StepToTheNeighbouringValue_OnEveryPattern()
    {
        // Every non-NaN pattern by value (−0 just below +0, as BitIncrement of −0 is the smallest subnormal).
        var ordered = Enumerable.Range(0, 1 << 16).Select(b => BFloat16.FromBits((ushort)b)).Where(v => !BFloat16.IsNaN(v))
            .OrderBy(v => (float)v).ThenBy(v => BFloat16.IsNegative(v) ? 0 : 1).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            var value = ordered[i];
            var up = BFloat16.BitIncrement(value);
            var down = BFloat16.BitDecrement(value);
            var expectedUp = BFloat16.IsPositiveInfinity(value) ? value
                : IsZero(value) ? BFloat16.Epsilon
                : ordered[i + 1];
            var expectedDown = BFloat16.IsNegativeInfinity(value) ? value
                : IsZero(value) ? -BFloat16.Epsilon
                : ordered[i - 1];
            Expect.Equal(up.ToBits(), expectedUp.ToBits(), "up from {0}", value);
            Expect.Equal(down.ToBits(), expectedDown.ToBits(), "down from {0}", value);
        }

        BFloat16.IsNaN(BFloat16.BitIncrement(BFloat16.NaN)).Should().BeTrue();
    }

    [Fact]
    public void Constants_AreTheNearestBFloat16()
    {
        BFloat16.E.Should().Be((BFloat16)Math.E);
        BFloat16.Pi.Should().Be((BFloat16)Math.PI);
        BFloat16.Tau.Should().Be((BFloat16)Math.Tau);
        ((double)BFloat16.Epsilon).Should().Be(Math.ScaleB(1, -133));
        ((double)BFloat16.MaxValue).Should().Be((2 - Math.ScaleB(1, -7)) * Math.ScaleB(1, 127));
        BFloat16.MinValue.Should().Be(-BFloat16.MaxValue);
        ((float)BFloat16.NaN).Should().Be(float.NaN);
        BitConverter.SingleToUInt32Bits((float)BFloat16.NaN).Should().Be(BitConverter.SingleToUInt32Bits(float.NaN));
        BFloat16.NegativeOne.Should().Be(-BFloat16.One);
        BFloat16.IsNegative(BFloat16.NegativeZero).Should().BeTrue();
    }

    [Fact]
    public void GenericMath_RunsOnBFloat16_AsOnFloat()
    {
        SumOfSquares(new[] { (BFloat16)3f, (BFloat16)4f }).Should().Be((BFloat16)25f);
        Hypotenuse<BFloat16>((BFloat16)3f, (BFloat16)4f).Should().Be((BFloat16)5f);
        BFloat16.Clamp((BFloat16)7f, BFloat16.One, (BFloat16)5f).Should().Be((BFloat16)5f);
        BFloat16.Max(BFloat16.NaN, BFloat16.One).Should().Match<BFloat16>(v => BFloat16.IsNaN(v));
        BFloat16.MaxNumber(BFloat16.NaN, BFloat16.One).Should().Be(BFloat16.One);
        BFloat16.CopySign((BFloat16)2f, BFloat16.NegativeZero).Should().Be((BFloat16)(-2f));
        BFloat16.Sign((BFloat16)(-0.5f)).Should().Be(-1);
        BFloat16.ILogB((BFloat16)10f).Should().Be(3);
        BFloat16.ScaleB(BFloat16.One, -133).Should().Be(BFloat16.Epsilon);
        BFloat16.Round((BFloat16)2.5f).Should().Be((BFloat16)2f);
        BFloat16.Floor((BFloat16)(-1.5f)).Should().Be((BFloat16)(-2f));
        (BFloat16.One % (BFloat16)0.75f).Should().Be((BFloat16)0.25f);
        BFloat16.Exp(BFloat16.One).Should().Be((BFloat16)MathF.E);
        BFloat16.Log2((BFloat16)8f).Should().Be((BFloat16)3f);
        BFloat16.Pow((BFloat16)2f, (BFloat16)10f).Should().Be((BFloat16)1024f);
        BFloat16.SinCos(BFloat16.Zero).Should().Be((BFloat16.Zero, BFloat16.One));
        var x = (BFloat16)3f;
        x++;
        x.Should().Be((BFloat16)4f);
    }

    [Fact]
    public void FloatingPointLayout_IsFloatsConvention()
    {
        AssertLayout((BFloat16)1.5f, exponent: 0, significand: 0xC0);
        AssertLayout((BFloat16)(-0.25f), exponent: -2, significand: 0x80);
        AssertLayout(BFloat16.Epsilon, exponent: -127, significand: 0x01);
        AssertLayout(BFloat16.MaxValue, exponent: 127, significand: 0xFF);
        AssertLayout(BFloat16.PositiveInfinity, exponent: -128, significand: 0x80);
    }

    [Fact]
    public void BitwiseOperators_ActOnThePatterns()
    {
        BitAnd((BFloat16)(-1.5f), BFloat16.FromBits(0x7FFF)).Should().Be((BFloat16)1.5f);
        BitAnd(BFloat16.FromBits(0xFFFF), BFloat16.One).Should().Be(BFloat16.One);
    }

    private static T BitAnd<T>(T a, T b)
        where T : IBinaryFloatingPointIeee754<T> => a & b;

    private static void AssertLayout<T>(T value, int exponent, int significand)
        where T : IFloatingPoint<T>
    {
        value.GetExponentByteCount().Should().Be(1);
        value.GetSignificandByteCount().Should().Be(2);
        value.GetSignificandBitLength().Should().Be(8);
        Span<byte> buffer = stackalloc byte[2];
        value.TryWriteExponentLittleEndian(buffer, out var written).Should().BeTrue();
        written.Should().Be(1);
        ((sbyte)buffer[0]).Should().Be((sbyte)exponent);
        value.TryWriteSignificandBigEndian(buffer, out written).Should().BeTrue();
        BinaryPrimitives.ReadUInt16BigEndian(buffer).Should().Be((ushort)significand);
        value.TryWriteSignificandLittleEndian(buffer, out _).Should().BeTrue();
        BinaryPrimitives.ReadUInt16LittleEndian(buffer).Should().Be((ushort)significand);
        value.TryWriteSignificandLittleEndian(buffer[..1], out written).Should().BeFalse();
        written.Should().Be(0);
        var shortest = value.GetExponentShortestBitLength();
        shortest.Should().Be(exponent >= 0 ? 8 - sbyte.LeadingZeroCount((sbyte)exponent) : 9 - sbyte.LeadingZeroCount((sbyte)~exponent));
    }

    private static T SumOfSquares<T>(IEnumerable<T> values)
        where T : INumber<T> => values.Aggregate(T.Zero, (s, v) => s + (v * v));

    private static T Hypotenuse<T>(T a, T b)
        where T : IFloatingPointIeee754<T> => T.Sqrt((a * a) + (b * b));

    private static bool IsZero<T>(T value)
        where T : INumberBase<T> => T.IsZero(value);

    private static BFloat16 RandomFinite(Random random, int minExponent = -133, int maxExponent = 127)
    {
        var value = (BFloat16)Math.ScaleB(1 + random.NextDouble(), random.Next(minExponent, maxExponent + 1));
        return random.Next(2) == 0 ? value : -value;
    }

    /// <summary>
    /// x·y + z rounded once: the product is exact in double and the sum is a double plus its exact error (two-sum). The
    /// error can only change the rounding when the double sum is exactly a midpoint of two bfloat16 values; then its
    /// sign picks the side.
    /// </summary>
    private static ushort ExactFusedMultiplyAdd(BFloat16 x, BFloat16 y, BFloat16 z)
    {
        var product = (double)x * (double)y;
        var sum = product + (double)z;
        var virtualZ = sum - product;
        var error = (product - (sum - virtualZ)) + ((double)z - virtualZ);
        var nearest = Float16Reference.Round(sum);
        if (error == 0)
        {
            return nearest;
        }

        var below = Float16Reference.Round(Math.BitDecrement(sum));
        var above = Float16Reference.Round(Math.BitIncrement(sum));
        var isMidpoint = below != above && Float16Reference.Value(below) + Float16Reference.Value(above) == 2 * sum;
        return isMidpoint ? (error > 0 ? above : below) : nearest;
    }
}
