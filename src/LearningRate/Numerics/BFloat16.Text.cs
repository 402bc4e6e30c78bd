using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace LearningRate;

/// <summary>
/// Formatting and parsing. The general format (<c>null</c>, empty, <c>"G"</c> or <c>"R"</c>) prints the shortest decimal
/// string that parses back to the same bfloat16 (<c>0.1</c>, <c>3.14</c>, <c>1E+38</c>); any other format string formats
/// the exact value as <see cref="float"/> would (<c>"F5"</c> of <c>0.1</c> is <c>0.10010</c>). Parsing accepts what
/// <see cref="double"/> parsing accepts and rounds the double once to the nearest bfloat16.
/// </summary>
public readonly partial struct BFloat16 :
    ISpanFormattable,
    IUtf8SpanFormattable
{
    private const NumberStyles DefaultStyles = NumberStyles.Float | NumberStyles.AllowThousands;

    /// <summary>"G1" to "G9": the precisions the shortest-string search tries in turn.</summary>
    private static readonly string[] s_generalFormats = ["G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8", "G9"];

    /// <summary>Formats the value as the shortest string that parses back to it, in the current culture.</summary>
    /// <returns>The string.</returns>
    public override string ToString() => ToString(null, null);

    /// <summary>Formats the value with <paramref name="format"/> in the current culture.</summary>
    /// <param name="format">A numeric format string; null, empty, "G" or "R" for the shortest round-trip string.</param>
    /// <returns>The string.</returns>
    public string ToString([StringSyntax(StringSyntaxAttribute.NumericFormat)] string? format) => ToString(format, null);

    /// <summary>Formats the value as the shortest string that parses back to it, with <paramref name="provider"/>'s conventions.</summary>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <returns>The string.</returns>
    public string ToString(IFormatProvider? provider) => ToString(null, provider);

    /// <summary>Formats the value with <paramref name="format"/> and <paramref name="formatProvider"/>'s conventions.</summary>
    /// <param name="format">A numeric format string; null, empty, "G" or "R" for the shortest round-trip string.</param>
    /// <param name="formatProvider">The culture-specific formatting information, or null for the current culture.</param>
    /// <returns>The string.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is not a valid numeric format string.</exception>
    public string ToString([StringSyntax(StringSyntaxAttribute.NumericFormat)] string? format, IFormatProvider? formatProvider)
    {
        if (!IsShortestFormat(format))
        {
            return ((float)this).ToString(format, formatProvider);
        }

        Span<char> buffer = stackalloc char[64];
        var formatted = TryFormatShortest(buffer, out var written, formatProvider);
        return formatted ? new string(buffer[..written]) : ((float)this).ToString(format, formatProvider);
    }

    /// <summary>Formats the value into <paramref name="destination"/>, as <see cref="ToString(string, IFormatProvider)"/> does.</summary>
    /// <param name="destination">Where to write the characters.</param>
    /// <param name="charsWritten">The number of characters written.</param>
    /// <param name="format">A numeric format string; empty, "G" or "R" for the shortest round-trip string.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <returns>Whether <paramref name="destination"/> was large enough.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, [StringSyntax(StringSyntaxAttribute.NumericFormat)] ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (!IsShortestFormat(format))
        {
            return ((float)this).TryFormat(destination, out charsWritten, format, provider);
        }

        Span<char> buffer = stackalloc char[64];
        if (TryFormatShortest(buffer, out var written, provider) && buffer[..written].TryCopyTo(destination))
        {
            charsWritten = written;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    /// <summary>Formats the value as UTF-8 into <paramref name="utf8Destination"/>, as <see cref="ToString(string, IFormatProvider)"/> does.</summary>
    /// <param name="utf8Destination">Where to write the UTF-8 bytes.</param>
    /// <param name="bytesWritten">The number of bytes written.</param>
    /// <param name="format">A numeric format string; empty, "G" or "R" for the shortest round-trip string.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <returns>Whether <paramref name="utf8Destination"/> was large enough.</returns>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, [StringSyntax(StringSyntaxAttribute.NumericFormat)] ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (!IsShortestFormat(format))
        {
            return ((float)this).TryFormat(utf8Destination, out bytesWritten, format, provider);
        }

        Span<char> buffer = stackalloc char[64];
        if (TryFormatShortest(buffer, out var written, provider) && Encoding.UTF8.TryGetBytes(buffer[..written], utf8Destination, out bytesWritten))
        {
            return true;
        }

        bytesWritten = 0;
        return false;
    }

    /// <summary>Parses a number in the current culture (styles <see cref="NumberStyles.Float"/> and <see cref="NumberStyles.AllowThousands"/>).</summary>
    /// <param name="s">The text.</param>
    /// <returns>The nearest bfloat16 to the number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a number.</exception>
    public static BFloat16 Parse(string s) => Parse(s, DefaultStyles, null);

    /// <summary>Parses a number with <paramref name="style"/> in the current culture.</summary>
    /// <param name="s">The text.</param>
    /// <param name="style">The permitted elements, as for <see cref="double.Parse(string, NumberStyles)"/>.</param>
    /// <returns>The nearest bfloat16 to the number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="style"/> is not a floating-point style.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a number.</exception>
    public static BFloat16 Parse(string s, NumberStyles style) => Parse(s, style, null);

    /// <summary>Parses a number with <paramref name="provider"/>'s conventions (styles <see cref="NumberStyles.Float"/> and <see cref="NumberStyles.AllowThousands"/>).</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <returns>The nearest bfloat16 to the number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a number.</exception>
    public static BFloat16 Parse(string s, IFormatProvider? provider) => Parse(s, DefaultStyles, provider);

    /// <summary>Parses a number with <paramref name="style"/> and <paramref name="provider"/>'s conventions.</summary>
    /// <param name="s">The text.</param>
    /// <param name="style">The permitted elements, as for <see cref="double.Parse(string, NumberStyles, IFormatProvider)"/>.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <returns>The nearest bfloat16 to the number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="style"/> is not a floating-point style.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a number.</exception>
    public static BFloat16 Parse(string s, NumberStyles style, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return (BFloat16)double.Parse(s, style, provider);
    }

    /// <summary>Parses a number with <paramref name="style"/> and <paramref name="provider"/>'s conventions.</summary>
    /// <param name="s">The text.</param>
    /// <param name="style">The permitted elements, as for <see cref="double.Parse(string, NumberStyles, IFormatProvider)"/>.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <returns>The nearest bfloat16 to the number.</returns>
    /// <exception cref="ArgumentException"><paramref name="style"/> is not a floating-point style.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a number.</exception>
    public static BFloat16 Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) => (BFloat16)double.Parse(s, style, provider);

    /// <summary>Parses a number with <paramref name="provider"/>'s conventions (styles <see cref="NumberStyles.Float"/> and <see cref="NumberStyles.AllowThousands"/>).</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <returns>The nearest bfloat16 to the number.</returns>
    /// <exception cref="FormatException"><paramref name="s"/> is not a number.</exception>
    public static BFloat16 Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s, DefaultStyles, provider);

    /// <summary>Parses a UTF-8 number with <paramref name="style"/> and <paramref name="provider"/>'s conventions.</summary>
    /// <param name="utf8Text">The UTF-8 text.</param>
    /// <param name="style">The permitted elements, as for <see cref="double.Parse(string, NumberStyles, IFormatProvider)"/>.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <returns>The nearest bfloat16 to the number.</returns>
    /// <exception cref="ArgumentException"><paramref name="style"/> is not a floating-point style.</exception>
    /// <exception cref="FormatException"><paramref name="utf8Text"/> is not a number.</exception>
    public static BFloat16 Parse(ReadOnlySpan<byte> utf8Text, NumberStyles style, IFormatProvider? provider) => (BFloat16)double.Parse(utf8Text, style, provider);

    /// <summary>Parses a UTF-8 number with <paramref name="provider"/>'s conventions (styles <see cref="NumberStyles.Float"/> and <see cref="NumberStyles.AllowThousands"/>).</summary>
    /// <param name="utf8Text">The UTF-8 text.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <returns>The nearest bfloat16 to the number.</returns>
    /// <exception cref="FormatException"><paramref name="utf8Text"/> is not a number.</exception>
    public static BFloat16 Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider) => Parse(utf8Text, DefaultStyles, provider);

    /// <summary>Tries to parse a number in the current culture.</summary>
    /// <param name="s">The text, or null.</param>
    /// <param name="result">The nearest bfloat16 to the number, or 0 on failure.</param>
    /// <returns>Whether <paramref name="s"/> is a number.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out BFloat16 result) => TryParse(s, DefaultStyles, null, out result);

    /// <summary>Tries to parse a number in the current culture.</summary>
    /// <param name="s">The text.</param>
    /// <param name="result">The nearest bfloat16 to the number, or 0 on failure.</param>
    /// <returns>Whether <paramref name="s"/> is a number.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out BFloat16 result) => TryParse(s, DefaultStyles, null, out result);

    /// <summary>Tries to parse a UTF-8 number in the current culture.</summary>
    /// <param name="utf8Text">The UTF-8 text.</param>
    /// <param name="result">The nearest bfloat16 to the number, or 0 on failure.</param>
    /// <returns>Whether <paramref name="utf8Text"/> is a number.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out BFloat16 result) => TryParse(utf8Text, DefaultStyles, null, out result);

    /// <summary>Tries to parse a number with <paramref name="provider"/>'s conventions.</summary>
    /// <param name="s">The text, or null.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <param name="result">The nearest bfloat16 to the number, or 0 on failure.</param>
    /// <returns>Whether <paramref name="s"/> is a number.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out BFloat16 result) => TryParse(s, DefaultStyles, provider, out result);

    /// <summary>Tries to parse a number with <paramref name="provider"/>'s conventions.</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <param name="result">The nearest bfloat16 to the number, or 0 on failure.</param>
    /// <returns>Whether <paramref name="s"/> is a number.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out BFloat16 result) => TryParse(s, DefaultStyles, provider, out result);

    /// <summary>Tries to parse a UTF-8 number with <paramref name="provider"/>'s conventions.</summary>
    /// <param name="utf8Text">The UTF-8 text.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <param name="result">The nearest bfloat16 to the number, or 0 on failure.</param>
    /// <returns>Whether <paramref name="utf8Text"/> is a number.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out BFloat16 result) => TryParse(utf8Text, DefaultStyles, provider, out result);

    /// <summary>Tries to parse a number with <paramref name="style"/> and <paramref name="provider"/>'s conventions.</summary>
    /// <param name="s">The text, or null.</param>
    /// <param name="style">The permitted elements, as for <see cref="double.TryParse(string, NumberStyles, IFormatProvider, out double)"/>.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <param name="result">The nearest bfloat16 to the number, or 0 on failure.</param>
    /// <returns>Whether <paramref name="s"/> is a number.</returns>
    /// <exception cref="ArgumentException"><paramref name="style"/> is not a floating-point style.</exception>
    public static bool TryParse([NotNullWhen(true)] string? s, NumberStyles style, IFormatProvider? provider, out BFloat16 result)
    {
        var parsed = double.TryParse(s, style, provider, out var value);
        result = parsed ? (BFloat16)value : default;
        return parsed;
    }

    /// <summary>Tries to parse a number with <paramref name="style"/> and <paramref name="provider"/>'s conventions.</summary>
    /// <param name="s">The text.</param>
    /// <param name="style">The permitted elements, as for <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider, out double)"/>.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <param name="result">The nearest bfloat16 to the number, or 0 on failure.</param>
    /// <returns>Whether <paramref name="s"/> is a number.</returns>
    /// <exception cref="ArgumentException"><paramref name="style"/> is not a floating-point style.</exception>
    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out BFloat16 result)
    {
        var parsed = double.TryParse(s, style, provider, out var value);
        result = parsed ? (BFloat16)value : default;
        return parsed;
    }

    /// <summary>Tries to parse a UTF-8 number with <paramref name="style"/> and <paramref name="provider"/>'s conventions.</summary>
    /// <param name="utf8Text">The UTF-8 text.</param>
    /// <param name="style">The permitted elements, as for <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out double)"/>.</param>
    /// <param name="provider">The culture-specific formatting information, or null for the current culture.</param>
    /// <param name="result">The nearest bfloat16 to the number, or 0 on failure.</param>
    /// <returns>Whether <paramref name="utf8Text"/> is a number.</returns>
    /// <exception cref="ArgumentException"><paramref name="style"/> is not a floating-point style.</exception>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, NumberStyles style, IFormatProvider? provider, out BFloat16 result)
    {
        var parsed = double.TryParse(utf8Text, style, provider, out var value);
        result = parsed ? (BFloat16)value : default;
        return parsed;
    }

    private static bool IsShortestFormat(ReadOnlySpan<char> format) => format.IsEmpty || format is "G" or "g" or "R" or "r";

    /// <summary>
    /// Writes the shortest string that parses back to this value: the fewest significant digits (1 to 9; a bfloat16
    /// needs at most 4, and 9 always round-trip, as they do for float) in float's own notation for that decimal, so
    /// 100 prints as "100" and 10³⁸ as "1E+38", as <see cref="Half"/> and float print them.
    /// </summary>
    private bool TryFormatShortest(Span<char> destination, out int charsWritten, IFormatProvider? provider)
    {
        var value = (float)this;
        if (!float.IsFinite(value))
        {
            return value.TryFormat(destination, out charsWritten, default, provider);
        }

        Span<char> digits = stackalloc char[32];
        foreach (var format in s_generalFormats)
        {
            if (!value.TryFormat(digits, out var length, format, provider))
            {
                break;
            }

            if (TryParse(digits[..length], NumberStyles.Float, provider, out var parsed) && parsed._bits == _bits)
            {
                // The decimal as a float prints as exactly those digits, in float's choice of notation.
                var decimalValue = float.Parse(digits[..length], NumberStyles.Float, provider);
                if (decimalValue.TryFormat(destination, out charsWritten, default, provider)
                    && TryParse(destination[..charsWritten], NumberStyles.Float, provider, out parsed) && parsed._bits == _bits)
                {
                    return true;
                }

                if (digits[..length].TryCopyTo(destination))
                {
                    charsWritten = length;
                    return true;
                }

                charsWritten = 0;
                return false;
            }
        }

        return value.TryFormat(destination, out charsWritten, "R", provider);
    }
}
