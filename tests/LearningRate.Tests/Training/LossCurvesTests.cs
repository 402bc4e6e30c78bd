using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>The range test's curve helpers against closed forms and hand-worked examples.</summary>
public class LossCurvesTests
{
    [Fact]
    public void DebiasedAverage_IsTheBiasCorrectedExponentialAverage()
    {
        double[] values = [3, -1, 4, 1, -5];

        var averaged = LossCurves.DebiasedAverage(values, 0.8);

        double a = 0;
        for (var i = 0; i < values.Length; i++)
        {
            a = (0.8 * a) + (0.2 * values[i]);
            averaged[i].Should().BeApproximately(a / (1 - Math.Pow(0.8, i + 1)), 1e-14);
        }

        averaged[0].Should().Be(3, "the first value is its own debiased average");
        LossCurves.DebiasedAverage(values, 0).Should().Equal(values);
        LossCurves.DebiasedAverage([], 0.9).Should().BeEmpty();
        LossCurves.DebiasedAverage([double.PositiveInfinity, 1], 0).Should().Equal(double.PositiveInfinity, 1);
    }

    [Fact]
    public void Trend_NoWidthOrFewerThanThreePoints_IsACopy()
    {
        double[] values = [5, 1, 4];

        LossCurves.Trend(values, 0).Should().Equal(values).And.NotBeSameAs(values);
        LossCurves.Trend(values, -1).Should().Equal(values);
        LossCurves.Trend([2, 7], 3).Should().Equal(2, 7);
        LossCurves.Trend(values, 0.1).Should().Equal([4, 4, 4], (actual, expected) => Math.Abs(actual - expected) < 1e-15, "three points are enough for a trend");
    }

    [Fact]
    public void Trend_NarrowWidth_IsTheFivePointMedian()
    {
        // Windows at the edges shrink: [5 1 4] → 4, [5 1 4 2] → (2 + 4) / 2, [5 1 4 2 3] → 3, [1 4 2 3] → 2.5, [4 2 3] → 3.
        // σ = 0.1 reaches one neighbour with weight e^-50 ≈ 2e-22: the median stands alone.
        var trend = LossCurves.Trend([5, 1, 4, 2, 3], 0.1);

        trend.Should().Equal([4, 3, 3, 2.5, 3], (actual, expected) => Math.Abs(actual - expected) < 1e-15);
    }

    [Fact]
    public void Trend_IsTheGaussianAverageOfTheMedians_TruncatedAtThreeSigma()
    {
        double[] values = [9, 7, 8, 4, 6, 3, 5, 1, 2, 0, 1];
        const double Sigma = 1.3;
        double[] median = [8, 7.5, 7, 6, 5, 4, 3, 2, 1, 1, 1];
        var reach = 4; // ceil(3σ) = ceil(3.9)

        var trend = LossCurves.Trend(values, Sigma);

        for (var i = 0; i < values.Length; i++)
        {
            double sum = 0, total = 0;
            for (var j = Math.Max(0, i - reach); j <= Math.Min(values.Length - 1, i + reach); j++)
            {
                var w = Math.Exp(-(j - i) * (j - i) / (2 * Sigma * Sigma));
                sum += w * median[j];
                total += w;
            }

            trend[i].Should().BeApproximately(sum / total, 1e-12, "at index {0}", i);
        }
    }

    [Fact]
    public void Trend_OfAConstant_IsThatConstant()
    {
        LossCurves.Trend(Enumerable.Repeat(2.5, 30).ToArray(), 4).Should().AllSatisfy(v => v.Should().BeApproximately(2.5, 1e-15));
    }

    [Fact]
    public void Slopes_AreExactForAQuadratic_OnAnUnevenGrid_OneSidedAtTheEnds()
    {
        double[] x = [0, 1, 3, 4, 7];
        var y = x.Select(v => v * v).ToArray();

        var slopes = LossCurves.Slopes(x, y);

        // Interior: the derivative 2x exactly; ends: the secant to the neighbour.
        slopes.Should().Equal([1, 2, 6, 8, 11], (actual, expected) => Math.Abs(actual - expected) < 1e-12);
    }

    [Fact]
    public void Slopes_OfFewerThanTwoPoints_AreZero_AndOfTwo_TheSecant()
    {
        LossCurves.Slopes([], []).Should().BeEmpty();
        LossCurves.Slopes([1], [5]).Should().Equal(0);
        LossCurves.Slopes([1, 3], [5, 1]).Should().Equal(-2, -2);
    }

    [Theory]
    [InlineData(new double[] { 3, 1, 2, 0 }, 0, 4, 0, 3, 3)]            // 3 > 2 > 0 (or 3 > 1 > 0): not necessarily contiguous
    [InlineData(new double[] { 1, 2, 3, 4 }, 0, 4, 0, 0, 1)]            // rising: a single point
    [InlineData(new double[] { 5, 4, 9, 8, 7, 6 }, 0, 6, 2, 5, 4)]      // the later, longer run wins
    [InlineData(new double[] { 5, 4, 9, 8, 7, 6 }, 0, 4, 0, 1, 2)]      // hi is exclusive: [5 4 9 8]; the first of equal lengths stays
    [InlineData(new double[] { 0, 9, 8, 7, 0, 0 }, 1, 4, 1, 3, 3)]      // lo..hi only
    [InlineData(new double[] { 4, 4, 4 }, 0, 3, 0, 0, 1)]               // equal values do not descend
    [InlineData(new double[] { 5, 9, 4 }, 0, 3, 0, 2, 2)]               // 5 > 4 and 9 > 4 tie: the earlier start stays
    public void LongestDescent_IsTheLongestStrictlyDecreasingSubsequence(double[] y, int lo, int hi, int first, int last, int length) =>
        LossCurves.LongestDescent(y, lo, hi).Should().Be((first, last, length));
}
