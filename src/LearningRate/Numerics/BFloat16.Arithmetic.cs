namespace LearningRate;

/// <summary>
/// Arithmetic, sign and magnitude operations. The basic operations run in float and round once to bfloat16: float's
/// 24 bits are more than twice bfloat16's 8 plus 2, so that single rounding is the correctly rounded result.
/// </summary>
public readonly partial struct BFloat16 :
    IBinaryFloatingPointIeee754<BFloat16>
{
    /// <summary>Adds, correctly rounded.</summary>
    /// <param name="left">The first addend.</param>
    /// <param name="right">The second addend.</param>
    /// <returns>The nearest bfloat16 to the exact sum.</returns>
    public static BFloat16 operator +(BFloat16 left, BFloat16 right) => (BFloat16)((float)left + (float)right);

    /// <summary>Subtracts, correctly rounded.</summary>
    /// <param name="left">The minuend.</param>
    /// <param name="right">The subtrahend.</param>
    /// <returns>The nearest bfloat16 to the exact difference.</returns>
    public static BFloat16 operator -(BFloat16 left, BFloat16 right) => (BFloat16)((float)left - (float)right);

    /// <summary>Multiplies, correctly rounded.</summary>
    /// <param name="left">The first factor.</param>
    /// <param name="right">The second factor.</param>
    /// <returns>The nearest bfloat16 to the exact product.</returns>
    public static BFloat16 operator *(BFloat16 left, BFloat16 right) => (BFloat16)((float)left * (float)right);

    /// <summary>Divides, correctly rounded.</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <returns>The nearest bfloat16 to the exact quotient.</returns>
    public static BFloat16 operator /(BFloat16 left, BFloat16 right) => (BFloat16)((float)left / (float)right);

    /// <summary>The remainder of truncated division, as the <c>%</c> of float (exact).</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <returns><c>left − right·trunc(left / right)</c>, with the sign of <paramref name="left"/>.</returns>
    public static BFloat16 operator %(BFloat16 left, BFloat16 right) => (BFloat16)((float)left % (float)right);

    /// <summary>Flips the sign bit (NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The negated value.</returns>
    public static BFloat16 operator -(BFloat16 value) => new((ushort)(value._bits ^ SignMask));

    /// <summary>Returns the value unchanged.</summary>
    /// <param name="value">The value.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static BFloat16 operator +(BFloat16 value) => value;

    /// <summary>Adds one, correctly rounded (a value of magnitude 2⁹ or more is unchanged).</summary>
    /// <param name="value">The value.</param>
    /// <returns><c>value + 1</c>, rounded.</returns>
    public static BFloat16 operator ++(BFloat16 value) => value + One;

    /// <summary>Subtracts one, correctly rounded.</summary>
    /// <param name="value">The value.</param>
    /// <returns><c>value − 1</c>, rounded.</returns>
    public static BFloat16 operator --(BFloat16 value) => value - One;

    /// <summary>Bitwise AND of the bit patterns.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>The value whose bits are the AND of both.</returns>
    static BFloat16 IBitwiseOperators<BFloat16, BFloat16, BFloat16>.operator &(BFloat16 left, BFloat16 right) => new((ushort)(left._bits & right._bits));

    /// <summary>Bitwise OR of the bit patterns.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>The value whose bits are the OR of both.</returns>
    static BFloat16 IBitwiseOperators<BFloat16, BFloat16, BFloat16>.operator |(BFloat16 left, BFloat16 right) => new((ushort)(left._bits | right._bits));

    /// <summary>Bitwise exclusive OR of the bit patterns.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>The value whose bits are the XOR of both.</returns>
    static BFloat16 IBitwiseOperators<BFloat16, BFloat16, BFloat16>.operator ^(BFloat16 left, BFloat16 right) => new((ushort)(left._bits ^ right._bits));

    /// <summary>Bitwise complement of the bit pattern.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value whose bits are the complement.</returns>
    static BFloat16 IBitwiseOperators<BFloat16, BFloat16, BFloat16>.operator ~(BFloat16 value) => new((ushort)~value._bits);

    /// <summary>
    /// Computes <c>(left × right) + addend</c> with one rounding: the product of two bfloat16 values is exact in
    /// double, the sum is made exact with a two-sum, and the pair is rounded to odd in double, then to bfloat16.
    /// </summary>
    /// <param name="left">The first factor.</param>
    /// <param name="right">The second factor.</param>
    /// <param name="addend">The addend.</param>
    /// <returns>The nearest bfloat16 to the exact <c>left × right + addend</c>.</returns>
    public static BFloat16 FusedMultiplyAdd(BFloat16 left, BFloat16 right, BFloat16 addend)
    {
        var product = (double)left * (double)right;
        var c = (double)addend;
        var sum = product + c;
        if (!double.IsFinite(sum))
        {
            return (BFloat16)sum;
        }

        // Knuth's two-sum: the exact error of the rounded sum.
        var virtualC = sum - product;
        var error = (product - (sum - virtualC)) + (c - virtualC);
        if (error != 0 && (BitConverter.DoubleToUInt64Bits(sum) & 1) == 0)
        {
            // Round to odd: the neighbour of the exact sum with an odd last bit, on the side of the error.
            sum = error > 0 ? Math.BitIncrement(sum) : Math.BitDecrement(sum);
        }

        return (BFloat16)sum;
    }

    /// <summary>As <see cref="FusedMultiplyAdd"/> (the estimate is exact).</summary>
    /// <param name="left">The first factor.</param>
    /// <param name="right">The second factor.</param>
    /// <param name="addend">The addend.</param>
    /// <returns>The nearest bfloat16 to the exact <c>left × right + addend</c>.</returns>
    public static BFloat16 MultiplyAddEstimate(BFloat16 left, BFloat16 right, BFloat16 addend) => FusedMultiplyAdd(left, right, addend);

    /// <summary>Clears the sign bit: |x| (NaN keeps its payload).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The absolute value.</returns>
    public static BFloat16 Abs(BFloat16 value) => new((ushort)(value._bits & MagnitudeMask));

    /// <summary>The magnitude of <paramref name="value"/> with the sign bit of <paramref name="sign"/>.</summary>
    /// <param name="value">The magnitude's source.</param>
    /// <param name="sign">The sign's source.</param>
    /// <returns>The combined value.</returns>
    public static BFloat16 CopySign(BFloat16 value, BFloat16 sign) => new((ushort)((value._bits & MagnitudeMask) | (sign._bits & SignMask)));

    /// <summary>−1, 0 or +1 as the value is negative, zero or positive.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The sign.</returns>
    /// <exception cref="ArithmeticException"><paramref name="value"/> is NaN.</exception>
    public static int Sign(BFloat16 value) => Math.Sign((float)value);

    /// <summary>IEEE 754:2019 maximum: NaN if either is NaN; +0 is greater than −0.</summary>
    /// <param name="x">The first value.</param>
    /// <param name="y">The second value.</param>
    /// <returns>The larger value.</returns>
    public static BFloat16 Max(BFloat16 x, BFloat16 y) => (BFloat16)float.Max((float)x, (float)y);

    /// <summary>IEEE 754:2019 minimum: NaN if either is NaN; −0 is less than +0.</summary>
    /// <param name="x">The first value.</param>
    /// <param name="y">The second value.</param>
    /// <returns>The smaller value.</returns>
    public static BFloat16 Min(BFloat16 x, BFloat16 y) => (BFloat16)float.Min((float)x, (float)y);

    /// <summary>IEEE 754:2019 maximumNumber: the other value if one is NaN.</summary>
    /// <param name="x">The first value.</param>
    /// <param name="y">The second value.</param>
    /// <returns>The larger number.</returns>
    public static BFloat16 MaxNumber(BFloat16 x, BFloat16 y) => (BFloat16)float.MaxNumber((float)x, (float)y);

    /// <summary>IEEE 754:2019 minimumNumber: the other value if one is NaN.</summary>
    /// <param name="x">The first value.</param>
    /// <param name="y">The second value.</param>
    /// <returns>The smaller number.</returns>
    public static BFloat16 MinNumber(BFloat16 x, BFloat16 y) => (BFloat16)float.MinNumber((float)x, (float)y);

    /// <summary>The value of larger magnitude (IEEE 754:2019 maximumMagnitude): NaN if either is NaN.</summary>
    /// <param name="x">The first value.</param>
    /// <param name="y">The second value.</param>
    /// <returns>The value of larger magnitude.</returns>
    public static BFloat16 MaxMagnitude(BFloat16 x, BFloat16 y) => (BFloat16)float.MaxMagnitude((float)x, (float)y);

    /// <summary>The value of smaller magnitude (IEEE 754:2019 minimumMagnitude): NaN if either is NaN.</summary>
    /// <param name="x">The first value.</param>
    /// <param name="y">The second value.</param>
    /// <returns>The value of smaller magnitude.</returns>
    public static BFloat16 MinMagnitude(BFloat16 x, BFloat16 y) => (BFloat16)float.MinMagnitude((float)x, (float)y);

    /// <summary>The value of larger magnitude (IEEE 754:2019 maximumMagnitudeNumber): the other value if one is NaN.</summary>
    /// <param name="x">The first value.</param>
    /// <param name="y">The second value.</param>
    /// <returns>The value of larger magnitude.</returns>
    public static BFloat16 MaxMagnitudeNumber(BFloat16 x, BFloat16 y) => (BFloat16)float.MaxMagnitudeNumber((float)x, (float)y);

    /// <summary>The value of smaller magnitude (IEEE 754:2019 minimumMagnitudeNumber): the other value if one is NaN.</summary>
    /// <param name="x">The first value.</param>
    /// <param name="y">The second value.</param>
    /// <returns>The value of smaller magnitude.</returns>
    public static BFloat16 MinMagnitudeNumber(BFloat16 x, BFloat16 y) => (BFloat16)float.MinMagnitudeNumber((float)x, (float)y);

    /// <summary>Clamps <paramref name="value"/> to <c>[min, max]</c> as <see cref="float.Clamp(float, float, float)"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <returns>The clamped value.</returns>
    /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
    public static BFloat16 Clamp(BFloat16 value, BFloat16 min, BFloat16 max) => (BFloat16)float.Clamp((float)value, (float)min, (float)max);

    /// <summary>The next larger value (−0 for the largest negative subnormal, <see cref="Epsilon"/> for ±0, +∞ for <see cref="MaxValue"/>); NaN and +∞ unchanged.</summary>
    /// <param name="x">The value.</param>
    /// <returns>The smallest value that compares greater than <paramref name="x"/>.</returns>
    public static BFloat16 BitIncrement(BFloat16 x)
    {
        var bits = x._bits;
        if ((bits & ExponentMask) == ExponentMask)
        {
            // NaN and +∞ stay; −∞ becomes the most negative finite value.
            return bits == 0xFF80 ? MinValue : x;
        }

        if (bits == SignMask)
        {
            return Epsilon;
        }

        return new((ushort)((bits & SignMask) != 0 ? bits - 1 : bits + 1));
    }

    /// <summary>The next smaller value (−<see cref="Epsilon"/> for ±0, −∞ for <see cref="MinValue"/>); NaN and −∞ unchanged.</summary>
    /// <param name="x">The value.</param>
    /// <returns>The largest value that compares less than <paramref name="x"/>.</returns>
    public static BFloat16 BitDecrement(BFloat16 x)
    {
        var bits = x._bits;
        if ((bits & ExponentMask) == ExponentMask)
        {
            // NaN and −∞ stay; +∞ becomes the largest finite value.
            return bits == 0x7F80 ? MaxValue : x;
        }

        if (bits == 0)
        {
            return new(0x8001);
        }

        return new((ushort)((bits & SignMask) != 0 ? bits + 1 : bits - 1));
    }

    /// <summary>The IEEE 754 remainder <c>x − y·n</c>, n the integer nearest <c>x / y</c> (exact).</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <returns>The remainder.</returns>
    public static BFloat16 Ieee754Remainder(BFloat16 left, BFloat16 right) => (BFloat16)MathF.IEEERemainder((float)left, (float)right);

    /// <summary>The unbiased exponent ⌊log₂|x|⌋ as an integer (subnormals included), with float's results for 0, ∞ and NaN.</summary>
    /// <param name="x">The value.</param>
    /// <returns>The exponent.</returns>
    public static int ILogB(BFloat16 x) => MathF.ILogB((float)x);

    /// <summary>Computes <c>x·2ⁿ</c>, correctly rounded.</summary>
    /// <param name="x">The value.</param>
    /// <param name="n">The power of two.</param>
    /// <returns>The scaled value.</returns>
    public static BFloat16 ScaleB(BFloat16 x, int n) => (BFloat16)MathF.ScaleB((float)x, n);

    /// <summary>The largest integer not greater than the value (exact).</summary>
    /// <param name="x">The value.</param>
    /// <returns>⌊x⌋.</returns>
    public static BFloat16 Floor(BFloat16 x) => (BFloat16)MathF.Floor((float)x);

    /// <summary>The smallest integer not less than the value (exact).</summary>
    /// <param name="x">The value.</param>
    /// <returns>⌈x⌉.</returns>
    public static BFloat16 Ceiling(BFloat16 x) => (BFloat16)MathF.Ceiling((float)x);

    /// <summary>The integer part, rounded toward zero (exact).</summary>
    /// <param name="x">The value.</param>
    /// <returns>The value truncated.</returns>
    public static BFloat16 Truncate(BFloat16 x) => (BFloat16)MathF.Truncate((float)x);

    /// <summary>The nearest integer, ties to even (exact).</summary>
    /// <param name="x">The value.</param>
    /// <returns>The value rounded.</returns>
    public static BFloat16 Round(BFloat16 x) => (BFloat16)MathF.Round((float)x);

    /// <summary>The nearest integer, ties as <paramref name="mode"/> says.</summary>
    /// <param name="x">The value.</param>
    /// <param name="mode">How to round a value halfway between two integers.</param>
    /// <returns>The value rounded.</returns>
    public static BFloat16 Round(BFloat16 x, MidpointRounding mode) => (BFloat16)MathF.Round((float)x, mode);

    /// <summary>Rounds to <paramref name="digits"/> fractional decimal digits in float, then to the nearest bfloat16.</summary>
    /// <param name="x">The value.</param>
    /// <param name="digits">The number of fractional decimal digits, 0 to 6.</param>
    /// <returns>The value rounded.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is outside 0 to 6.</exception>
    public static BFloat16 Round(BFloat16 x, int digits) => (BFloat16)MathF.Round((float)x, digits);

    /// <summary>Rounds to <paramref name="digits"/> fractional decimal digits in float, ties as <paramref name="mode"/> says, then to the nearest bfloat16.</summary>
    /// <param name="x">The value.</param>
    /// <param name="digits">The number of fractional decimal digits, 0 to 6.</param>
    /// <param name="mode">How to round a value halfway between two candidates.</param>
    /// <returns>The value rounded.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is outside 0 to 6.</exception>
    public static BFloat16 Round(BFloat16 x, int digits, MidpointRounding mode) => (BFloat16)MathF.Round((float)x, digits, mode);

    /// <summary>Linear interpolation <c>value1 + (value2 − value1)·amount</c>, computed in float and rounded.</summary>
    /// <param name="value1">The start.</param>
    /// <param name="value2">The end.</param>
    /// <param name="amount">The weight of the end.</param>
    /// <returns>The interpolated value.</returns>
    public static BFloat16 Lerp(BFloat16 value1, BFloat16 value2, BFloat16 amount) => (BFloat16)float.Lerp((float)value1, (float)value2, (float)amount);

    /// <summary>An estimate of <c>1 / x</c>: the correctly rounded reciprocal.</summary>
    /// <param name="x">The value.</param>
    /// <returns><c>1 / x</c>.</returns>
    public static BFloat16 ReciprocalEstimate(BFloat16 x) => One / x;

    /// <summary>An estimate of <c>1 / √x</c>, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns><c>1 / √x</c>.</returns>
    public static BFloat16 ReciprocalSqrtEstimate(BFloat16 x) => (BFloat16)(1f / MathF.Sqrt((float)x));
}
