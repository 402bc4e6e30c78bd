using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// Widths against DejaVu Sans's advance widths, transcribed by hand from the font (2048 units per em,
/// in thousandths of an em); SvgChartInBrowserTests checks the whole table against a browser.
/// </summary>
public class SvgTextMetricsTests
{
    [Theory]
    [InlineData("Hi", 12, false, (752 + 278) * 12 / 1000.0)]
    [InlineData("Hi", 12, true, (837 + 343) * 12 / 1000.0)]
    [InlineData("W.", 10, false, (989 + 318) * 10 / 1000.0)]
    [InlineData("~ ", 20, true, (838 + 348) * 20 / 1000.0)]
    [InlineData("a·b", 12, false, (613 + 318 + 635) * 12 / 1000.0)]
    [InlineData("γ–→", 10, false, (592 + 500 + 838) * 10 / 1000.0)]
    [InlineData("", 12, false, 0.0)]
    public void Width_SumsTheAdvanceWidths(string text, double size, bool bold, double expected) =>
        SvgTextMetrics.Width(text, size, bold).Should().BeApproximately(expected, 1e-9);

    [Theory]
    [InlineData("€")]
    [InlineData("中")]
    [InlineData("\t")]
    public void Width_OfACharacterOutsideTheTable_IsAFullEm(string text) =>
        SvgTextMetrics.Width(text, 12).Should().Be(12);

    [Fact]
    public void LineHeight_IsAscentPlusDescent() =>
        SvgTextMetrics.LineHeight(10).Should().BeApproximately((1901 + 483) / 2048.0 * 10, 0.01);
}
