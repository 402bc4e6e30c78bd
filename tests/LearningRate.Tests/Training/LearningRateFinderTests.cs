using System.Globalization;
using System.Xml.Linq;
using LearningRate.Optimizers;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

public class LearningRateFinderTests
{
    // Exact curves need neither the online average (its lag would move the stop) nor the trend smoothing; the
    // inclusive grid puts the hand-picked points on round rates.
    private static readonly LearningRateFinderOptions s_exact = new() { Smoothing = 0, TrendWidth = 0, IncludeEnd = true };

    [Fact]
    public void LearningRateAt_Exponential_GeometricFromStartToEnd()
    {
        var finder = new LearningRateFinder(new Adam<double>(), new LearningRateFinderOptions { StartLearningRate = 1e-6, EndLearningRate = 1, Steps = 7, IncludeEnd = true });
        finder.LearningRateAt(0).Should().Be(1e-6);
        finder.LearningRateAt(6).Should().Be(1);
        finder.LearningRateAt(3).Should().BeApproximately(1e-3, 1e-15);
        finder.LearningRateAt(1).Should().BeApproximately(1e-5, 1e-18);
    }

    [Fact]
    public void LearningRateAt_Default_IsFastaisGrid()
    {
        // fastai's LRFinder: before batch i (train_iter = i, 0 <= i < num_it) the rate is SchedExp(start, end) at
        // pos = i / num_it, that is start * (end / start) ** pos; the sweep stops after num_it batches.
        const double Start = 1e-7, End = 10;
        const int NumIt = 100;
        var finder = new LearningRateFinder(new Adam<double>());
        finder.Options.Should().Match<LearningRateFinderOptions>(o => o.StartLearningRate == Start && o.EndLearningRate == End && o.Steps == NumIt && !o.IncludeEnd);
        for (var i = 0; i < NumIt; i++)
        {
            var fastai = Start * Math.Pow(End / Start, (double)i / NumIt);
            finder.LearningRateAt(i).Should().BeApproximately(fastai, 1e-14 * fastai, $"step {i}");
        }

        finder.LearningRateAt(NumIt - 1).Should().BeApproximately(Math.Pow(10, 0.92), 1e-12, "the last step stops one step short of the end");

        // A sweep records exactly those rates.
        var adam = new Adam<double>();
        adam.Add("w", new double[1], new double[1]);
        var result = new LearningRateFinder(adam).Run(_ =>
        {
            adam.Step();
            return 1;
        });
        result.LearningRates.Should().Equal(Enumerable.Range(0, NumIt).Select(finder.LearningRateAt));
    }

    [Theory]
    [InlineData(SweepMode.Exponential)]
    [InlineData(SweepMode.Linear)]
    public void LearningRateAt_IncludeEnd_IsTheGridThatEndsAtTheEnd_AndDiffersFromFastaisByAtMostOneStep(SweepMode mode)
    {
        var options = new LearningRateFinderOptions { StartLearningRate = 1e-3, EndLearningRate = 1, Steps = 11, Mode = mode };
        var fastai = new LearningRateFinder(new Adam<double>(), options);
        var inclusive = new LearningRateFinder(new Adam<double>(), options with { IncludeEnd = true });
        for (var i = 0; i < 11; i++)
        {
            double Rate(double r) => mode == SweepMode.Exponential ? 1e-3 * Math.Pow(1 / 1e-3, r) : 1e-3 + ((1 - 1e-3) * r);
            fastai.LearningRateAt(i).Should().BeApproximately(Rate(i / 11.0), 1e-15);
            inclusive.LearningRateAt(i).Should().BeApproximately(Rate(i / 10.0), 1e-15);
        }

        if (mode == SweepMode.Exponential)
        {
            // At the last step the inclusive grid is (end/start)^(1/Steps) higher: 1000^(1/11) = 1.87.
            (inclusive.LearningRateAt(10) / fastai.LearningRateAt(10)).Should().BeApproximately(Math.Pow(1000, 1 / 11.0), 1e-12);
        }
    }

