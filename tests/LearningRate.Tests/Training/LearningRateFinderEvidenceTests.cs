using LearningRate.Optimizers;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// The range test gives advice only with evidence: flat, noisy, non-stepping, at-once diverging and rising sweeps
/// say "no descent found" with their reason and suggest nothing; a closed-form descent gives every suggestion,
/// inside the swept range, with its evidence worked out by hand.
/// </summary>
public class LearningRateFinderEvidenceTests
{
    [Fact]
    public void FlatLoss_IsFlat_AndSuggestsNothing()
    {
        var result = Sweep(new LearningRateFinderOptions(), (_, _) => 1.0);

        result.StopReason.Should().Be(FinderStopReason.Completed);
        result.OptimizerSteps.Should().Be(100);
        result.DescentFound.Should().BeFalse();
        result.NoDescentReason.Should().Be(NoDescentReason.Flat);
        ShouldSuggestNothing(result);
        result.Drop.Should().Be(0);
        result.Noise.Should().Be(0);
        result.SignalToNoise.Should().Be(0, "no fall is no evidence, whatever the noise");
        result.Summary.Should().Be(
            "No descent found (Flat): the loss did not move: neither its trend nor its noise reaches 1 % of its size. The rates may be too small to matter"
            + " (raise EndLearningRate), or the gradients do not reach the parameters. No learning rate is suggested.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void PureNoise_IsNoise_AndSuggestsNothing(int seed)
    {
        var random = new Random(seed);

        var result = Sweep(new LearningRateFinderOptions(), (_, _) => 1 + (0.05 * Gaussian(random)));

        result.NoDescentReason.Should().Be(NoDescentReason.Noise);
        ShouldSuggestNothing(result);
        result.SignalToNoise.Should().BeLessThan(10);
        result.Noise.Should().BeInRange(0.035, 0.07, "the robust estimate recovers the 0.05 the noise was drawn with");
        result.Summary.Should().StartWith("No descent found (Noise): the loss moves from batch to batch").And.EndWith("No learning rate is suggested.");
    }

    [Fact]
    public void PureNoise_OverManySeeds_AlmostNeverPassesAsADescent()
    {
        // Seeded simulations put the 99.9 % quantile of pure Gaussian noise's SignalToNoise below 9 at 100 points.
        var passed = Enumerable.Range(100, 200).Count(seed =>
        {
            var random = new Random(seed);
            return Sweep(new LearningRateFinderOptions(), (_, _) => 2 + (0.1 * Gaussian(random))).DescentFound;
        });

        passed.Should().Be(0);
    }

    [Fact]
    public void CallbackThatNeverSteps_IsNoticed_EvenOnAPerfectCurve()
    {
        // A clean descent, but the loss is computed without ever calling Step(): the curve cannot be about the rate.
        static double Curve(double rate) => 2 - Math.Tanh((Math.Log10(rate) + 3) / 0.5);
        var adam = NewAdam();

        var result = new LearningRateFinder(adam).Run(Curve);

        result.OptimizerSteps.Should().Be(0);
        result.NoDescentReason.Should().Be(NoDescentReason.NeverStepped);
        ShouldSuggestNothing(result);
        result.Summary.Should().Contain("StepCount did not advance").And.Contain("must call optimizer.Step()");

        // The same curve from a callback that steps is a descent.
        var stepping = new LearningRateFinder(adam).Run(rate =>
        {
            adam.Step();
            return Curve(rate);
        });
        stepping.OptimizerSteps.Should().Be(100);
        stepping.DescentFound.Should().BeTrue();
        adam.StepCount.Should().Be(0, "the sweep restored the optimizer");
    }

    [Fact]
    public void CallbackWhoseStepsAreAllSkipped_IsNeverStepped()
    {
        // Non-finite gradients make the optimizer skip every step (it counts none).
        var adam = new Adam<double>();
        adam.Add("w", new double[1], new[] { double.NaN });
        adam.MaxConsecutiveSkips = int.MaxValue;

        var result = new LearningRateFinder(adam, new LearningRateFinderOptions { Steps = 20 }).Run(rate =>
        {
            adam.Step();
            return 2 - Math.Tanh(Math.Log10(rate) + 4);
        });

        result.NoDescentReason.Should().Be(NoDescentReason.NeverStepped);
    }

    [Fact]
    public void LossThatExplodesAtOnce_DivergedBeforeDescent()
    {
        // ℓ_k = 10^k: the smoothed loss (β = 0.98, debiased) passes 4× the first loss at the second step.
        var result = Sweep(new LearningRateFinderOptions(), (k, _) => Math.Pow(10, k));

        result.StopReason.Should().Be(FinderStopReason.Diverged);
        result.Losses.Count.Should().Be(2);
        result.NoDescentReason.Should().Be(NoDescentReason.DivergedBeforeDescent);
        ShouldSuggestNothing(result);
        result.Summary.Should().Be("No descent found (DivergedBeforeDescent): the loss blew up before it fell (stopped: Diverged after 2 points, at 1.2E-07)."
            + " The start rate is already too large (lower StartLearningRate), or the model does not learn. No learning rate is suggested.");
    }

    [Fact]
    public void NonFiniteFirstLoss_DivergedBeforeDescent()
    {
        var result = Sweep(new LearningRateFinderOptions(), (_, _) => double.NaN);

        result.Losses.Should().BeEmpty();
        result.NoDescentReason.Should().Be(NoDescentReason.DivergedBeforeDescent);
        result.Summary.Should().StartWith("No descent found (DivergedBeforeDescent): the first loss was not finite");
    }

    [Fact]
    public void LossThatRisesUntilItDiverges_DivergedBeforeDescent()
    {
        // ℓ_k = e^(k/5) without smoothing passes 4× the first loss at k = 7 (e^1.4 = 4.06): 8 points, only rising.
        var result = Sweep(new LearningRateFinderOptions { Smoothing = 0, TrendWidth = 0 }, (k, _) => Math.Exp(k / 5.0));

        result.Losses.Count.Should().Be(8);
        result.NoDescentReason.Should().Be(NoDescentReason.DivergedBeforeDescent);
        ShouldSuggestNothing(result);
    }

    [Fact]
    public void LossThatRisesWithoutDiverging_IsRising()
    {
        var result = Sweep(new LearningRateFinderOptions(), (k, _) => 1 + (0.01 * k));

        result.StopReason.Should().Be(FinderStopReason.Completed);
        result.NoDescentReason.Should().Be(NoDescentReason.Rising);
        ShouldSuggestNothing(result);
    }

    [Fact]
    public void TinyFall_BelowTheMinimumDrop_IsFlat()
    {
        // The loss falls by 0.5 % of its size, noise-free: real, but too small to read a rate from.
        var result = Sweep(new LearningRateFinderOptions { TrendWidth = 0 }, (k, _) => 1 - (0.005 * k / 99));

        result.NoDescentReason.Should().Be(NoDescentReason.Flat);
        var lenient = Sweep(new LearningRateFinderOptions { TrendWidth = 0, MinimumDrop = 0.001 }, (k, _) => 1 - (0.005 * k / 99));
        lenient.DescentFound.Should().BeTrue("the bar is an option");
    }

    [Fact]
    public void ClosedFormParabola_GivesEverySuggestion_InsideTheRange_WithItsEvidence()
    {
        // L = (k − 30)² + 100 at step k of 61 from 1e-5 to 10 (rate 10^(-5 + k/10)): a parabola in log10 γ with its minimum
        // at 1e-2, in integers so that every second difference is exactly 2 (no noise: σ̂ = 0). Raw trend; the window is
        // points 6 to 55 (SkipStart 0.1, SkipEnd 5); no divergence stop, so that all 61 points are recorded.
        var options = new LearningRateFinderOptions
        {
            StartLearningRate = 1e-5, EndLearningRate = 10, Steps = 61, IncludeEnd = true, Smoothing = 0, TrendWidth = 0, DivergenceThreshold = double.PositiveInfinity,
        };
        static double L(int k) => ((k - 30) * (k - 30)) + 100;

        var result = Sweep(options, (k, _) => L(k));

        result.DescentFound.Should().BeTrue();
        result.Drop.Should().Be(L(6) - L(30), "from the window's first point to the minimum");
        result.Noise.Should().Be(0);
        result.SignalToNoise.Should().Be(double.PositiveInfinity);
        result.LossMinimum!.LearningRate.Should().BeApproximately(1e-2, 1e-15);
        result.MinimumOverTen!.LearningRate.Should().BeApproximately(1e-3, 1e-15);
        result.Valley!.Index.Should().Be(18, "the descent over points 6-30 has its middle at 6 + 24/2");
        result.Steepest!.Index.Should().Be(6, "a parabola falls fastest at the window's left edge");
        result.Recommended.Should().BeSameAs(result.Valley);
        result.SpreadInDecades!.Value.Should().BeApproximately(Math.Log10(1e-3 / Math.Pow(10, -4.4)), 1e-9, "from the steepest, 10^-4.4, to the minimum/10, 1e-3");
        var (first, last) = (result.LearningRates[0], result.LearningRates[^1]);
        result.Suggestions.Should().OnlyContain(s => s.LearningRate >= first && s.LearningRate <= last);
        result.Summary.Should().Be("Descent found: the loss trend falls from 676 at 3.98E-05 to 100 at 0.01 (a noise-free fall). For a constant rate, start at the Valley (0.000631):"
            + " safe, but rarely the fastest. For a schedule with warmup and decay (1cycle, warmup + cosine), peak near the loss minimum (0.01).");
    }

    [Fact]
    public void NoisyDescent_IsFoundWithStrongEvidence()
    {
        // A tanh descent from 3 to 1 around 1e-3 under 5 % noise: the fall is tens of times the trend's noise.
        var random = new Random(7);
        var result = Sweep(new LearningRateFinderOptions(), (_, rate) => (2 - Math.Tanh((Math.Log10(rate) + 3) / 0.5)) * (1 + (0.05 * Gaussian(random))));

        result.DescentFound.Should().BeTrue();
        result.SignalToNoise.Should().BeGreaterThan(30);
        Math.Abs(Math.Log10(result.Steepest!.LearningRate) + 3).Should().BeLessThan(0.3);
    }

    [Theory]
    [InlineData("MinimumDrop", 1.0)]
    [InlineData("MinimumSignalToNoise", -1.0)]
    [InlineData("MinimumSignalToNoise", double.PositiveInfinity)]
    public void Options_InvalidEvidenceBar_ThrowsNamingIt(string name, double value)
    {
        Action act = name == "MinimumDrop"
            ? () => _ = new LearningRateFinderOptions { MinimumDrop = value }
            : () => _ = new LearningRateFinderOptions { MinimumSignalToNoise = value };

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    private static void ShouldSuggestNothing(LearningRateFinderResult result)
    {
        result.Suggestions.Should().BeEmpty();
        result.Recommended.Should().BeNull();
        result.Steepest.Should().BeNull();
        result.MinimumOverTen.Should().BeNull();
        result.Valley.Should().BeNull();
        result.LossMinimum.Should().BeNull();
        result.SpreadInDecades.Should().BeNull();
        result.Summary.Should().StartWith("No descent found (").And.EndWith("No learning rate is suggested.");
    }

    private static Adam<double> NewAdam()
    {
        var adam = new Adam<double>();
        adam.Add("w", new double[1], new double[1]);
        return adam;
    }

    /// <summary>Sweeps with a callback that steps the optimizer and returns <paramref name="loss"/>(call index, rate).</summary>
    private static LearningRateFinderResult Sweep(LearningRateFinderOptions options, Func<int, double, double> loss)
    {
        var adam = NewAdam();
        var k = 0;
        return new LearningRateFinder(adam, options).Run(rate =>
        {
            adam.Step();
            return loss(k++, rate);
        });
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
