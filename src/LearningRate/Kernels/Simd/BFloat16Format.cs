using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// bfloat16 (<see cref="BFloat16"/>): the upper 16 bits of a float. The conversions give the bits of
/// <see cref="BFloat16"/>'s own casts: widening shifts (NaN quieted), narrowing rounds to nearest even on the dropped
/// 16 bits (overflow to ±∞, subnormals kept) and keeps a NaN's sign and upper payload with the quiet bit set.
/// </summary>
internal readonly struct BFloat16Format : IFloat16Format
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TBits Widen<TBits>(TBits bits)
        where TBits : struct, ISimdBits<TBits>
    {
        var widened = TBits.ShiftLeft(bits, 16);
        var isNaN = TBits.GreaterThan(widened & TBits.Create(0x7FFF_FFFF), TBits.Create(0x7F80_0000));
        return widened | (isNaN & TBits.Create(0x0040_0000));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TBits Narrow<TBits>(TBits bits)
        where TBits : struct, ISimdBits<TBits>
    {
        var upper = TBits.ShiftRightLogical(bits, 16);
        var rounded = TBits.ShiftRightLogical(bits + TBits.Create(0x7FFF) + (upper & TBits.Create(1)), 16);
        return TBits.ConditionalSelect(IsNaN(bits), upper | TBits.Create(0x0040), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TBits NarrowStochastic<TBits>(TBits bits, TBits random)
        where TBits : struct, ISimdBits<TBits>
    {
        // 16 bits are dropped; adding 16 uniform bits carries into the kept part with probability (dropped bits)/2¹⁶
        // exactly, subnormals included; an exact value (dropped bits zero) never carries.
        var upper = TBits.ShiftRightLogical(bits, 16);
        var rounded = TBits.ShiftRightLogical(bits + TBits.ShiftRightLogical(random, 16), 16);
        return TBits.ConditionalSelect(IsNaN(bits), upper | TBits.Create(0x0040), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TBits IsNaN<TBits>(TBits bits)
        where TBits : struct, ISimdBits<TBits> =>
        TBits.GreaterThan(bits & TBits.Create(0x7FFF_FFFF), TBits.Create(0x7F80_0000));
}
