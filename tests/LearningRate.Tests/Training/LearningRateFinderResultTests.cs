using System.Globalization;
using System.Xml.Linq;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// The suggestion rules on hand-worked curves, built straight from recorded points (no sweep), with the
/// trend switched off (<c>TrendWidth = 0</c>) so that every figure can be worked out on paper.
/// </summary>
public class LearningRateFinderResultTests
{
    private static readonly LearningRateFinderOptions s_raw = new() { TrendWidth = 0, SkipStart = 0, SkipEnd = 0 };

    [Fact]
    public void HandWorkedCurve_GivesEachRuleItsPoint_AndItsRationale()
    {
        // ln-rates evenly spaced by h = ln 10. Slopes: ends one-sided, inside central: (-1, -1.5, -1.25, 0.5, 1.5) / h.
        var result = Result(s_raw, [1e-4, 1e-3, 1e-2, 1e-1, 1], [5, 4, 2, 1.5, 3]);

        result.Steepest.Should().Be(new LearningRateSuggestion(
            SuggestionRule.Steepest, 1e-3, 1, 4,
            "The loss falls fastest here (-1.5 per decade of learning rate), so each step makes the most progress; an aggressive start, best with warmup or a decaying schedule."));
        result.MinimumOverTen.Should().Be(new LearningRateSuggestion(
            SuggestionRule.MinimumOverTen, 1e-1 / 10, 3, 1.5,
            "The loss is lowest at 0.1, the edge of stability, where the next rates already make it climb; a tenth of it stays clear of that edge: a conservative start."));
        // The longest descent runs over indices 0-3; its middle is index 0 + 3 / 2 = 1.
        result.Valley.Should().Be(new LearningRateSuggestion(
            SuggestionRule.Valley, 1e-3, 1, 4,
            "The longest descending stretch of the loss runs from 0.0001 to 0.1; its middle is well inside the region where training makes progress and far from the blow-up: a robust default."));
        result.Suggestions.Select(s => s.Rule).Should().Equal(SuggestionRule.Steepest, SuggestionRule.MinimumOverTen, SuggestionRule.Valley);
        result.Recommended.Should().BeSameAs(result.Valley);
        result.SpreadInDecades.Should().BeApproximately(1, 1e-12, "the suggestions span 1e-3 to 1e-2");
        result.StopReason.Should().Be(FinderStopReason.Completed);
    }

    [Fact]
    public void SkippedEnds_AreLeftOutOfEveryRule()
    {
        // n = 10, SkipStart 0.25 → from index floor(2.5) = 2; SkipEnd 1 → up to index 8. The global minimum (index 9)
        // and the steepest fall (indices 0-1) lie outside.
        var options = s_raw with { SkipStart = 0.25, SkipEnd = 1 };
        double[] losses = [9, 3, 2.9, 2.8, 2.7, 2.6, 2.65, 2.7, 2.75, 0];

        var result = Result(options, Rates(10), losses);

        result.MinimumOverTen!.Index.Should().Be(5);
        result.Steepest!.Index.Should().BeInRange(2, 8);
        result.Valley!.Index.Should().Be(3, "the descent over indices 2-5 has its middle at 2 + 3 / 2");
    }

