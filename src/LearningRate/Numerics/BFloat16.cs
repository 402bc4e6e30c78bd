using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LearningRate;

/// <summary>
/// bfloat16, the 16-bit floating-point storage type of machine learning: the upper 16 bits of an IEEE binary32
/// <see cref="float"/> (1 sign bit, 8 exponent bits, 7 stored significand bits), so it has float's range with
/// 8 bits of precision (about 2.4 significant decimal digits; <see cref="Epsilon"/> is 2⁻¹³³, the largest finite
/// value about 3.39·10³⁸). .NET has no bfloat16; the library stores parameters and gradients in it as in
/// <see cref="Half"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every operation works as <see cref="Half"/> does: the operands are widened to <see cref="float"/> (exactly), the
/// operation runs in float, and the result is rounded back to the nearest bfloat16, ties to even. For
/// <c>+ − × ÷ %</c>, <see cref="Sqrt"/> and <see cref="FusedMultiplyAdd"/> that is the correctly rounded result (float
/// carries more than twice bfloat16's precision, so the two roundings never disagree; the fused multiply-add rounds
/// once, through an exact sum); the transcendental functions have float's accuracy before the final rounding.
/// Conversions from <see cref="double"/> and from integers round once, directly to bfloat16.
/// </para>
/// <para>
/// IEEE 754 semantics throughout: ±0, ±∞, subnormals (no flush to zero), NaN. A NaN stays a NaN through every
/// conversion and keeps the upper bits of its payload, quieted: a signalling NaN comes out of a conversion as the
/// quiet NaN with the same sign and upper payload bits, as the hardware conversions and <see cref="Half"/> do.
/// Rounding from float overflows to ±∞ above the largest finite value plus half a unit in the last place.
/// </para>
/// <para>
/// Formatting prints the shortest decimal string that parses back to the same value (<c>0.1</c>, not float's
/// <c>0.10009766</c>) for the general format, and formats the exact value as a float otherwise; parsing reads a
/// double and rounds it once to bfloat16.
/// </para>
/// </remarks>
[StructLayout(LayoutKind.Sequential, Size = 2)]
[DebuggerDisplay("{ToString(),nq}")]
public readonly partial struct BFloat16
{
    private const ushort SignMask = 0x8000;
    private const ushort MagnitudeMask = 0x7FFF;
    private const ushort ExponentMask = 0x7F80;
    private const ushort TrailingSignificandMask = 0x007F;
    private const ushort QuietBit = 0x0040;
    private const int ExponentBias = 127;
    private const int TrailingSignificandBits = 7;

    private readonly ushort _bits;

    private BFloat16(ushort bits) => _bits = bits;

    /// <summary>Gets the bit pattern of this value: the upper 16 bits of the binary32 with the same sign, exponent and leading significand bits.</summary>
    /// <returns>The 16 bits as stored.</returns>
    public ushort ToBits() => _bits;

    /// <summary>Creates a value from its bit pattern, as stored (no conversion, no quieting of a signalling NaN).</summary>
    /// <param name="bits">The 16 bits: sign, 8 exponent bits, 7 significand bits.</param>
    /// <returns>The value with those bits.</returns>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>Gets the smallest positive value, the subnormal 2⁻¹³³ (bits <c>0x0001</c>).</summary>
    public static BFloat16 Epsilon => new(0x0001);

    /// <summary>Gets the largest finite value, (2 − 2⁻⁷)·2¹²⁷ ≈ 3.3895·10³⁸ (bits <c>0x7F7F</c>).</summary>
    public static BFloat16 MaxValue => new(0x7F7F);

    /// <summary>Gets the most negative finite value, −(2 − 2⁻⁷)·2¹²⁷ (bits <c>0xFF7F</c>).</summary>
    public static BFloat16 MinValue => new(0xFF7F);

    /// <summary>Gets a quiet NaN with the sign bit set, as float's <see cref="float.NaN"/> (bits <c>0xFFC0</c>).</summary>
    public static BFloat16 NaN => new(0xFFC0);

    /// <summary>Gets +∞ (bits <c>0x7F80</c>).</summary>
    public static BFloat16 PositiveInfinity => new(0x7F80);

    /// <summary>Gets −∞ (bits <c>0xFF80</c>).</summary>
    public static BFloat16 NegativeInfinity => new(0xFF80);

    /// <summary>Gets −0 (bits <c>0x8000</c>).</summary>
    public static BFloat16 NegativeZero => new(0x8000);

    /// <summary>Gets +0 (bits <c>0x0000</c>).</summary>
    public static BFloat16 Zero => new(0x0000);

    /// <summary>Gets 1 (bits <c>0x3F80</c>).</summary>
    public static BFloat16 One => new(0x3F80);

    /// <summary>Gets −1 (bits <c>0xBF80</c>).</summary>
    public static BFloat16 NegativeOne => new(0xBF80);

    /// <summary>Gets e rounded to bfloat16, 2.71875 (bits <c>0x402E</c>).</summary>
    public static BFloat16 E => new(0x402E);

    /// <summary>Gets π rounded to bfloat16, 3.140625 (bits <c>0x4049</c>).</summary>
    public static BFloat16 Pi => new(0x4049);

    /// <summary>Gets τ = 2π rounded to bfloat16, 6.28125 (bits <c>0x40C9</c>).</summary>
    public static BFloat16 Tau => new(0x40C9);

    /// <summary>Gets the additive identity, +0.</summary>
    static BFloat16 IAdditiveIdentity<BFloat16, BFloat16>.AdditiveIdentity => Zero;

    /// <summary>Gets the multiplicative identity, 1.</summary>
    public static BFloat16 MultiplicativeIdentity => One;

    /// <summary>Gets the radix of the representation, 2.</summary>
    static int INumberBase<BFloat16>.Radix => 2;

    /// <summary>Gets all 16 bits set (a NaN), the identity of <c>&amp;</c> on bit patterns.</summary>
    static BFloat16 IBinaryNumber<BFloat16>.AllBitsSet => new(0xFFFF);

    private byte BiasedExponent => (byte)((_bits & ExponentMask) >> TrailingSignificandBits);

    private ushort TrailingSignificand => (ushort)(_bits & TrailingSignificandMask);

    /// <summary>Widens to float: exact for every finite value and ±∞; a NaN keeps its sign and payload, quieted.</summary>
    /// <param name="value">The value to widen.</param>
    /// <returns>The same value as a float.</returns>
    public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle(WidenBits(value._bits));

    /// <summary>Widens to double: exact for every finite value and ±∞; a NaN keeps its sign and payload, quieted.</summary>
    /// <param name="value">The value to widen.</param>
    /// <returns>The same value as a double.</returns>
    public static explicit operator double(BFloat16 value) => (float)value;

    /// <summary>Rounds a float to the nearest bfloat16, ties to even; overflows to ±∞, keeps subnormals, quiets NaN.</summary>
    /// <param name="value">The value to round.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(float value) => new(NarrowBits(BitConverter.SingleToUInt32Bits(value)));

    /// <summary>
    /// Rounds a double to the nearest bfloat16, ties to even, in one rounding (not through float, whose rounding
    /// could land on a bfloat16 halfway point); overflows to ±∞, quiets NaN.
    /// </summary>
    /// <param name="value">The value to round.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(double value) => (BFloat16)RoundToOddSingle(value);

    /// <summary>Converts a <see cref="Half"/> to the nearest bfloat16, ties to even (bfloat16 has 3 fewer significand bits, 3 more exponent bits).</summary>
    /// <param name="value">The value to convert.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(Half value) => (BFloat16)(float)value;

    /// <summary>Converts to the nearest <see cref="Half"/>, ties to even; overflows to ±∞ above 65520, rounds small values to Half's subnormals.</summary>
    /// <param name="value">The value to convert.</param>
    /// <returns>The nearest Half.</returns>
    public static explicit operator Half(BFloat16 value) => (Half)(float)value;

    /// <summary>Widens bfloat16 bits to binary32 bits: a shift, and the quiet bit set on a NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint WidenBits(ushort bits)
    {
        var widened = (uint)bits << 16;
        return (widened & 0x7FFF_FFFFu) > 0x7F80_0000u ? widened | 0x0040_0000u : widened;
    }

    /// <summary>
    /// Rounds binary32 bits to bfloat16 bits, to nearest, ties to even: adding <c>0x7FFF</c> plus the lowest kept
    /// bit carries into the kept bits exactly when the dropped half is above the midpoint, or at it with an odd
    /// kept part; a carry out of the significand steps the exponent (up to ∞), as it should. A NaN keeps its upper
    /// payload with the quiet bit set (adding could carry it into an infinity).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ushort NarrowBits(uint bits)
    {
        if ((bits & 0x7FFF_FFFFu) > 0x7F80_0000u)
        {
            return (ushort)((bits >> 16) | QuietBit);
        }

        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    /// <summary>
    /// Converts a double to float rounding to odd: toward zero, then the lowest bit set if anything was dropped.
    /// Float keeps 16 more bits than bfloat16 (also among subnormals), so rounding the result to nearest bfloat16
    /// gives the correctly rounded double → bfloat16 conversion: a value off a halfway point never lands on it.
    /// </summary>
    private static float RoundToOddSingle(double value)
    {
        var single = (float)value;
        if (double.IsNaN(value) || (double)single == value)
        {
            return single;
        }

        var bits = BitConverter.SingleToUInt32Bits(single);
        if (Math.Abs((double)single) > Math.Abs(value))
        {
            // Rounded away from zero (∞ included): step the magnitude back toward zero.
            bits--;
        }

        return BitConverter.UInt32BitsToSingle(bits | 1u);
    }
}
