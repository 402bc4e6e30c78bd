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

    [Fact]
    public void Noise_IsTheMedianAbsoluteDeviationOfSecondDifferences()
    {
        // Second differences of [1, 4, 2, 8, 3, 3]: -5, 8, -11, 5. Median 0; absolute deviations 5, 8, 11, 5 with median 6.5.
        LossCurves.Noise([1, 4, 2, 8, 3, 3], 0, 6).Should().BeApproximately(1.4826 * 6.5 / Math.Sqrt(6), 1e-15);

        // lo..hi only: [4, 2, 8] has one second difference, so no deviation.
        LossCurves.Noise([1, 4, 2, 8, 3, 3], 1, 4).Should().Be(0);
        LossCurves.Noise([1, 2], 0, 2).Should().Be(0);
    }

    [Fact]
    public void Noise_IgnoresAQuadraticTrend_AndRecoversWhiteNoise()
    {
        LossCurves.Noise([.. Enumerable.Range(0, 50).Select(i => (3.0 * i * i) - i)], 0, 50).Should().Be(0);

        var random = new Random(11);
        var noisy = Enumerable.Range(0, 4000).Select(i => (0.001 * i * i) + (0.2 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();
        LossCurves.Noise(noisy, 0, noisy.Length).Should().BeApproximately(0.2, 0.01);
    }

    [Theory]
    [InlineData(new double[] { 3, 5, 1, 4, 0, 2 }, 0, 6, 1, 4, 5)]   // 5 → 0
    [InlineData(new double[] { 3, 5, 1, 4, 0, 2 }, 0, 3, 1, 2, 4)]   // hi exclusive: 5 → 1
    [InlineData(new double[] { 3, 5, 1, 4, 0, 2 }, 2, 6, 3, 4, 4)]   // from lo: 4 → 0
    [InlineData(new double[] { 1, 2, 3 }, 0, 3, 0, 0, 0)]            // never falls
    [InlineData(new double[] { 4, 2, 4, 2 }, 0, 4, 0, 1, 2)]         // equal falls: the earliest pair
    public void LargestFall_IsTheBiggestDrawdown(double[] y, int lo, int hi, int from, int to, double fall) =>
        LossCurves.LargestFall(y, lo, hi).Should().Be((from, to, fall));

    [Theory]
    [InlineData(new double[] { 3, 5, 1, 4, 0, 2 }, 0, 6, 3)]   // 1 → 4
    [InlineData(new double[] { 3, 2, 1 }, 0, 3, 0)]
    [InlineData(new double[] { 9, 0, 9 }, 0, 2, 0)]
    public void LargestRise_IsTheBiggestRunUp(double[] y, int lo, int hi, double rise) =>
        LossCurves.LargestRise(y, lo, hi).Should().Be(rise);

    [Fact]
    public void TrendNoiseFactor_IsTheKernelsNoiseReduction()
    {
        LossCurves.TrendNoiseFactor(0).Should().Be(1);

        // σ = 1: weights e^(-k²/2) for |k| <= 3.
        var w = Enumerable.Range(-3, 7).Select(k => Math.Exp(-0.5 * k * k)).ToArray();
        LossCurves.TrendNoiseFactor(1).Should().BeApproximately(Math.Sqrt(w.Sum(x => x * x)) / w.Sum(), 1e-15);

        // A wide Gaussian tends to the continuous value 1/√(2σ√π).
        var continuous = 1 / Math.Sqrt(2 * 50 * Math.Sqrt(Math.PI));
        LossCurves.TrendNoiseFactor(50).Should().BeApproximately(continuous, 0.01 * continuous, "the kernel is cut at 3σ, which drops 0.3 % of its weight");
    }
}
