namespace LearningRate;

/// <summary>Equality, ordering and classification, on the bits or on the exact float value.</summary>
public readonly partial struct BFloat16 :
    IComparable,
    IComparable<BFloat16>,
    IEquatable<BFloat16>,
    IMinMaxValue<BFloat16>
{
    /// <summary>Compares as IEEE 754 does: false when either side is NaN, and −0 equals +0.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the values are equal.</returns>
    public static bool operator ==(BFloat16 left, BFloat16 right) => (float)left == (float)right;

    /// <summary>Compares as IEEE 754 does: true when either side is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the values differ.</returns>
    public static bool operator !=(BFloat16 left, BFloat16 right) => (float)left != (float)right;

    /// <summary>Compares as IEEE 754 does: false when either side is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> is less than <paramref name="right"/>.</returns>
    public static bool operator <(BFloat16 left, BFloat16 right) => (float)left < (float)right;

    /// <summary>Compares as IEEE 754 does: false when either side is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> is greater than <paramref name="right"/>.</returns>
    public static bool operator >(BFloat16 left, BFloat16 right) => (float)left > (float)right;

    /// <summary>Compares as IEEE 754 does: false when either side is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> is less than or equal to <paramref name="right"/>.</returns>
    public static bool operator <=(BFloat16 left, BFloat16 right) => (float)left <= (float)right;

    /// <summary>Compares as IEEE 754 does: false when either side is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> is greater than or equal to <paramref name="right"/>.</returns>
    public static bool operator >=(BFloat16 left, BFloat16 right) => (float)left >= (float)right;

    /// <summary>
    /// Tells whether <paramref name="other"/> is the same value, with <see cref="float.Equals(float)"/>'s rules: every
    /// NaN equals every NaN (so a NaN can be a dictionary key), and −0 equals +0.
    /// </summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>Whether the values are equal in that sense.</returns>
    public bool Equals(BFloat16 other) => ((float)this).Equals((float)other);

    /// <summary>Tells whether <paramref name="obj"/> is a <see cref="BFloat16"/> equal to this one in the sense of <see cref="Equals(BFloat16)"/>.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns>Whether <paramref name="obj"/> is an equal <see cref="BFloat16"/>.</returns>
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <summary>Gets a hash code consistent with <see cref="Equals(BFloat16)"/>: every NaN hashes alike, and so do ±0.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => ((float)this).GetHashCode();

    /// <summary>Orders as <see cref="float.CompareTo(float)"/>: NaN before everything else (and equal to NaN), −0 equal to +0.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>Negative, zero or positive as this value orders before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(BFloat16 other) => ((float)this).CompareTo((float)other);

    /// <summary>Orders as <see cref="CompareTo(BFloat16)"/>; every value orders after null.</summary>
    /// <param name="obj">Null or a <see cref="BFloat16"/>.</param>
    /// <returns>Negative, zero or positive as this value orders before, with or after <paramref name="obj"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is neither null nor a <see cref="BFloat16"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        BFloat16 other => CompareTo(other),
        _ => throw new ArgumentException($"The object must be a {nameof(BFloat16)}.", nameof(obj)),
    };

    /// <summary>Tells whether the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether all exponent bits are set and the significand is not zero.</returns>
    public static bool IsNaN(BFloat16 value) => (value._bits & MagnitudeMask) > ExponentMask;

    /// <summary>Tells whether the value is +∞ or −∞.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is infinite.</returns>
    public static bool IsInfinity(BFloat16 value) => (value._bits & MagnitudeMask) == ExponentMask;

    /// <summary>Tells whether the value is +∞.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is +∞.</returns>
    public static bool IsPositiveInfinity(BFloat16 value) => value._bits == 0x7F80;

    /// <summary>Tells whether the value is −∞.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is −∞.</returns>
    public static bool IsNegativeInfinity(BFloat16 value) => value._bits == 0xFF80;

    /// <summary>Tells whether the value is finite: neither ±∞ nor NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is finite.</returns>
    public static bool IsFinite(BFloat16 value) => (value._bits & ExponentMask) != ExponentMask;

    /// <summary>Tells whether the sign bit is set: true for −0, −∞ and NaNs with the sign bit, as <see cref="float.IsNegative(float)"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the sign bit is set.</returns>
    public static bool IsNegative(BFloat16 value) => (value._bits & SignMask) != 0;

    /// <summary>Tells whether the sign bit is clear: true for +0, +∞ and NaNs without the sign bit.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the sign bit is clear.</returns>
    public static bool IsPositive(BFloat16 value) => (value._bits & SignMask) == 0;

    /// <summary>Tells whether the value is normal: finite, not zero and not subnormal.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the exponent bits are neither all clear nor all set.</returns>
    public static bool IsNormal(BFloat16 value) => value.BiasedExponent is not 0 and not 0xFF;

    /// <summary>Tells whether the value is subnormal: not zero, with all exponent bits clear.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is subnormal.</returns>
    public static bool IsSubnormal(BFloat16 value) => value.BiasedExponent == 0 && value.TrailingSignificand != 0;

    /// <summary>Tells whether the value is +0 or −0.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is zero.</returns>
    static bool INumberBase<BFloat16>.IsZero(BFloat16 value) => (value._bits & MagnitudeMask) == 0;

    /// <summary>Tells whether the value is a finite integer.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is an integer.</returns>
    public static bool IsInteger(BFloat16 value) => float.IsInteger((float)value);

    /// <summary>Tells whether the value is an even integer (every finite value of magnitude 2⁸ or more is).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is an even integer.</returns>
    public static bool IsEvenInteger(BFloat16 value) => float.IsEvenInteger((float)value);

    /// <summary>Tells whether the value is an odd integer.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is an odd integer.</returns>
    public static bool IsOddInteger(BFloat16 value) => float.IsOddInteger((float)value);

    /// <summary>Tells whether the value is a real number: true for everything but NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is not NaN.</returns>
    public static bool IsRealNumber(BFloat16 value) => !IsNaN(value);

    /// <summary>Tells whether the value is a power of two: positive, finite, with one significand bit (subnormals included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether the value is 2ⁿ for an integer n.</returns>
    public static bool IsPow2(BFloat16 value) => float.IsPow2((float)value);

    /// <summary>Always true: every bfloat16 encoding is canonical.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True.</returns>
    static bool INumberBase<BFloat16>.IsCanonical(BFloat16 value) => true;

    /// <summary>Always false: a real number.</summary>
    /// <param name="value">The value.</param>
    /// <returns>False.</returns>
    static bool INumberBase<BFloat16>.IsComplexNumber(BFloat16 value) => false;

    /// <summary>Always false: a real number.</summary>
    /// <param name="value">The value.</param>
    /// <returns>False.</returns>
    static bool INumberBase<BFloat16>.IsImaginaryNumber(BFloat16 value) => false;
}
