using LearningRate.Controllers;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Controllers;

/// <summary>Hand-computed metric sequences, the negative-metric trap, events, allocation and checkpoint round trips.</summary>
public class ReduceOnPlateauTests
{
    private const ControllerReason Improved = ControllerReason.Improved;
    private const ControllerReason Bad = ControllerReason.NotImproved;
    private const ControllerReason Cooldown = ControllerReason.Cooldown;
    private const ControllerReason Reduced = ControllerReason.Reduced;
    private const ControllerReason AtMinimum = ControllerReason.AtMinimum;

    [Fact]
    public void Report_Defaults_ReduceTenfoldOnTheEleventhBadReport()
    {
        // patience 10, factor 0.1: 1.0 becomes best; ten ties are tolerated; the eleventh reduces.
        var plateau = new ReduceOnPlateau();
        plateau.Report(1.0).Reason.Should().Be(Improved);
        for (var i = 1; i <= 10; i++)
        {
            var report = plateau.Report(1.0);
            report.Reason.Should().Be(Bad);
            report.Changed.Should().BeFalse();
            plateau.BadReports.Should().Be(i);
        }

        var cut = plateau.Report(1.0);
        cut.Should().Be(new ControllerReport(11, 1.0, 1.0, 0.1, Reduced, RejectStep: false));
        plateau.Scale.Should().Be(0.1);
        plateau.BadReports.Should().Be(0);
    }