    [Fact]
    public void LearningRateAt_Linear_ArithmeticFromStartToEnd()
    {
        var finder = new LearningRateFinder(new Adam<float>(), new LearningRateFinderOptions { StartLearningRate = 0.1, EndLearningRate = 1.1, Steps = 11, Mode = SweepMode.Linear, IncludeEnd = true });
        finder.LearningRateAt(0).Should().Be(0.1);
        finder.LearningRateAt(5).Should().BeApproximately(0.6, 1e-15);
        finder.LearningRateAt(10).Should().Be(1.1);
        FluentActions.Invoking(() => finder.LearningRateAt(11)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
    }

    [Fact]
    public void Steepest_TanhDescent_IsTheInflectionPoint()
    {
        // L(x) = 2 − tanh((x + 3)/0.5) with x = log10 γ: steepest at γ = 1e-3, sweep point 30 of 61.
        var result = Sweep(s_exact with { StartLearningRate = 1e-6, EndLearningRate = 1, Steps = 61 }, x => 2 - Math.Tanh((x + 3) / 0.5));
        result.StopReason.Should().Be(FinderStopReason.Completed);
        result.Steepest!.Index.Should().Be(30);
        result.Steepest.LearningRate.Should().BeApproximately(1e-3, 1e-12);
        result.Steepest.Rationale.Should().Contain("per decade");

        // The centred trend keeps the inflection where it is (a symmetric kernel on an odd-symmetric curve).
        var smoothed = Sweep(new LearningRateFinderOptions { Smoothing = 0, StartLearningRate = 1e-6, EndLearningRate = 1, Steps = 61, IncludeEnd = true }, x => 2 - Math.Tanh((x + 3) / 0.5));
        smoothed.Steepest!.Index.Should().Be(30);
    }

    [Fact]
    public void MinimumOverTen_Parabola_IsTheMinimumOverTen()
    {
        // L(x) = (x + 2)² + 1, minimum at γ = 1e-2 (point 30 of 61 from 1e-5 to 10).
        var result = Sweep(s_exact with { StartLearningRate = 1e-5, EndLearningRate = 10, Steps = 61 }, x => ((x + 2) * (x + 2)) + 1);
        result.MinimumOverTen!.Index.Should().Be(30);
        result.MinimumOverTen.LearningRate.Should().BeApproximately(1e-3, 1e-12);
        result.MinimumOverTen.Loss.Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void Valley_VShape_IsHalfWayDownTheDescent()
    {
        // L(x) = |x + 2| + 1 falls strictly from the window's start (point 6 = 61/10) to point 30, then rises:
        // the valley is half way, point 6 + (30 − 6)/2 = 18.
        var result = Sweep(s_exact with { StartLearningRate = 1e-5, EndLearningRate = 10, Steps = 61 }, x => Math.Abs(x + 2) + 1);
        result.StopReason.Should().Be(FinderStopReason.Completed);
        result.Valley!.Index.Should().Be(18);
        result.Valley.LearningRate.Should().BeApproximately(1e-5 * Math.Pow(10, 1.8), 1e-15);
        result.Recommended.Should().Be(result.Valley);
    }

    [Fact]
    public void Suggestions_NoisyLossWithSpikes_StayCloseToTheCleanCurve_AndAreReproducible()
    {
        static double Clean(double x) => 2.5 - (1.5 * Math.Tanh((x + 3.5) / 0.6)) + Math.Exp(2.5 * (x + 0.5));
        LearningRateFinderResult Noisy(int seed)
        {
            var random = new Random(seed);
            return Sweep(new LearningRateFinderOptions { StartLearningRate = 1e-7, EndLearningRate = 10 }, x =>
            {
                var noise = 1 + (0.08 * Gaussian(random));
                return Clean(x) * noise * (random.NextDouble() < 0.05 ? 3 : 1);   // 5% spikes of 3×
            });
        }

        var clean = Sweep(new LearningRateFinderOptions { StartLearningRate = 1e-7, EndLearningRate = 10 }, Clean);
        var noisy = Noisy(seed: 17);
        foreach (var rule in new[] { SuggestionRule.Steepest, SuggestionRule.MinimumOverTen, SuggestionRule.Valley })
        {
            var a = clean.Suggestions.Single(s => s.Rule == rule).LearningRate;
            var b = noisy.Suggestions.Single(s => s.Rule == rule).LearningRate;
            Math.Abs(Math.Log10(a / b)).Should().BeLessThan(0.5, $"{rule} moved from {a} to {b}");
        }

        // The steepest point of the clean curve is its inflection, 10^-3.5.
        Math.Abs(Math.Log10(clean.Steepest!.LearningRate) + 3.5).Should().BeLessThan(0.2);

        // Reproducible: the same seed gives the same curve and suggestions.
        Noisy(seed: 17).Suggestions.Should().Equal(noisy.Suggestions);

        // And the robustness is earned: the steepest raw per-point drop of the noisy curve is far from the truth.
        var raw = noisy.Losses;
        var naive = Enumerable.Range(1, raw.Count - 2).MinBy(i => raw[i + 1] - raw[i - 1]);
        Math.Abs(Math.Log10(noisy.LearningRates[naive]) + 3.5).Should().BeGreaterThan(0.5);
    }

    [Fact]
    public void Run_LossAboveThresholdTimesBest_StopsAndKeepsThatPoint()
    {
        var result = Sweep(s_exact with { StartLearningRate = 1e-4, EndLearningRate = 1, Steps = 41 }, x => x < -2 ? 1 : 4.5);
        result.StopReason.Should().Be(FinderStopReason.Diverged);
        result.Losses[^1].Should().Be(4.5);
        result.Losses.Take(result.Losses.Count - 1).Should().OnlyContain(l => l == 1);
        result.LearningRates[^1].Should().BeGreaterThanOrEqualTo(1e-2 * 0.99);
    }

    [Theory]
    [InlineData(7.9, FinderStopReason.Completed)] // best 2: the line is 2 + (4 - 1)·2 = 8
    [InlineData(8.1, FinderStopReason.Diverged)]
    public void Run_DivergenceLine_ScalesWithTheBestLoss(double high, FinderStopReason reason)
    {
        var result = Sweep(s_exact with { StartLearningRate = 1e-4, EndLearningRate = 1, Steps = 41 }, x => x < -2 ? 2 : high);

        result.StopReason.Should().Be(reason);
    }

    [Theory]
    [InlineData(SweepMode.Linear)]
    [InlineData(SweepMode.Exponential)]
    public void LearningRateAt_LastIndex_IsExactlyTheEnd(SweepMode mode)
    {
        // 0.3 + (0.9 − 0.3)·1 and 0.3·(0.9 / 0.3)¹ both round away from 0.9: the last point is set, not computed.
        var finder = new LearningRateFinder(new Adam<double>(), new LearningRateFinderOptions { StartLearningRate = 0.3, EndLearningRate = 0.9, Steps = 3, Mode = mode, IncludeEnd = true });

        finder.LearningRateAt(2).Should().Be(0.9);
        finder.LearningRateAt(0).Should().Be(0.3);
    }

    [Fact]
    public void Options_SmallestValidValues_AreAccepted()
    {
        var options = new LearningRateFinderOptions { Steps = 2, DivergenceThreshold = 1.5, SkipEnd = 0, SkipStart = 0, Smoothing = 0, TrendWidth = 0 };

        options.Steps.Should().Be(2);
        options.DivergenceThreshold.Should().Be(1.5);
        var result = Sweep(options with { StartLearningRate = 0.1, EndLearningRate = 1, IncludeEnd = true }, x => 1);
        result.LearningRates.Should().Equal(0.1, 1);
    }

    [Fact]
    public void Run_SmoothedLoss_StopsLaterThanRaw()
    {
        var raw = Sweep(s_exact with { StartLearningRate = 1e-4, EndLearningRate = 1, Steps = 41 }, x => x < -2 ? 1 : 10);
        var smoothed = Sweep(new LearningRateFinderOptions { StartLearningRate = 1e-4, EndLearningRate = 1, Steps = 41, Smoothing = 0.9 }, x => x < -2 ? 1 : 10);
        smoothed.LearningRates.Count.Should().BeGreaterThan(raw.LearningRates.Count);

        // The debiased average, transcribed: a ← 0.9a + 0.1ℓ, ℓ̄ = a / (1 − 0.9^(i+1)).
        double a = 0;
        for (var i = 0; i < smoothed.Losses.Count; i++)
        {
            a = (0.9 * a) + (0.1 * smoothed.Losses[i]);
            smoothed.SmoothedLosses[i].Should().BeApproximately(a / (1 - Math.Pow(0.9, i + 1)), 1e-12);
        }
    }

    [Fact]
    public void Run_NonFiniteLoss_StopsWithoutRecordingIt()
    {
        var result = Sweep(s_exact with { StartLearningRate = 1e-4, EndLearningRate = 1, Steps = 41 }, x => x < -1 ? 1 - (0.01 * x) : double.NaN);
        result.StopReason.Should().Be(FinderStopReason.NonFiniteLoss);
        result.Losses.Should().OnlyContain(l => double.IsFinite(l));
        result.LearningRates[^1].Should().BeLessThan(0.1);
    }

    [Fact]
    public void Run_SetsEveryGroupsRate_AndRestoresEverything()
    {
        // Two identical Adam setups on the quad problem; one runs a range test first (which really trains).
        var (adamA, weightsA, gradientsA) = Setup();
        var (adamB, weightsB, gradientsB) = Setup();
        for (var k = 0; k < 5; k++)
        {
            TrainStep(adamA, weightsA, gradientsA);
            TrainStep(adamB, weightsB, gradientsB);
        }

        var seenRates = new List<(double Requested, double Group0, double Group1)>();
        var finder = new LearningRateFinder(adamA, new LearningRateFinderOptions { StartLearningRate = 1e-4, EndLearningRate = 10, Steps = 30 });
        var result = finder.Run(rate =>
        {
            seenRates.Add((rate, adamA.Groups[0].LearningRate, adamA.Groups[1].LearningRate));
            return TrainStep(adamA, weightsA, gradientsA);
        });

        seenRates.Should().OnlyContain(r => r.Requested == r.Group0 && r.Requested == r.Group1);
        result.Losses.Count.Should().BeGreaterThan(3);
        adamA.StepCount.Should().Be(5);
        adamA.Groups[0].LearningRate.Should().Be(0.05);
        adamA.Groups[1].LearningRate.Should().Be(0.02);
        adamA.Groups[1].Parameters[0].StepCount.Should().Be(5);
        weightsA.Should().Equal(weightsB);
        gradientsA.Should().Equal(gradientsB);

        // The moments are back too: the next steps match bit for bit.
        for (var k = 0; k < 20; k++)
        {
            TrainStep(adamA, weightsA, gradientsA);
            TrainStep(adamB, weightsB, gradientsB);
        }

        weightsA.Should().Equal(weightsB);
    }

    [Fact]
    public void Run_BoundScheduleAndControllers_SitOutTheSweep_AndComeBack()
    {
        var (adam, weights, gradients) = Setup();
        var schedule = BatchScaling.GradualWarmup(0.01, 0.1, 10);
        adam.Groups[0].Schedule = schedule;
        var plateau = new LearningRate.Controllers.ReduceOnPlateau(new LearningRate.Controllers.ReduceOnPlateauOptions { Patience = 0 });
        plateau.Report(1);
        plateau.Report(2);
        plateau.Scale.Should().BeApproximately(0.1, 1e-15);
        adam.Groups[0].AddController(plateau);
        TrainStep(adam, weights, gradients);

        var effective = new List<double>();
        new LearningRateFinder(adam, new LearningRateFinderOptions { StartLearningRate = 1e-3, EndLearningRate = 1, Steps = 5 }).Run(rate =>
        {
            effective.Add(adam.Groups[0].NextLearningRate / rate);
            return TrainStep(adam, weights, gradients);
        });

        effective.Should().OnlyContain(ratio => ratio == 1);
        adam.Groups[0].Schedule.Should().BeSameAs(schedule);
        adam.Groups[0].Controllers.Should().Equal(plateau);
        adam.Groups[0].NextLearningRate.Should().BeApproximately(schedule.At(1) * 0.1, 1e-15);
        adam.Groups[0].Schedule = null;
        adam.Groups[0].LearningRate.Should().Be(0.05);
    }

    [Fact]
    public void Run_RestoreStateOff_ControllersStillComeBack()
    {
        var (adam, weights, gradients) = Setup();
        var plateau = new LearningRate.Controllers.ReduceOnPlateau();
        adam.Groups[1].AddController(plateau);
        new LearningRateFinder(adam, new LearningRateFinderOptions { Steps = 5, RestoreState = false }).Run(_ =>
        {
            adam.Groups[1].Controllers.Should().BeEmpty();
            return TrainStep(adam, weights, gradients);
        });

        adam.Groups[1].Controllers.Should().Equal(plateau);
    }

    [Fact]
    public void Run_RestoreStateOff_BoundScheduleComesBack()
    {
        var (adam, weights, gradients) = Setup();
        var schedule = BatchScaling.GradualWarmup(0.01, 0.1, 10);
        adam.Groups[0].Schedule = schedule;
        new LearningRateFinder(adam, new LearningRateFinderOptions { Steps = 5, RestoreState = false }).Run(rate =>
        {
            adam.Groups[0].Schedule.Should().BeNull("the sweep sets numbers");
            adam.Groups[0].NextLearningRate.Should().Be(rate);
            return TrainStep(adam, weights, gradients);
        });

        adam.Groups[0].Schedule.Should().BeSameAs(schedule);
        adam.Groups[0].NextLearningRate.Should().Be(schedule.At(adam.StepCount));
    }

    [Fact]
    public void Run_CallbackThrows_StateRestoredAnyway()
    {
        var (adam, weights, gradients) = Setup();
        TrainStep(adam, weights, gradients);
        var before = weights.ToArray();
        var calls = 0;
        var act = () => new LearningRateFinder(adam).Run(_ =>
        {
            if (++calls == 4)
            {
                throw new InvalidOperationException("boom");
            }

            return TrainStep(adam, weights, gradients);
        });

        act.Should().Throw<InvalidOperationException>();
        weights.Should().Equal(before);
        adam.StepCount.Should().Be(1);
    }

    [Fact]
    public void Run_RestoreStateOff_LeavesTheTrainedWeights()
    {
        var (adam, weights, gradients) = Setup();
        var before = weights.ToArray();
        new LearningRateFinder(adam, new LearningRateFinderOptions { Steps = 10, RestoreState = false }).Run(_ => TrainStep(adam, weights, gradients));
        weights.Should().NotEqual(before);
        adam.StepCount.Should().Be(10);
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        FluentActions.Invoking(() => new LearningRateFinder(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new LearningRateFinder(new Adam<double>(), new LearningRateFinderOptions { StartLearningRate = 1, EndLearningRate = 1 }))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("EndLearningRate");
        FluentActions.Invoking(() => new LearningRateFinder(new ForeignOptimizer())).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("optimizer");
        new LearningRateFinder(new ForeignOptimizer(), new LearningRateFinderOptions { RestoreState = false }).Options.RestoreState.Should().BeFalse();
    }

    [Theory]
    [InlineData("StartLearningRate")]
    [InlineData("Steps")]
    [InlineData("Smoothing")]
    [InlineData("DivergenceThreshold")]
    [InlineData("SkipStart")]
    [InlineData("SkipEnd")]
    [InlineData("TrendWidth")]
    public void Options_InvalidValue_ThrowsNamingIt(string name)
    {
        Action act = name switch
        {
            "StartLearningRate" => () => _ = new LearningRateFinderOptions { StartLearningRate = 0 },
            "Steps" => () => _ = new LearningRateFinderOptions { Steps = 1 },
            "Smoothing" => () => _ = new LearningRateFinderOptions { Smoothing = 1 },
            "DivergenceThreshold" => () => _ = new LearningRateFinderOptions { DivergenceThreshold = 1 },
            "SkipStart" => () => _ = new LearningRateFinderOptions { SkipStart = -0.1 },
            "SkipEnd" => () => _ = new LearningRateFinderOptions { SkipEnd = -1 },
            _ => () => _ = new LearningRateFinderOptions { TrendWidth = double.NaN },
        };
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void ToSvg_And_WriteCsv_DescribeTheCurve()
    {
        var result = Sweep(new LearningRateFinderOptions { StartLearningRate = 1e-6, EndLearningRate = 1, Steps = 50 }, x => 2 - Math.Tanh(x + 3) + Math.Exp(3 * x));
        var svg = XDocument.Parse(result.ToSvg());
        svg.Root!.Name.LocalName.Should().Be("svg");
        svg.Descendants().Count(e => e.Name.LocalName == "polyline").Should().BeGreaterThanOrEqualTo(3);
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        texts.Should().Contain(t => t.StartsWith("Valley", StringComparison.Ordinal));
        texts.Should().Contain("1e-3");

        var csv = new StringWriter();
        result.WriteCsv(csv);
        var lines = csv.ToString().TrimEnd().Split('\n');
        lines[0].TrimEnd().Should().Be("step,learning_rate,loss,smoothed_loss,trend_loss");
        lines.Should().HaveCount(result.Losses.Count + 1);
        double.Parse(lines[1].Split(',')[1], CultureInfo.InvariantCulture).Should().Be(1e-6);
    }

    private static LearningRateFinderResult Sweep(LearningRateFinderOptions options, Func<double, double> lossOfLog10Rate)
    {
        var adam = new Adam<double>();
        adam.Add("w", new double[1], new double[1]);
        return new LearningRateFinder(adam, options).Run(rate =>
        {
            adam.Step();
            return lossOfLog10Rate(Math.Log10(rate));
        });
    }

    private static (Adam<double> Adam, double[] Weights, double[] Gradients) Setup()
    {
        var weights = new double[] { -1.0, 1.5, 0.0, 2.5, 1.0, -1.2, 0.4, -0.6 };
        var gradients = new double[8];
        var adam = new Adam<double>(new AdamOptions { LearningRate = 0.05 });
        adam.Add("a", weights.AsMemory(0, 5), gradients.AsMemory(0, 5));
        adam.AddGroup(adam.Options with { LearningRate = 0.02, AmsGrad = true }).Add("b", weights.AsMemory(5), gradients.AsMemory(5));
        return (adam, weights, gradients);
    }

    private static double TrainStep(Adam<double> adam, double[] weights, double[] gradients)
    {
        var loss = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            var d = weights[i] - (0.3 * i);
            loss += d * d;
            gradients[i] = 2 * d;
        }

        adam.Step();
        return loss;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private sealed class ForeignOptimizer : IOptimizer
    {
        public long StepCount => 0;

        public IReadOnlyList<IParameterGroup> Groups => [];

        public NonFinitePolicy NonFiniteGradients { get; set; }

        public int MaxConsecutiveSkips { get; set; }

        public int ConsecutiveSkips => 0;

        public StepReport Step() => default;

        public void ZeroGrad()
        {
        }
    }
}
