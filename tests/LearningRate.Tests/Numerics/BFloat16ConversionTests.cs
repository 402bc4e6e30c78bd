using System.Numerics;

namespace LearningRate.Tests.Numerics;

/// <summary>
/// <see cref="BFloat16"/>'s conversions against <see cref="Float16Reference"/>, the format written from its definition:
/// every one of the 65,536 bit patterns widened and rounded back, the rounding boundaries of every pattern, special
/// and random floats, doubles and integers whose rounding through float would land on a halfway point.
/// </summary>
public class BFloat16ConversionTests
{
    [Fact]
    public void Widening_EveryPattern_IsTheValueOfItsSignExponentAndSignificand()
    {
        for (var bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var widened = (float)BFloat16.FromBits((ushort)bits);
            var expected = Float16Reference.Value((ushort)bits);
            if (double.IsNaN(expected))
            {
                // A NaN keeps sign and payload, with the quiet bit set.
                Expect.Equal(BitConverter.SingleToUInt32Bits(widened), ((uint)bits << 16) | 0x0040_0000, "bits 0x{0:X4}", bits);
            }
            else
            {
                Expect.Equal((double)widened, expected, "bits 0x{0:X4}", bits);
                Expect.Equal(float.IsNegative(widened), (bits & 0x8000) != 0, "bits 0x{0:X4} keep their sign", bits);
            }
        }
    }

    [Fact]
    public void Narrowing_EveryWidenedPattern_GivesThePatternBack_AndANaNItsQuietForm()
    {
        for (var bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var value = BFloat16.FromBits((ushort)bits);
            var back = ((BFloat16)(float)value).ToBits();
            var isNaN = (bits & 0x7FFF) > 0x7F80;
            Expect.Equal(back, isNaN ? (ushort)(bits | 0x40) : (ushort)bits, "bits 0x{0:X4}", bits);
            Expect.Equal(((BFloat16)(double)value).ToBits(), back, "bits 0x{0:X4} through double", bits);
        }
    }

    [Fact]
    public void Narrowing_AtEveryRoundingBoundary_MatchesTheDefinition()
    {
        foreach (var x in BoundaryFloats())
        {
            Expect.Equal(((BFloat16)x).ToBits(), Float16Reference.Round(x), "x = 0x{0:X8}", BitConverter.SingleToUInt32Bits(x));
        }
    }

    [Fact]
    public void Narrowing_TiesGoToTheEvenSignificand()
    {
        // 1 + 2⁻⁸ lies halfway between 1 (even) and 1 + 2⁻⁷ (odd); 1 + 3·2⁻⁸ between 1 + 2⁻⁷ (odd) and 1 + 2⁻⁶ (even).
        ((BFloat16)(1f + MathF.ScaleB(1, -8))).ToBits().Should().Be(0x3F80);
        ((BFloat16)(1f + (3 * MathF.ScaleB(1, -8)))).ToBits().Should().Be(0x3F82);
        ((BFloat16)(-1f - MathF.ScaleB(1, -8))).ToBits().Should().Be(0xBF80);

        // Just off the midpoint goes to the nearer neighbour.
        ((BFloat16)MathF.BitIncrement(1f + MathF.ScaleB(1, -8))).ToBits().Should().Be(0x3F81);
        ((BFloat16)MathF.BitDecrement(1f + (3 * MathF.ScaleB(1, -8)))).ToBits().Should().Be(0x3F81);

        // Between subnormals, and between the largest subnormal and the smallest normal.
        ((BFloat16)BitConverter.UInt32BitsToSingle(0x0000_8000)).ToBits().Should().Be(0x0000);
        ((BFloat16)BitConverter.UInt32BitsToSingle(0x0001_8000)).ToBits().Should().Be(0x0002);
        ((BFloat16)BitConverter.UInt32BitsToSingle(0x007F_8000)).ToBits().Should().Be(0x0080);
    }

