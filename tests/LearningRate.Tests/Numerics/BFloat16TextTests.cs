using System.Globalization;
using System.Text;

namespace LearningRate.Tests.Numerics;

/// <summary>
/// Formatting prints the shortest string that parses back to the same bfloat16, in any culture; other format strings
/// format the exact value as float does; parsing rounds the parsed double once.
/// </summary>
public class BFloat16TextTests
{
    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(1f, "1")]
    [InlineData(-2.5f, "-2.5")]
    [InlineData(3.14159265f, "3.14")]
    [InlineData(1e38f, "1E+38")]
    [InlineData(65504f, "65500")]
    [InlineData(100f, "100")]
    [InlineData(9.18355E-41f, "9E-41")]
    [InlineData(0f, "0")]
    [InlineData(-0f, "-0")]
    [InlineData(float.PositiveInfinity, "∞")]
    [InlineData(float.NaN, "NaN")]
    public void ToString_IsTheShortestRoundTripString(float value, string expected) =>
        ((BFloat16)value).ToString(CultureInfo.InvariantCulture).Should().Be(expected == "∞" ? float.PositiveInfinity.ToString(CultureInfo.InvariantCulture) : expected);

    [Fact]
    public void EveryPattern_RoundTripsThroughItsString_InTwoCultures_AndNoShorterStringDoes()
    {
        var german = CultureInfo.GetCultureInfo("de-DE");
        Span<char> chars = stackalloc char[64];
        Span<byte> utf8 = stackalloc byte[64];
        for (var bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var value = BFloat16.FromBits((ushort)bits);
            if (BFloat16.IsNaN(value))
            {
                value.ToString(CultureInfo.InvariantCulture).Should().Be("NaN");
                continue;
            }

            foreach (var culture in new[] { CultureInfo.InvariantCulture, german })
            {
                var text = value.ToString(culture);
                Expect.Equal(BFloat16.Parse(text, culture).ToBits(), (ushort)bits, "'{0}' in {1}", text, culture.Name);
                var formatted = value.TryFormat(chars, out var written, default, culture);
                Expect.Equal(formatted ? chars[..written].ToString() : "(too short)", text, "TryFormat");
                formatted = value.TryFormat(utf8, out var bytes, "R", culture);
                Expect.Equal(formatted ? Encoding.UTF8.GetString(utf8[..bytes]) : "(too short)", text, "UTF-8 TryFormat");
            }

            // No string with fewer significant digits parses back to this value.
            var text0 = value.ToString(CultureInfo.InvariantCulture);
            var digits = SignificantDigits(text0);
            if (digits > 1 && BFloat16.IsFinite(value))
            {
                var shorter = ((float)value).ToString("G" + (digits - 1), CultureInfo.InvariantCulture);
                Expect.Equal(BFloat16.Parse(shorter, CultureInfo.InvariantCulture).ToBits() != bits, true, "'{0}' is shorter than '{1}'", shorter, text0);
            }
        }
    }

    [Fact]
    public void OtherFormats_FormatTheExactValueAsFloat()
    {
        var value = (BFloat16)0.1f;
        value.ToString("F5", CultureInfo.InvariantCulture).Should().Be("0.10010");
        value.ToString("E3", CultureInfo.InvariantCulture).Should().Be(((float)value).ToString("E3", CultureInfo.InvariantCulture));
        value.ToString("R", CultureInfo.InvariantCulture).Should().Be("0.1");
        Span<char> tiny = stackalloc char[2];
        value.TryFormat(tiny, out var written, default, CultureInfo.InvariantCulture).Should().BeFalse();
        written.Should().Be(0);
    }

    [Fact]
    public void Parse_RoundsOnce_AndRejectsWhatDoubleRejects()
    {
        BFloat16.Parse("1.00390625", CultureInfo.InvariantCulture).ToBits().Should().Be(0x3F80, "the midpoint of 1 and 1 + 2⁻⁷ rounds to even");
        BFloat16.Parse("1.0039062500001", CultureInfo.InvariantCulture).ToBits().Should().Be(0x3F81);
        BFloat16.Parse("1,5", NumberStyles.Float, CultureInfo.GetCultureInfo("de-DE")).Should().Be((BFloat16)1.5f);
        BFloat16.Parse("1e39", CultureInfo.InvariantCulture).Should().Be(BFloat16.PositiveInfinity);
        BFloat16.Parse("-Infinity", CultureInfo.InvariantCulture).Should().Be(BFloat16.NegativeInfinity);
        BFloat16.Parse("2.5"u8, CultureInfo.InvariantCulture).Should().Be((BFloat16)2.5f);
        BFloat16.Parse("2.5".AsSpan(), CultureInfo.InvariantCulture).Should().Be((BFloat16)2.5f);
        BFloat16.TryParse("abc", CultureInfo.InvariantCulture, out var failed).Should().BeFalse();
        failed.Should().Be(BFloat16.Zero);
        BFloat16.TryParse((string?)null, out _).Should().BeFalse();
        BFloat16.TryParse("0.5"u8, NumberStyles.Float, CultureInfo.InvariantCulture, out var half).Should().BeTrue();
        half.Should().Be((BFloat16)0.5f);
        var nullText = () => BFloat16.Parse((string)null!, CultureInfo.InvariantCulture);
        nullText.Should().Throw<ArgumentNullException>().WithParameterName("s");
        var bad = () => BFloat16.Parse("1..2", CultureInfo.InvariantCulture);
        bad.Should().Throw<FormatException>();
        var hex = () => BFloat16.Parse("1", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        hex.Should().Throw<ArgumentException>();
    }

    private static int SignificantDigits(string text) =>
        text.Split('E')[0].TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal).Trim('0').Length;
}
