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

        result.DescentFound.Should().BeTrue();
        result.Steepest.Should().Be(new LearningRateSuggestion(
            SuggestionRule.Steepest, 1e-3, 1, 4,
            "The loss falls fastest here (-1.5 per decade of learning rate): the most progress per step, but the rule most sensitive to noise. A bold constant rate; safer as the peak of a schedule with warmup."));
        result.MinimumOverTen.Should().Be(new LearningRateSuggestion(
            SuggestionRule.MinimumOverTen, 1e-1 / 10, 3, 1.5,
            "A tenth of the rate of the lowest loss (0.1), fastai's \"minimum\": one decade back from where the loss stops improving. A conservative constant rate."));
        // The longest descent runs over indices 0-3; its middle is index 0 + 3 / 2 = 1.
        result.Valley.Should().Be(new LearningRateSuggestion(
            SuggestionRule.Valley, 1e-3, 1, 4,
            "The middle of the longest descending stretch of the loss (0.0001 to 0.1), fastai's default: training surely makes progress here, far from the blow-up. A safe constant rate, usually not the fastest: a schedule with warmup and decay can peak much higher, near the loss minimum."));
        result.LossMinimum.Should().Be(new LearningRateSuggestion(
            SuggestionRule.LossMinimum, 1e-1, 3, 1.5,
            "The loss is lowest here, and larger rates make it climb. Too high for a constant rate, it is the peak Smith takes for a schedule with warmup and decay (1cycle, warmup + cosine): the warmup protects the start and the decay the end."));
        result.Suggestions.Select(s => s.Rule).Should().Equal(SuggestionRule.Steepest, SuggestionRule.MinimumOverTen, SuggestionRule.Valley, SuggestionRule.LossMinimum);
        result.Recommended.Should().BeSameAs(result.Valley);
        result.SpreadInDecades.Should().BeApproximately(1, 1e-12, "the start rules span 1e-3 to 1e-2; the loss minimum is not one of them");

        // The evidence, by hand: the largest fall is 5 → 1.5 = 3.5. Second differences -1, 1.5, 2: median 1.5, absolute
        // deviations 2.5, 0, 0.5 with median 0.5, so σ̂ = 1.4826·0.5/√6; without smoothing ρ = 1.
        result.Drop.Should().Be(3.5);
        result.Noise.Should().BeApproximately(1.4826 * 0.5 / Math.Sqrt(6), 1e-15);
        result.SignalToNoise.Should().BeApproximately(3.5 / (1.4826 * 0.5 / Math.Sqrt(6)), 1e-12);
        result.Summary.Should().Be(
            "Descent found: the loss trend falls from 5 at 0.0001 to 1.5 at 0.1 (12 times the trend's noise). For a constant rate, start at the Valley (0.001): safe, but rarely the fastest."
            + " For a schedule with warmup and decay (1cycle, warmup + cosine), peak near the loss minimum (0.1).");
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
        result.LossMinimum!.Index.Should().Be(5);
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

        result.LossMinimum!.Index.Should().Be(minimumIndex);
    }

    [Fact]
    public void MinimumOverTen_BelowTheSweep_IsLeftOut()
    {
        // The minimum sits at the first point (1e-6): a tenth of it was never tried.
        var result = Result(s_raw, Rates(5), [-1, 9, 8, 7, 6]);

        result.DescentFound.Should().BeTrue("9 falls to 6 without noise");
        result.LossMinimum!.LearningRate.Should().Be(1e-6);
        result.MinimumOverTen.Should().BeNull();
        var (first, last) = (result.LearningRates[0], result.LearningRates[^1]);
        result.Suggestions.Should().OnlyContain(s => s.LearningRate >= first && s.LearningRate <= last);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void FewerThanFivePoints_SuggestNothing(int n)
    {
        var result = Result(s_raw, Rates(n), Enumerable.Range(0, n).Select(i => 5.0 - i).ToArray());

        result.NoDescentReason.Should().Be(NoDescentReason.TooFewPoints);
        result.Suggestions.Should().BeEmpty();
        result.Recommended.Should().BeNull();
        result.SpreadInDecades.Should().BeNull();
        result.Summary.Should().Be($"No descent found (TooFewPoints): only {n} points were recorded; telling a trend from noise needs at least 5, and 100 or more is usual. Raise Steps. No learning rate is suggested.");
    }

    [Fact]
    public void RisingLoss_IsRising_AndSuggestsNothing()
    {
        var result = Result(s_raw, Rates(5), [1, 1, 2, 3, 4]);

        result.NoDescentReason.Should().Be(NoDescentReason.Rising);
        result.Suggestions.Should().BeEmpty();
        result.Recommended.Should().BeNull();
        result.LossMinimum.Should().BeNull();
        result.Drop.Should().Be(0);
        result.SignalToNoise.Should().Be(0);
    }

    [Fact]
    public void ToSvg_OfAnEmptyResult_IsValid()
    {
        var result = Result(s_raw, [], []);

        XDocument.Parse(result.ToSvg()).Root!.Name.LocalName.Should().Be("svg");
    }

    [Fact]
    public void FivePoints_AreEnoughForSuggestions()
    {
        // Second differences 0.5, 0.25, 0.2: σ̂ = 1.4826·0.05/√6 ≈ 0.03 against a fall of 1.8.
        var result = Result(s_raw, Rates(5), [3, 2, 1.5, 1.25, 1.2]);

        result.Suggestions.Should().HaveCount(4);
        result.Steepest!.Index.Should().Be(0, "the slopes are -1/h, -0.75/h, -0.375/h, -0.15/h and -0.05/h");
        result.Valley!.Index.Should().Be(2, "the whole curve descends: its middle is 4 / 2");
        result.LossMinimum!.Index.Should().Be(4);
        result.MinimumOverTen!.LearningRate.Should().BeApproximately(1e-3, 1e-18);
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
        // The blow-up to 30 inflates the noise estimate of so short a curve (σ̂ ≈ 1.5 against a fall of 3.5), so the
        // evidence bar is lowered here: this test is about the drawing.
        var result = Result(s_raw with { MinimumSignalToNoise = 2 }, [1e-4, 1e-3, 1e-2, 1e-1, 1], [5, 4, 2, 1.5, 30]);

        var svg = XDocument.Parse(result.ToSvg()).Root!;

        var labels = svg.Descendants().Where(e => e.Name.LocalName == "text" && e.Attribute("fill") is not null)
            .Select(e => (e.Value, e.Attribute("fill")!.Value)).ToList();
        // The loss minimum is the trend's lowest point, visible without a marker of its own.
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
        new(options, [.. rates], [.. losses], [.. losses], FinderStopReason.Completed, optimizerSteps: losses.Length);
}
