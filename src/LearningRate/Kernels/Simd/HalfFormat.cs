using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// IEEE binary16 (<see cref="Half"/>): 1 sign, 5 exponent (bias 15), 10 significand bits. The conversions give the
/// bits of .NET's <c>(float)half</c> and <c>(Half)single</c> casts: widening is exact (NaN quieted), narrowing rounds
/// to nearest even, overflows to ±∞ from 65520 up, rounds into the subnormals exactly, and keeps a NaN's sign and
/// upper payload with the quiet bit set.
/// </summary>
internal readonly struct HalfFormat : IFloat16Format
{
    /// <summary>Float bits of 2⁻¹⁴, the smallest normal Half.</summary>
    private const uint SmallestNormal = 0x3880_0000;

    /// <summary>Float bits of 65520, halfway between <see cref="Half.MaxValue"/> and 2¹⁶: from here up, ∞.</summary>
    private const uint Overflow = 0x477F_F000;

    /// <summary>Float bits of 0.5, whose units in the last place are 2⁻²⁴, those of Half's subnormals.</summary>
    private const uint OneHalf = 0x3F00_0000;

    /// <summary>The exponent bias difference 127 − 15, in place.</summary>
    private const uint Rebias = 0x3800_0000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TBits Widen<TBits>(TBits bits)
        where TBits : struct, ISimdBits<TBits>
    {
        var sign = TBits.ShiftLeft(bits & TBits.Create(0x8000), 16);
        var magnitude = bits & TBits.Create(0x7FFF);
        var exponent = bits & TBits.Create(0x7C00);
        var shifted = TBits.ShiftLeft(magnitude, 13);

        // Normal: the same significand, the exponent moved from bias 15 to bias 127.
        var normal = shifted + TBits.Create(Rebias);

        // ∞ and NaN: exponent all ones, the same significand; a NaN gets the quiet bit.
        var isNaN = TBits.GreaterThan(magnitude, TBits.Create(0x7C00));
        var special = shifted | TBits.Create(0x7F80_0000) | (isNaN & TBits.Create(0x0040_0000));

        // Subnormal m·2⁻²⁴: the float 2⁻¹⁴·(1 + m/1024) minus 2⁻¹⁴, which is exact.
        var subnormal = TBits.SubtractSingle(shifted | TBits.Create(SmallestNormal), TBits.Create(SmallestNormal));

        var isSubnormal = TBits.Equals(exponent, TBits.Create(0));
        var isSpecial = TBits.Equals(exponent, TBits.Create(0x7C00));
        return TBits.ConditionalSelect(isSubnormal, subnormal, TBits.ConditionalSelect(isSpecial, special, normal)) | sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TBits Narrow<TBits>(TBits bits)
        where TBits : struct, ISimdBits<TBits>
    {
        var sign = TBits.ShiftRightLogical(bits, 16) & TBits.Create(0x8000);
        var magnitude = bits & TBits.Create(0x7FFF_FFFF);

        // Normal: rebias, then drop 13 bits rounding to nearest even (a carry steps the exponent, as it should).
        var lowestKept = TBits.ShiftRightLogical(magnitude, 13) & TBits.Create(1);
        var normal = TBits.ShiftRightLogical(magnitude - TBits.Create(Rebias) + TBits.Create(0x0FFF) + lowestKept, 13);

        // Subnormal: adding 0.5 rounds |x| to a multiple of 2⁻²⁴ (the float unit, round to nearest even); the
        // significand of the sum is then the Half subnormal's (0x400 when it rounds up to the smallest normal).
        var subnormal = TBits.AddSingle(magnitude, TBits.Create(OneHalf)) - TBits.Create(OneHalf);

        var nan = TBits.Create(0x7E00) | (TBits.ShiftRightLogical(magnitude, 13) & TBits.Create(0x03FF));
        var result = TBits.ConditionalSelect(
            TBits.GreaterThan(magnitude, TBits.Create(0x7F80_0000)),
            nan,
            TBits.ConditionalSelect(
                TBits.GreaterThan(magnitude, TBits.Create(Overflow - 1)),
                TBits.Create(0x7C00),
                TBits.ConditionalSelect(TBits.GreaterThan(magnitude, TBits.Create(SmallestNormal - 1)), normal, subnormal)));
        return result | sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TBits NarrowStochastic<TBits>(TBits bits, TBits random)
        where TBits : struct, ISimdBits<TBits>
    {
        var sign = TBits.ShiftRightLogical(bits, 16) & TBits.Create(0x8000);
        var magnitude = bits & TBits.Create(0x7FFF_FFFF);

        // Normal: 13 bits are dropped; adding 13 uniform bits carries into the kept part with probability
        // (dropped bits)/2¹³ exactly. Below 2¹⁶ the carry reaches at most 0x7C00, ∞ (the next value up).
        var normal = TBits.ShiftRightLogical(magnitude - TBits.Create(Rebias) + TBits.ShiftRightLogical(random, 19), 13);

        // Subnormal: in units of 2⁻²⁴, t = |x|·2²⁴ < 1024 (exact); up with probability frac(t), from 24 uniform bits
        // (exact unless |x| < 2⁻²⁴ has bits below 2⁻⁴⁸, where the probability errs by less than 2⁻²⁴).
        var scaled = TBits.MultiplySingle(magnitude, TBits.Create(0x4B80_0000));
        var floor = TBits.FloorSingle(scaled);
        var fraction = TBits.SubtractSingle(scaled, floor);
        var uniform = TBits.MultiplySingle(TBits.ConvertUInt32ToSingle(TBits.ShiftRightLogical(random, 8)), TBits.Create(0x3380_0000));
        var subnormal = TBits.ConvertSingleToUInt32(floor) + (TBits.LessThanSingle(uniform, fraction) & TBits.Create(1));

        var nan = TBits.Create(0x7E00) | (TBits.ShiftRightLogical(magnitude, 13) & TBits.Create(0x03FF));
        var result = TBits.ConditionalSelect(
            TBits.GreaterThan(magnitude, TBits.Create(0x7F80_0000)),
            nan,
            TBits.ConditionalSelect(
                TBits.GreaterThan(magnitude, TBits.Create(0x477F_FFFF)),
                TBits.Create(0x7C00),
                TBits.ConditionalSelect(TBits.GreaterThan(magnitude, TBits.Create(SmallestNormal - 1)), normal, subnormal)));
        return result | sign;
    }
}