    [Theory]
    [InlineData(5, 0.5, 1, 0)] // from 2 to 4: fewer than 3 points left, so the whole curve is used: minimum at 0
    [InlineData(6, 0.5, 0, 5)] // from 3 to 6: exactly 3 points, kept: minimum at 5
    public void TooFewPointsAfterSkipping_UsesTheWholeCurve(int n, double skipStart, int skipEnd, int minimumIndex)
    {
        var losses = Enumerable.Range(0, n).Select(i => i == 0 ? -1.0 : 10.0 - i).ToArray();

        var result = Result(s_raw with { SkipStart = skipStart, SkipEnd = skipEnd }, Rates(n), losses);

        result.MinimumOverTen!.Index.Should().Be(minimumIndex);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void FewerThanThreePoints_SuggestNothing(int n)
    {
        var result = Result(s_raw, Rates(n), Enumerable.Range(0, n).Select(i => 5.0 - i).ToArray());

        result.Suggestions.Should().BeEmpty();
        result.Recommended.Should().BeNull();
        result.SpreadInDecades.Should().Be(0);
    }

    [Fact]
    public void RisingLoss_HasNoSteepestNorValley_AndRecommendsTheMinimumOverTen()
    {
        var result = Result(s_raw, Rates(4), [1, 1, 2, 3]);

        result.Steepest.Should().BeNull("no slope is negative");
        result.Valley.Should().BeNull("no two points descend");
        result.MinimumOverTen!.Index.Should().Be(0, "the first of equal minima");
        result.Recommended.Should().BeSameAs(result.MinimumOverTen);
        result.SpreadInDecades.Should().Be(0, "one suggestion has no spread");
    }

    [Fact]
    public void ADescentWithoutANegativeSlope_GivesAValleyButNoSteepest()
    {
        // 0, 5, 4, 10: 5 → 4 descends, yet every centred slope is positive.
        var result = Result(s_raw, Rates(4), [0, 5, 4, 10]);

        result.Steepest.Should().BeNull();
        result.Valley!.Index.Should().Be(1, "the descent over indices 1-2 has its middle at 1 + 1 / 2");
        result.Recommended.Should().BeSameAs(result.Valley);
        result.Suggestions.Should().HaveCount(2);
        result.SpreadInDecades.Should().BeApproximately(2, 1e-12, "from a tenth of 1e-6 to 1e-5");
    }

    [Fact]
    public void ToSvg_OfAnEmptyResult_IsValid()
    {
        var result = Result(s_raw, [], []);

        XDocument.Parse(result.ToSvg()).Root!.Name.LocalName.Should().Be("svg");
    }

    [Fact]
    public void ThreePoints_AreEnoughForSuggestions()
    {
        var result = Result(s_raw, Rates(3), [3, 2, 1.5]);

        result.Suggestions.Should().HaveCount(3);
        result.Steepest!.Index.Should().Be(0, "the slopes are -1/h, -0.75/h and -0.5/h");
        result.Valley!.Index.Should().Be(1);
    }

    [Theory]
    [InlineData(10, 1.0)]  // n / 20 = 0.5: at least 1
    [InlineData(100, 5.0)] // n / 20
    public void Trend_DefaultsToAWidthOfAOneTwentiethOfTheCurve(int n, double sigma)
    {
        var random = new Random(n);
        var losses = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();

        var result = Result(s_raw with { TrendWidth = null }, Rates(n), losses);

        result.TrendLosses.Should().Equal(LossCurves.Trend(losses, sigma));
        result.Losses.Should().Equal(losses);
    }

    [Fact]
    public void ToSvg_MarksEachSuggestionInItsColour_AndCapsTheAxisAtTwiceTheDrop()
    {
        var result = Result(s_raw, [1e-4, 1e-3, 1e-2, 1e-1, 1], [5, 4, 2, 1.5, 30]);

        var svg = XDocument.Parse(result.ToSvg()).Root!;

        var labels = svg.Descendants().Where(e => e.Name.LocalName == "text" && e.Attribute("fill") is not null)
            .Select(e => (e.Value, e.Attribute("fill")!.Value)).ToList();
        labels.Should().Equal(("Steepest 0.001", "#d62728"), ("MinimumOverTen 0.01", "#9467bd"), ("Valley 0.001", "#2ca02c"));
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        texts.Should().Contain(["Learning-rate range test", "learning rate", "smoothed (online)", "trend", "1e-4", "1e0"]);
        texts.Count(t => t == "loss").Should().Be(2, "the axis label and the legend");
        var lines = svg.Descendants().Where(e => e.Name.LocalName == "polyline").ToList();
        lines.Select(l => l.Attribute("stroke")!.Value).Should().OnlyHaveUniqueItems().And.NotContain(string.Empty);
        lines.Where(l => l.Attribute("stroke-dasharray") is not null).Should().ContainSingle("the online average is dashed");
        // The y axis stops at 5 + 2·(5 - 1.5) = 12 (plus 5 % of its range), not at the final 30.
        var yTicks = svg.Descendants().Where(e => e.Name.LocalName == "text" && e.Attribute("text-anchor")?.Value == "end")
            .Select(e => double.Parse(e.Value, CultureInfo.InvariantCulture)).ToList();
        yTicks.Max().Should().BeInRange(10, 12.6);
    }

    [Fact]
    public void ToSvg_LinearSweep_HasALinearAxis_AndRisingTrendIsNotCapped()
    {
        var result = Result(s_raw with { Mode = SweepMode.Linear }, [0.1, 0.2, 0.3, 0.4], [1, 2, 3, 40]);

        var svg = XDocument.Parse(result.ToSvg(200, 150)).Root!;

        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        texts.Should().NotContain(t => t.StartsWith("1e", StringComparison.Ordinal));
        svg.Descendants().Where(e => e.Name.LocalName == "text" && e.Attribute("text-anchor")?.Value == "end")
            .Select(e => double.Parse(e.Value, CultureInfo.InvariantCulture)).Max().Should().Be(40, "the trend never falls below its start, so nothing caps the axis");
    }

    [Fact]
    public void ToSvg_Title_IsTheGivenOne_AndNullIsRefused()
    {
        var result = Result(s_raw, Rates(3), [3, 2, 1]);

        static List<string> Bold(string svg) => [.. XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text" && e.Attribute("font-weight")?.Value == "bold").Select(e => e.Value)];
        Bold(result.ToSvg(title: "Range test: Adam")).Should().Equal("Range test: Adam");
        Bold(result.ToSvg()).Should().Equal("Learning-rate range test");
        FluentActions.Invoking(() => result.ToSvg(title: null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("title");
    }

    [Theory]
    [InlineData(199, 420, "width")]
    [InlineData(720, 149, "height")]
    public void ToSvg_TooSmall_ThrowsNamingTheSize(int width, int height, string name)
    {
        var result = Result(s_raw, Rates(3), [3, 2, 1]);

        FluentActions.Invoking(() => result.ToSvg(width, height)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void WriteCsv_WritesEveryPointRoundTrippable()
    {
        var result = Result(s_raw, [0.001, 0.01, 0.1], [3, 2.5, 1.0 / 3]);
        var csv = new StringWriter();

        result.WriteCsv(csv);

        csv.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Should().Equal(
            "step,learning_rate,loss,smoothed_loss,trend_loss",
            "0,0.001,3,3,3",
            "1,0.01,2.5,2.5,2.5",
            "2,0.1,0.3333333333333333,0.3333333333333333,0.3333333333333333",
            string.Empty);
        FluentActions.Invoking(() => result.WriteCsv(null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("writer");
    }

    private static double[] Rates(int n) => Enumerable.Range(0, n).Select(i => Math.Pow(10, i - 6)).ToArray();

    private static LearningRateFinderResult Result(LearningRateFinderOptions options, double[] rates, double[] losses) =>
        new(options, [.. rates], [.. losses], [.. losses], FinderStopReason.Completed);
}