    [Fact]
    public void Report_AbsoluteThresholdWithCooldown_FollowsHandTrace()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions
        {
            Factor = 0.5,
            Patience = 2,
            Threshold = 0.1,
            ThresholdMode = PlateauThresholdMode.Absolute,
            Cooldown = 1,
        });
        (double Metric, ControllerReason Reason, double Scale, double Best, int Bad)[] trace =
        [
            (5.00, Improved, 1, 5.00, 0),   // +inf → 5
            (4.95, Bad, 1, 5.00, 1),        // 4.95 < 5 − 0.1? no
            (4.80, Improved, 1, 4.80, 0),   // 4.80 < 4.9
            (4.75, Bad, 1, 4.80, 1),        // 4.75 < 4.7? no
            (4.75, Bad, 1, 4.80, 2),
            (4.80, Reduced, 0.5, 4.80, 0),  // bad 3 > patience 2: 1 → 0.5, cooldown 1
            (4.90, Cooldown, 0.5, 4.80, 0), // bad 1, but cooldown 1 → 0 resets it
            (4.90, Bad, 0.5, 4.80, 1),
            (4.90, Bad, 0.5, 4.80, 2),
            (4.65, Improved, 0.5, 4.65, 0), // 4.65 < 4.70
            (4.60, Bad, 0.5, 4.65, 1),
            (4.60, Bad, 0.5, 4.65, 2),
            (4.60, Reduced, 0.25, 4.65, 0), // bad 3 > 2 again: 0.5 → 0.25
        ];
        for (var i = 0; i < trace.Length; i++)
        {
            var (metric, reason, scale, best, bad) = trace[i];
            var report = plateau.Report(metric);
            report.Reason.Should().Be(reason, "report {0}", i);
            report.Step.Should().Be(i);
            plateau.Scale.Should().Be(scale, "report {0}", i);
            plateau.Best.Should().Be(best, "report {0}", i);
            plateau.BadReports.Should().Be(bad, "report {0}", i);
        }
    }

    [Fact]
    public void Report_MaximizeRelative_ReducesWhenAccuracyStalls()
    {
        // Maximize, rel 1e-2: the bar is best·1.01. Patience 1: the second bad report reduces.
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Mode = PlateauMode.Maximize, Threshold = 1e-2, Patience = 1, Factor = 0.5 });
        plateau.Report(0.50).Reason.Should().Be(Improved);
        plateau.Report(0.505).Reason.Should().Be(Bad, "0.505 is not above 0.50·1.01 = 0.505");
        plateau.Report(0.60).Reason.Should().Be(Improved);
        plateau.Report(0.605).Reason.Should().Be(Bad);
        plateau.Report(0.59).Reason.Should().Be(Reduced);
        plateau.Scale.Should().Be(0.5);
        plateau.Best.Should().Be(0.60);
    }

    [Fact]
    public void Report_MinLearningRate_FloorsTheCutAndThenStops()
    {
        // base 1e-3, patience 0, factor 0.1, floor 1e-5: every bad report cuts, down to the floor.
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { BaseLearningRate = 1e-3, Patience = 0, MinLearningRate = 1e-5 });
        plateau.Report(2.0).Reason.Should().Be(Improved);
        var lr = 1e-3;
        lr *= 0.1;
        plateau.Report(2.0).Reason.Should().Be(Reduced);
        plateau.LearningRate.Should().Be(lr);
        lr = Math.Max(lr * 0.1, 1e-5);
        plateau.Report(2.0).Reason.Should().Be(Reduced);
        plateau.LearningRate.Should().Be(lr);
        plateau.Scale.Should().Be(lr / 1e-3);
        var stuck = plateau.Report(2.0);
        stuck.Reason.Should().Be(AtMinimum);
        stuck.Changed.Should().BeFalse();
        plateau.LearningRate.Should().Be(lr);
    }

    [Fact]
    public void AttachedToAFixedRate_MinLearningRateAndEpsilonAreAbsolute_AsPyTorchsMinLrAndEps()
    {
        // PyTorch: ReduceLROnPlateau(SGD(lr=0.01), factor=0.1, patience=0, min_lr=1e-3): lr 0.01 → 1e-3, then stays.
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.01 });
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 0, MinLearningRate = 1e-3 });
        sgd.Groups[0].AddController(plateau);
        plateau.BaseLearningRate.Should().Be(0.01);
        plateau.Report(2.0).Reason.Should().Be(Improved);
        plateau.Report(2.0).Reason.Should().Be(Reduced);
        plateau.Report(2.0).Reason.Should().Be(AtMinimum, "1e-3 is an absolute floor, not 1e-3 × the scale");
        plateau.Report(2.0).Reason.Should().Be(AtMinimum);
        plateau.LearningRate.Should().Be(0.01 * 0.1);
        sgd.Groups[0].NextLearningRate.Should().BeApproximately(1e-3, 1e-18);

        // eps is absolute too: with lr 0.01, a drop of 0.009 is below eps = 0.01 and is skipped.
        var coarse = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 0, Epsilon = 0.01 });
        new Sgd<double>(new SgdOptions { LearningRate = 0.01 }).Groups[0].AddController(coarse);
        coarse.Report(1);
        coarse.Report(1).Reason.Should().Be(AtMinimum);
    }

    [Fact]
    public void AttachedToASchedule_MinLearningRateAppliesToTheMultiplier()
    {
        var adam = new Adam<double>();
        adam.Groups[0].Schedule = Schedule.Cosine(0.1, 100);
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 0, MinLearningRate = 0.05 });
        adam.Groups[0].AddController(plateau);
        plateau.BaseLearningRate.Should().Be(1);
        plateau.Report(1);
        plateau.Report(1).Reason.Should().Be(Reduced);
        plateau.Report(1).Reason.Should().Be(Reduced);
        plateau.Scale.Should().Be(0.05, "the floor bounds the multiplier: 5% of the schedule");
        adam.Groups[0].NextLearningRate.Should().Be(0.1 * 0.05);
    }

    [Fact]
    public void OneControllerOnSeveralGroups_NeedsTheSameBase_ElseAttachingThrowsAndChangesNothing()
    {
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.01 });
        var same = sgd.AddGroup(sgd.Options with { WeightDecay = 0 });
        var other = sgd.AddGroup(sgd.Options with { LearningRate = 0.1 });
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { MinLearningRate = 1e-4 });
        sgd.Groups[0].AddController(plateau);
        same.AddController(plateau);
        var attach = () => other.AddController(plateau);
        attach.Should().Throw<ArgumentException>().WithMessage("*0.01*0.1*one controller per group*").Which.ParamName.Should().Be("controller");
        other.Controllers.Should().BeEmpty();
        plateau.BaseLearningRate.Should().Be(0.01);

        var scheduled = sgd.AddGroup(sgd.Options);
        scheduled.Schedule = Schedule.Constant(0.01);
        var mixed = () => scheduled.AddController(plateau);
        mixed.Should().Throw<ArgumentException>("a schedule puts the controller in units of the multiplier");

        // An explicit base serves any group; a floor above the group's rate is refused.
        var explicitBase = new ReduceOnPlateau(new ReduceOnPlateauOptions { BaseLearningRate = 0.05 });
        sgd.Groups[0].AddController(explicitBase);
        other.AddController(explicitBase);
        var tooHigh = () => other.AddController(new ReduceOnPlateau(new ReduceOnPlateauOptions { MinLearningRate = 0.5 }));
        tooHigh.Should().Throw<ArgumentException>().WithMessage("*MinLearningRate*");
    }

    [Fact]
    public void Report_Epsilon_SkipsDropsNoLargerThanIt()
    {
        // factor 0.5, eps 0.3 (scale units): 1 → 0.5 drops 0.5 > 0.3; 0.5 → 0.25 drops 0.25, skipped.
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Factor = 0.5, Patience = 0, Epsilon = 0.3 });
        plateau.Report(1).Reason.Should().Be(Improved);
        plateau.Report(1).Reason.Should().Be(Reduced);
        plateau.Scale.Should().Be(0.5);
        plateau.Report(1).Reason.Should().Be(AtMinimum);
        plateau.Scale.Should().Be(0.5);
    }

    [Fact]
    public void Report_MinScale_FloorsTheScaleWhateverTheBase()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { BaseLearningRate = 0.02, Patience = 0, Factor = 0.1, MinScale = 0.05 });
        plateau.Report(1);
        plateau.Report(1).Reason.Should().Be(Reduced);
        plateau.Scale.Should().Be(0.02 * 0.1 / 0.02);
        plateau.Report(1).Reason.Should().Be(Reduced);
        plateau.LearningRate.Should().Be(0.05 * 0.02, "max(0.002·0.1, 0.05·0.02) = 0.001");
        plateau.Scale.Should().Be(0.05 * 0.02 / 0.02);
        plateau.Report(1).Reason.Should().Be(AtMinimum);
    }

    [Fact]
    public void Report_NaN_IsABadReportAndNeverBecomesBest()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 1 });
        plateau.Report(double.NaN).Reason.Should().Be(Bad, "NaN < +inf is false, as in PyTorch");
        plateau.Best.Should().Be(double.PositiveInfinity);
        plateau.Report(3.0).Reason.Should().Be(Improved);
        plateau.Report(double.NaN).Reason.Should().Be(Bad);
        var report = plateau.Report(double.NaN);
        report.Reason.Should().Be(Reduced);
        double.IsNaN(report.Metric).Should().BeTrue();
        plateau.Best.Should().Be(3.0);
    }

    [Fact]
    public void Report_NegativeMetricsWithRelativeThreshold_CountRegressionsAsImprovements()
    {
        // The trap (pytorch/pytorch#38622): minimize, rel 1e-4, best = −1000 gives the bar
        // −1000·(1 − 1e-4) = −999.9, above best. A metric that worsens by 0.05 per report
        // (−999.95, −999.90, ...) passes the bar every time, so PyTorch never reduces.
        var options = new ReduceOnPlateauOptions { Patience = 2 };
        var pytorchRule = new ReduceOnPlateau(options);
        var signAware = new ReduceOnPlateau(options with { ThresholdMode = PlateauThresholdMode.SignAwareRelative });
        pytorchRule.Report(-1000);
        signAware.Report(-1000);
        var reasons = new List<ControllerReason>();
        for (var k = 1; k <= 6; k++)
        {
            var worse = -1000 + (0.05 * k);
            pytorchRule.Report(worse).Reason.Should().Be(Improved, "PyTorch's rel rule accepts {0} as better than {1}", worse, -1000 + (0.05 * (k - 1)));
            reasons.Add(signAware.Report(worse).Reason);
        }

        pytorchRule.Scale.Should().Be(1);
        pytorchRule.Best.Should().Be(-1000 + (0.05 * 6), "best drifted upward with the regressions");

        // Sign-aware bar: −1000 − 1e-4·1000 = −1000.1. Every report is bad; patience 2 → cut on the 3rd and 6th.
        reasons.Should().Equal(Bad, Bad, Reduced, Bad, Bad, Reduced);
        signAware.Best.Should().Be(-1000);
        signAware.Scale.Should().Be(0.1 * 0.1);
    }

    [Fact]
    public void Report_SignAwareOnPositiveMetrics_DecidesExactlyLikeRelative()
    {
        var random = new Random(11);
        foreach (var mode in new[] { PlateauMode.Minimize, PlateauMode.Maximize })
        {
            var options = new ReduceOnPlateauOptions { Mode = mode, Patience = 2, Threshold = 0.01, Cooldown = 1 };
            var relative = new ReduceOnPlateau(options);
            var signAware = new ReduceOnPlateau(options with { ThresholdMode = PlateauThresholdMode.SignAwareRelative });
            var value = 1.0;
            for (var i = 0; i < 5000; i++)
            {
                value = Math.Max(1e-6, value * (1 + (0.02 * (random.NextDouble() - 0.5))));
                signAware.Report(value).Should().Be(relative.Report(value));
            }

            relative.Scale.Should().BeLessThan(1, "the sequence must exercise reductions");
        }
    }

    [Theory]
    [InlineData(PlateauThresholdMode.SignAwareRelative)]
    [InlineData(PlateauThresholdMode.Absolute)]
    public void Report_MirrorSafeModes_MaximizingMetricEqualsMinimizingItsNegation(PlateauThresholdMode thresholdMode)
    {
        // An exact mirror: maximize on m and minimize on −m make the same decisions, for metrics of
        // any sign. PyTorch's Relative mode is not a mirror (it is the trap above).
        var options = new ReduceOnPlateauOptions { Patience = 1, Threshold = 0.02, ThresholdMode = thresholdMode, Cooldown = 1, Factor = 0.5 };
        var maximize = new ReduceOnPlateau(options with { Mode = PlateauMode.Maximize });
        var minimize = new ReduceOnPlateau(options);
        var random = new Random(5);
        var value = -3.0;
        var cuts = 0;
        for (var i = 0; i < 5000; i++)
        {
            value += 0.2 * (random.NextDouble() - 0.48);
            var up = maximize.Report(value);
            var down = minimize.Report(-value);
            up.Reason.Should().Be(down.Reason);
            up.NewScale.Should().Be(down.NewScale);
            maximize.Best.Should().Be(-minimize.Best);
            cuts += up.Changed ? 1 : 0;
        }

        cuts.Should().BePositive();
    }

    [Fact]
    public void Report_RelativeOnNegativeMetrics_IsNotAMirror()
    {
        // Maximize rel on best = −10, thr 0.1: bar −10·1.1 = −11, so −10.5 (worse) "improves".
        var maximize = new ReduceOnPlateau(new ReduceOnPlateauOptions { Mode = PlateauMode.Maximize, Threshold = 0.1 });
        maximize.Report(-10);
        maximize.Report(-10.5).Reason.Should().Be(Improved);
        maximize.Best.Should().Be(-10.5);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Report_ReachPatience_ActsOneBadReportEarlierThanPyTorch(int patience)
    {
        // Keras/Optax counting with patience p ≥ 1 is PyTorch counting with p − 1; p = 0 is the same in both.
        var options = new ReduceOnPlateauOptions { Patience = patience, Cooldown = 2, Factor = 0.5, Threshold = 0.01 };
        var reach = new ReduceOnPlateau(options with { PatienceMode = PatienceMode.ReachPatience });
        var exceed = new ReduceOnPlateau(options with { Patience = Math.Max(patience - 1, 0) });
        var random = new Random(patience);
        var value = 1.0;
        for (var i = 0; i < 3000; i++)
        {
            value *= 1 + (0.03 * (random.NextDouble() - 0.52));
            reach.Report(value).Should().Be(exceed.Report(value));
        }

        reach.Scale.Should().BeLessThan(1);
    }

    [Fact]
    public void Report_ReachPatience_CutsOnThePatienceThBadReport()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 3, PatienceMode = PatienceMode.ReachPatience });
        plateau.Report(1).Reason.Should().Be(Improved);
        plateau.Report(1).Reason.Should().Be(Bad);
        plateau.Report(1).Reason.Should().Be(Bad);
        plateau.Report(1).Reason.Should().Be(Reduced);
    }

    [Fact]
    public void Changed_IsRaisedOnlyOnReductions_WithTheReturnedReport()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 1, Factor = 0.5 });
        var raised = new List<(object? Sender, ControllerReport Report)>();
        plateau.Changed += (sender, report) => raised.Add((sender, report));
        var returned = new List<ControllerReport>();
        foreach (var metric in new[] { 3.0, 3.0, 3.0, 2.0, 2.5, 2.5, 2.5, 2.5 })
        {
            returned.Add(plateau.Report(metric));
        }

        var cuts = returned.Where(r => r.Changed).ToList();
        cuts.Select(r => r.Step).Should().Equal(2, 5, 7);
        raised.Select(e => e.Report).Should().Equal(cuts);
        raised.Should().OnlyContain(e => ReferenceEquals(e.Sender, plateau));
        cuts.Select(r => (r.OldScale, r.NewScale)).Should().Equal((1.0, 0.5), (0.5, 0.25), (0.25, 0.125));
    }

    [Fact]
    public void Report_AllocatesNothing_WithOrWithoutChanges()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 2, Factor = 0.9, Epsilon = 0 });
        var count = 0;
        plateau.Changed += (_, _) => count++;
        plateau.Report(1.0);
        var allocated = Allocations.Fewest(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                plateau.Report(1.0 + (i % 3 * 1e-3));
            }
        });
        allocated.Should().Be(0);
        count.Should().BePositive("reductions (and the event) were on the measured path");
    }

    [Fact]
    public void RestoreState_MidRun_ContinuesWithIdenticalDecisions()
    {
        var options = new ReduceOnPlateauOptions { Patience = 3, Cooldown = 2, Factor = 0.3, BaseLearningRate = 0.05, MinLearningRate = 1e-6 };
        var random = new Random(3);
        var metrics = new double[4000];
        var value = 2.0;
        for (var i = 0; i < metrics.Length; i++)
        {
            metrics[i] = random.NextDouble() < 0.02 ? double.NaN : value += 0.01 * (random.NextDouble() - 0.5);
        }

        foreach (var split in new[] { 0, 1, 7, 333, 2500 })
        {
            var original = new ReduceOnPlateau(options);
            foreach (var metric in metrics.AsSpan(0, split))
            {
                original.Report(metric);
            }

            var saved = original.CaptureState();
            var restored = new ReduceOnPlateau(options);
            restored.RestoreState(saved);
            restored.CaptureState().Should().Be(saved);
            BitConverter.DoubleToInt64Bits(restored.Scale).Should().Be(BitConverter.DoubleToInt64Bits(original.Scale));
            foreach (var metric in metrics.AsSpan(split))
            {
                restored.Report(metric).Should().Be(original.Report(metric));
            }

            restored.CaptureState().Should().Be(original.CaptureState());
            original.Scale.Should().BeLessThan(1);
        }
    }

    private static readonly ReduceOnPlateauState[] s_invalidStates =
    [
        new ReduceOnPlateauState(-1, 1, 0, 0, 0.1),
        new ReduceOnPlateauState(5, double.NaN, 0, 0, 0.1),
        new ReduceOnPlateauState(5, 1, -1, 0, 0.1),
        new ReduceOnPlateauState(5, 1, 4, 0, 0.1),
        new ReduceOnPlateauState(5, 1, 0, -1, 0.1),
        new ReduceOnPlateauState(5, 1, 0, 3, 0.1),
        new ReduceOnPlateauState(5, 1, 0, 0, 0.2),
        new ReduceOnPlateauState(5, 1, 0, 0, 1e-4),
        new ReduceOnPlateauState(5, 1, 0, 0, double.NaN),
    ];

    public static TheoryData<int> InvalidStates() => [.. Enumerable.Range(0, s_invalidStates.Length)];

    [Theory]
    [MemberData(nameof(InvalidStates))]
    public void RestoreState_Invalid_Throws_AndChangesNothing(int index)
    {
        var state = s_invalidStates[index];
        // Patience 3, cooldown 2, base 0.1, floor 1e-3.
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 3, Cooldown = 2, BaseLearningRate = 0.1, MinLearningRate = 1e-3 });
        plateau.Report(4);
        plateau.Report(5);
        var before = plateau.CaptureState();
        var act = () => plateau.RestoreState(state);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("state");
        plateau.CaptureState().Should().Be(before);
    }

    [Fact]
    public void Scale_ComposesWithASchedule_AsAMultiplier()
    {
        // Warmup 0 → 0.1 over 5 steps, then cosine to 0 over 20: plateau cuts scale the cosine
        // from the step they happen, and the cosine keeps its shape.
        var schedule = Schedule.Warmup(5, to: 0.1).Then(Schedule.Cosine(0.1, 20));
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 1, Factor = 0.5, BaseLearningRate = 0.1 });
        var losses = new[] { 5.0, 4.0, 3.0, 3.0, 3.0, 2.0, 2.5, 2.5, 1.0, 1.0, 1.0, 1.0 };
        for (var step = 0; step < losses.Length; step++)
        {
            var lr = schedule.At(step) * plateau.Scale;
            var cuts = step switch { <= 4 => 0, <= 7 => 1, <= 10 => 2, _ => 3 };
            lr.Should().BeApproximately(schedule.At(step) * Math.Pow(0.5, cuts), 1e-15, "step {0}", step);
            plateau.Report(losses[step]);
        }
    }
}
