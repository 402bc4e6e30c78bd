using System.Numerics;

namespace LearningRate.Tests.Numerics;

/// <summary>
/// bfloat16 written from its definition, independently of the library: a value is sign·2^(e−127)·(1 + m/128) for a
/// biased exponent e in 1..254, sign·2⁻¹³³·m for e = 0, ±∞ or NaN for e = 255. Rounding picks the nearer of the
/// two bfloat16 values that bracket x, compared against their exact midpoint; at the midpoint, the one whose last
/// significand bit is 0. Above the largest finite value the upper neighbour is 2¹²⁸ (IEEE's unbounded exponent), which
/// then stands for ∞.
/// </summary>
internal static class Float16Reference
{
    /// <summary>The value of bfloat16 bits as a double, from sign, exponent and significand (NaN for NaN).</summary>
    public static double Value(ushort bits)
    {
        var sign = (bits & 0x8000) != 0 ? -1.0 : 1.0;
        var exponent = (bits >> 7) & 0xFF;
        var significand = bits & 0x7F;
        return exponent switch
        {
            0 => sign * Math.ScaleB(significand, -133),
            255 => significand == 0 ? sign * double.PositiveInfinity : double.NaN,
            _ => sign * Math.ScaleB(128 + significand, exponent - 127 - 7),
        };
    }

    /// <summary>The magnitude of positive bfloat16 bits, with 0x7F80 read as 2¹²⁸ (the neighbour above the largest finite value).</summary>
    private static double Magnitude(int bits) => bits >= 0x7F80 ? Math.ScaleB(1.0, 128) : Value((ushort)bits);

    /// <summary>Rounds a double to the nearest bfloat16, ties to even, from the definition; NaN gives the quiet NaN with x's sign and upper payload.</summary>
    public static ushort Round(double x)
    {
        if (double.IsNaN(x))
        {
            var single = BitConverter.SingleToUInt32Bits((float)x);
            return (ushort)((single >> 16) | 0x40);
        }

        var sign = double.IsNegative(x) ? 0x8000 : 0;
        var magnitude = Math.Abs(x);
        if (double.IsPositiveInfinity(magnitude))
        {
            return (ushort)(sign | 0x7F80);
        }

        // Bracket: lower ≤ |x| < upper, by magnitude bits (ordered like the values).
        var lower = 0;
        for (var step = 0x4000; step > 0; step >>= 1)
        {
            if (lower + step <= 0x7F80 && Magnitude(lower + step) <= magnitude)
            {
                lower += step;
            }
        }

        if (lower >= 0x7F80)
        {
            return (ushort)(sign | 0x7F80);
        }

        var upper = lower + 1;
        var midpoint = (Magnitude(lower) + Magnitude(upper)) / 2; // exact: two neighbours differ in the last of 8 bits
        var chosen = magnitude < midpoint ? lower : magnitude > midpoint ? upper : (lower & 1) == 0 ? lower : upper;
        return (ushort)(sign | Math.Min(chosen, 0x7F80));
    }

    /// <summary>Rounds an integer exactly (through BigInteger arithmetic) to the nearest bfloat16, ties to even.</summary>
    public static ushort Round(BigInteger x)
    {
        var sign = x.Sign < 0 ? 0x8000 : 0;
        var magnitude = BigInteger.Abs(x);
        if (magnitude < (1 << 24))
        {
            return (ushort)(sign | Round((double)magnitude));
        }

        // Every bfloat16 of magnitude ≥ 2⁸ is an integer: compare 2|x| with the sum of the neighbours.
        var lower = 0;
        for (var step = 0x4000; step > 0; step >>= 1)
        {
            if (lower + step <= 0x7F80 && Integer(lower + step) <= magnitude)
            {
                lower += step;
            }
        }

        if (lower >= 0x7F80)
        {
            return (ushort)(sign | 0x7F80);
        }

        var twice = 2 * magnitude;
        var sum = Integer(lower) + Integer(lower + 1);
        var chosen = twice < sum ? lower : twice > sum ? lower + 1 : (lower & 1) == 0 ? lower : lower + 1;
        return (ushort)(sign | Math.Min(chosen, 0x7F80));
    }

    private static BigInteger Integer(int bits)
    {
        if (bits >= 0x7F80)
        {
            return BigInteger.One << 128;
        }

        var exponent = (bits >> 7) & 0xFF;
        var significand = 128 + (bits & 0x7F);
        var shift = exponent - 127 - 7;
        return shift >= 0 ? new BigInteger(significand) << shift : new BigInteger(significand) >> -shift;
    }
}