    [Fact]
    public void Narrowing_SpecialFloats_KeepSignsInfinitiesSubnormalsAndNaNs()
    {
        (uint Float, ushort Expected)[] cases =
        [
            (0x0000_0000, 0x0000), (0x8000_0000, 0x8000), (0x7F80_0000, 0x7F80), (0xFF80_0000, 0xFF80),
            (0x0000_0001, 0x0000), (0x8000_0001, 0x8000), (0x0001_0000, 0x0001), (0x007F_FFFF, 0x0080),
            (0x7F7F_FFFF, 0x7F80), (0xFF7F_FFFF, 0xFF80), (0x7F7F_7FFF, 0x7F7F), (0x7F7F_8000, 0x7F80),
            (0x7FC0_0000, 0x7FC0), (0xFFC0_0000, 0xFFC0), (0x7F80_0001, 0x7FC0), (0x7FBF_FFFF, 0x7FFF),
            (0xFF81_2345, 0xFFC1), (0x7FFF_FFFF, 0x7FFF),
        ];
        foreach (var (single, expected) in cases)
        {
            ((BFloat16)BitConverter.UInt32BitsToSingle(single)).ToBits().Should().Be(expected, $"0x{single:X8}");
        }
    }

    [Fact]
    public void Narrowing_RandomFloats_MatchesTheDefinition()
    {
        var random = new Random(16);
        for (var i = 0; i < 300_000; i++)
        {
            var x = BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32));
            Expect.Equal(((BFloat16)x).ToBits(), Float16Reference.Round(x), "x = 0x{0:X8}", BitConverter.SingleToUInt32Bits(x));
        }
    }

    [Fact]
    public void FromDouble_RoundsOnce_WhereRoundingThroughFloatWouldLandOnAMidpoint()
    {
        // 1 + 2⁻⁸ + 2⁻⁴⁰ is above the midpoint of 1 and 1 + 2⁻⁷; through float it becomes the midpoint and rounds down.
        var above = 1 + Math.ScaleB(1, -8) + Math.ScaleB(1, -40);
        ((BFloat16)(float)above).ToBits().Should().Be(0x3F80, "rounding twice goes wrong");
        ((BFloat16)above).ToBits().Should().Be(0x3F81);
        ((BFloat16)(-above)).ToBits().Should().Be(0xBF81);
        ((BFloat16)(1 + Math.ScaleB(1, -8) - Math.ScaleB(1, -40))).ToBits().Should().Be(0x3F80);

        // Below float's subnormals, above half of bfloat16's smallest subnormal.
        ((BFloat16)(Math.ScaleB(1, -134) + Math.ScaleB(1, -170))).ToBits().Should().Be(0x0001);
        ((BFloat16)Math.ScaleB(1, -134)).ToBits().Should().Be(0x0000);
        ((BFloat16)1e300).ToBits().Should().Be(0x7F80);
        ((BFloat16)double.NegativeInfinity).ToBits().Should().Be(0xFF80);
        BFloat16.IsNaN((BFloat16)double.NaN).Should().BeTrue();
    }

    [Fact]
    public void FromDouble_RandomDoubles_MatchesTheDefinition()
    {
        var random = new Random(64);
        for (var i = 0; i < 100_000; i++)
        {
            // Doubles in bfloat16's range, with every significand bit random.
            var x = Math.ScaleB(1 + random.NextDouble(), random.Next(-140, 129)) * (random.Next(2) == 0 ? 1 : -1);
            Expect.Equal(((BFloat16)x).ToBits(), Float16Reference.Round(x), "x = {0:R}", x);
        }
    }

    [Fact]
    public void FromIntegers_RoundOnce_AndMatchTheDefinition()
    {
        // 2⁶⁰ + 2⁵² + 1 is just above a midpoint; as a double it is the midpoint.
        var above = (1L << 60) + (1L << 52) + 1;
        ((BFloat16)above).ToBits().Should().Be(Float16Reference.Round(new BigInteger(above)));
        ((BFloat16)above).Should().Be((BFloat16)(double)((1L << 60) + (1L << 53)));
        ((BFloat16)long.MinValue).Should().Be((BFloat16)(-Math.ScaleB(1, 63)));
        ((BFloat16)UInt128.MaxValue).ToBits().Should().Be(0x7F80, "2¹²⁸ − 1 is past bfloat16's overflow threshold");
        ((BFloat16)Int128.MinValue).ToBits().Should().Be(0xFF00, "−2¹²⁷ is exact");

        var random = new Random(128);
        for (var i = 0; i < 20_000; i++)
        {
            var l = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            ((BFloat16)l).ToBits().Should().Be(Float16Reference.Round(new BigInteger(l)), $"{l}");
            var u = (ulong)random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            ((BFloat16)u).ToBits().Should().Be(Float16Reference.Round(new BigInteger(u)), $"{u}");
            var n = (int)(l >> 32);
            ((BFloat16)n).ToBits().Should().Be(Float16Reference.Round(new BigInteger(n)), $"{n}");
            var wide = new Int128((ulong)l, u);
            ((BFloat16)wide).ToBits().Should().Be(Float16Reference.Round((BigInteger)wide), $"{wide}");
        }
    }

    [Fact]
    public void SmallIntegerTypes_ConvertExactly()
    {
        for (var i = 0; i <= byte.MaxValue; i++)
        {
            BFloat16 value = (byte)i;
            ((float)value).Should().Be(i);
        }

        for (int i = sbyte.MinValue; i <= sbyte.MaxValue; i++)
        {
            BFloat16 value = (sbyte)i;
            ((float)value).Should().Be(i);
        }
    }

    [Fact]
    public void ToIntegers_TruncateAndSaturate_OrThrowWhenChecked()
    {
        ((int)(BFloat16)(-2.75f)).Should().Be(-2);
        var large = 300f;
        ((byte)(BFloat16)large).Should().Be((byte)large, "as the float conversion");
        ((int)(BFloat16)3e9f).Should().Be(int.MaxValue);
        ((int)BFloat16.NaN).Should().Be(0);
        ((long)BFloat16.NegativeInfinity).Should().Be(long.MinValue);
        var act = () => checked((int)BFloat16.PositiveInfinity);
        act.Should().Throw<OverflowException>();
        ((decimal)(BFloat16)0.5f).Should().Be(0.5m);
        ((BFloat16)1.25m).Should().Be((BFloat16)1.25f);
    }

    [Fact]
    public void HalfConversions_RoundOnce_EveryPattern()
    {
        for (var bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var half = BitConverter.UInt16BitsToHalf((ushort)bits);
            Expect.Equal(((BFloat16)half).ToBits(), Float16Reference.Round((double)half), "Half 0x{0:X4}", bits);
            var bf = BFloat16.FromBits((ushort)bits);
            Expect.Equal(BitConverter.HalfToUInt16Bits((Half)bf), BitConverter.HalfToUInt16Bits((Half)(float)bf), "bfloat16 0x{0:X4}", bits);
        }
    }

    [Fact]
    public void GenericCreate_ConvertsFromAndToEveryNumberType()
    {
        BFloat16.CreateChecked(1000L).Should().Be((BFloat16)1000f);
        BFloat16.CreateSaturating(Half.MaxValue).Should().Be((BFloat16)65504f);
        BFloat16.CreateTruncating(3.5m).Should().Be((BFloat16)3.5f);
        BFloat16.CreateChecked(BFloat16.Pi).Should().Be(BFloat16.Pi);
        double.CreateChecked(BFloat16.Pi).Should().Be(3.140625);
        Half.CreateChecked((BFloat16)0.1f).Should().Be((Half)(float)(BFloat16)0.1f);
        int.CreateSaturating(BFloat16.PositiveInfinity).Should().Be(int.MaxValue);
        var overflow = () => int.CreateChecked(BFloat16.MaxValue);
        overflow.Should().Throw<OverflowException>();
        Complex.CreateChecked((BFloat16)2f).Should().Be(new Complex(2, 0));
    }

    /// <summary>
    /// For every finite pattern: the value, the midpoint to the next pattern and the floats on either side of both;
    /// these are every place where rounding changes its answer.
    /// </summary>
    internal static IEnumerable<float> BoundaryFloats()
    {
        for (var bits = 0; bits < 0x7F80; bits++)
        {
            foreach (var sign in new[] { 1f, -1f })
            {
                var value = sign * (float)BFloat16.FromBits((ushort)bits);
                var next = sign * (float)Float16Reference.Value((ushort)(bits + 1));
                var midpoint = (float)(((double)value + next) / 2);
                yield return value;
                yield return MathF.BitIncrement(value);
                yield return MathF.BitDecrement(value);
                if (float.IsFinite(midpoint))
                {
                    yield return midpoint;
                    yield return MathF.BitIncrement(midpoint);
                    yield return MathF.BitDecrement(midpoint);
                }
            }
        }
    }
}
