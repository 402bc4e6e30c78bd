using System.Diagnostics.CodeAnalysis;

namespace LearningRate;

/// <summary>
/// Conversions with the other numeric types, as <see cref="Half"/> has them: implicit from <see cref="byte"/> and
/// <see cref="sbyte"/> (exact), explicit otherwise. Integers round once, directly to the nearest bfloat16 (ties to even);
/// <see cref="decimal"/> goes through the nearest double. To integers the value truncates toward zero exactly as its
/// float value would (out-of-range values and NaN included), or throws <see cref="OverflowException"/> in a <c>checked</c>
/// context.
/// </summary>
public readonly partial struct BFloat16
{
    /// <summary>Converts exactly: every byte value has a bfloat16.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The same value.</returns>
    public static implicit operator BFloat16(byte value) => (BFloat16)(float)value;

    /// <summary>Converts exactly: every sbyte value has a bfloat16.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The same value.</returns>
    public static implicit operator BFloat16(sbyte value) => (BFloat16)(float)value;

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(char value) => (BFloat16)(float)value;

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(short value) => (BFloat16)(float)value;

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(ushort value) => (BFloat16)(float)value;

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(int value) => FromInteger(value < 0, (ulong)Math.Abs((long)value));

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(uint value) => FromInteger(false, value);

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(long value) => FromInteger(value < 0, value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value);

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(ulong value) => FromInteger(false, value);

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(nint value) => (BFloat16)(long)value;

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(nuint value) => (BFloat16)(ulong)value;

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(Int128 value) => FromInteger(value < 0, value < 0 ? (UInt128)(-(value + 1)) + 1 : (UInt128)value);

    /// <summary>Rounds to the nearest bfloat16, ties to even, in one rounding.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    public static explicit operator BFloat16(UInt128 value) => FromInteger(false, value);

    /// <summary>Rounds through the nearest double to the nearest bfloat16.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16 to the nearest double.</returns>
    public static explicit operator BFloat16(decimal value) => (BFloat16)(double)value;

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="byte"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator byte(BFloat16 value) => (byte)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="byte"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked byte(BFloat16 value) => checked((byte)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="sbyte"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator sbyte(BFloat16 value) => (sbyte)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="sbyte"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked sbyte(BFloat16 value) => checked((sbyte)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="char"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator char(BFloat16 value) => (char)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="char"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked char(BFloat16 value) => checked((char)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="short"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator short(BFloat16 value) => (short)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="short"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked short(BFloat16 value) => checked((short)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="ushort"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator ushort(BFloat16 value) => (ushort)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="ushort"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked ushort(BFloat16 value) => checked((ushort)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="int"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator int(BFloat16 value) => (int)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="int"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked int(BFloat16 value) => checked((int)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="uint"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator uint(BFloat16 value) => (uint)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="uint"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked uint(BFloat16 value) => checked((uint)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="long"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator long(BFloat16 value) => (long)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="long"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked long(BFloat16 value) => checked((long)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="ulong"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator ulong(BFloat16 value) => (ulong)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="ulong"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked ulong(BFloat16 value) => checked((ulong)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="nint"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator nint(BFloat16 value) => (nint)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="nint"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked nint(BFloat16 value) => checked((nint)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="nuint"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator nuint(BFloat16 value) => (nuint)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="nuint"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked nuint(BFloat16 value) => checked((nuint)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="Int128"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator Int128(BFloat16 value) => (Int128)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="Int128"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked Int128(BFloat16 value) => checked((Int128)(float)value);

    /// <summary>Truncates toward zero, as the explicit conversion of the float value to <see cref="UInt128"/> does (out-of-range values and NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part, saturated.</returns>
    public static explicit operator UInt128(BFloat16 value) => (UInt128)(float)value;

    /// <summary>Truncates toward zero; throws when the result is outside the range of <see cref="UInt128"/> or the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer part.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of range.</exception>
    public static explicit operator checked UInt128(BFloat16 value) => checked((UInt128)(float)value);

    /// <summary>Converts to decimal as the conversion from float does.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value as a decimal.</returns>
    /// <exception cref="OverflowException">The value is NaN, infinite or out of the range of decimal.</exception>
    public static explicit operator decimal(BFloat16 value) => (decimal)(float)value;

    /// <summary>Creates a bfloat16 from a value of any number type (<c>CreateChecked</c>, <c>CreateSaturating</c> and <c>CreateTruncating</c> agree: a float saturates to ±∞).</summary>
    /// <typeparam name="TOther">The source type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    /// <exception cref="NotSupportedException">Neither type knows how to convert to the other.</exception>
    public static BFloat16 CreateChecked<TOther>(TOther value)
        where TOther : INumberBase<TOther>
    {
        if (TryConvertFrom(value, out var result) || TOther.TryConvertToChecked(value, out result))
        {
            return result;
        }

        throw new NotSupportedException($"Cannot convert {typeof(TOther).Name} to {nameof(BFloat16)}.");
    }

    /// <summary>Creates a bfloat16 from a value of any number type (<c>CreateChecked</c>, <c>CreateSaturating</c> and <c>CreateTruncating</c> agree: a float saturates to ±∞).</summary>
    /// <typeparam name="TOther">The source type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    /// <exception cref="NotSupportedException">Neither type knows how to convert to the other.</exception>
    public static BFloat16 CreateSaturating<TOther>(TOther value)
        where TOther : INumberBase<TOther>
    {
        if (TryConvertFrom(value, out var result) || TOther.TryConvertToSaturating(value, out result))
        {
            return result;
        }

        throw new NotSupportedException($"Cannot convert {typeof(TOther).Name} to {nameof(BFloat16)}.");
    }

    /// <summary>Creates a bfloat16 from a value of any number type (<c>CreateChecked</c>, <c>CreateSaturating</c> and <c>CreateTruncating</c> agree: a float saturates to ±∞).</summary>
    /// <typeparam name="TOther">The source type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The nearest bfloat16.</returns>
    /// <exception cref="NotSupportedException">Neither type knows how to convert to the other.</exception>
    public static BFloat16 CreateTruncating<TOther>(TOther value)
        where TOther : INumberBase<TOther>
    {
        if (TryConvertFrom(value, out var result) || TOther.TryConvertToTruncating(value, out result))
        {
            return result;
        }

        throw new NotSupportedException($"Cannot convert {typeof(TOther).Name} to {nameof(BFloat16)}.");
    }

    /// <inheritdoc/>
    static bool INumberBase<BFloat16>.TryConvertFromChecked<TOther>(TOther value, out BFloat16 result) => TryConvertFrom(value, out result);

    /// <inheritdoc/>
    static bool INumberBase<BFloat16>.TryConvertToChecked<TOther>(BFloat16 value, [MaybeNullWhen(false)] out TOther result)
    {
        // Widening to float is exact, so converting the float converts this value with the target's own rounding.
        result = TOther.CreateChecked((float)value);
        return true;
    }

    /// <inheritdoc/>
    static bool INumberBase<BFloat16>.TryConvertFromSaturating<TOther>(TOther value, out BFloat16 result) => TryConvertFrom(value, out result);

    /// <inheritdoc/>
    static bool INumberBase<BFloat16>.TryConvertToSaturating<TOther>(BFloat16 value, [MaybeNullWhen(false)] out TOther result)
    {
        // Widening to float is exact, so converting the float converts this value with the target's own rounding.
        result = TOther.CreateSaturating((float)value);
        return true;
    }

    /// <inheritdoc/>
    static bool INumberBase<BFloat16>.TryConvertFromTruncating<TOther>(TOther value, out BFloat16 result) => TryConvertFrom(value, out result);

    /// <inheritdoc/>
    static bool INumberBase<BFloat16>.TryConvertToTruncating<TOther>(BFloat16 value, [MaybeNullWhen(false)] out TOther result)
    {
        // Widening to float is exact, so converting the float converts this value with the target's own rounding.
        result = TOther.CreateTruncating((float)value);
        return true;
    }

    /// <summary>Converts from the numeric types this struct knows, rounding once; false for any other type.</summary>
    /// <remarks>The type tests fold to one branch per instantiation, and the casts through object do not box.</remarks>
    private static bool TryConvertFrom<TOther>(TOther value, out BFloat16 result)
        where TOther : INumberBase<TOther>
    {
        if (typeof(TOther) == typeof(BFloat16))
        {
            result = (BFloat16)(object)value;
            return true;
        }

        if (typeof(TOther) == typeof(float))
        {
            var v = (float)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(double))
        {
            var v = (double)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(Half))
        {
            var v = (Half)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(decimal))
        {
            var v = (decimal)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(byte))
        {
            var v = (byte)(object)value;
            result = v;
            return true;
        }

        if (typeof(TOther) == typeof(sbyte))
        {
            var v = (sbyte)(object)value;
            result = v;
            return true;
        }

        if (typeof(TOther) == typeof(char))
        {
            var v = (char)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(short))
        {
            var v = (short)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(ushort))
        {
            var v = (ushort)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(int))
        {
            var v = (int)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(uint))
        {
            var v = (uint)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(long))
        {
            var v = (long)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(ulong))
        {
            var v = (ulong)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(nint))
        {
            var v = (nint)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(nuint))
        {
            var v = (nuint)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(Int128))
        {
            var v = (Int128)(object)value;
            result = (BFloat16)v;
            return true;
        }

        if (typeof(TOther) == typeof(UInt128))
        {
            var v = (UInt128)(object)value;
            result = (BFloat16)v;
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>
    /// Rounds an integer magnitude to bfloat16 in one rounding: the top 24 bits, the lowest of them set if any bit
    /// below was (round to odd), make a float that rounds to the nearest bfloat16 exactly as the integer would.
    /// </summary>
    private static BFloat16 FromInteger(bool negative, UInt128 magnitude)
    {
        var length = 128 - (int)UInt128.LeadingZeroCount(magnitude);
        var shift = Math.Max(0, length - 24);
        var kept = (uint)(magnitude >> shift);
        if (shift > 0 && (magnitude & ((UInt128.One << shift) - 1)) != 0)
        {
            kept |= 1;
        }

        var single = MathF.ScaleB(kept, shift);
        return (BFloat16)(negative ? -single : single);
    }
}
