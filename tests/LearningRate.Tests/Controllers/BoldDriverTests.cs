using LearningRate.Controllers;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Controllers;

/// <summary>Hand-computed loss sequences, bounds, the rollback protocol on a real problem, events, allocation and state.</summary>
public class BoldDriverTests
{
    [Fact]
    public void Report_Defaults_FollowHandTrace()
    {
        // ρ = 1.05, σ = 0.5, tolerance 0, reject on rise.
        var driver = new BoldDriver();
        var s = 1.0;
        (double Loss, ControllerReason Reason, double Scale, bool Reject, double Reference)[] trace =
        [
            (10, ControllerReason.Baseline, s, false, 10),
            (9, ControllerReason.Increased, s *= 1.05, false, 9),
            (8, ControllerReason.Increased, s *= 1.05, false, 8),
            (8, ControllerReason.WithinTolerance, s, false, 8),    // equal is not a rise
            (8.5, ControllerReason.Reduced, s *= 0.5, true, 8),   // rejected: the reference stays at the restored point's loss
            (7, ControllerReason.Increased, s *= 1.05, false, 7),
        ];
        var oldScale = 1.0;
        for (var i = 0; i < trace.Length; i++)
        {
            var (loss, reason, scale, reject, reference) = trace[i];
            var report = driver.Report(loss);
            report.Should().Be(new ControllerReport(i, loss, oldScale, scale, reason, reject), "report {0}", i);
            driver.Scale.Should().Be(scale);
            driver.ReferenceLoss.Should().Be(reference);
            driver.ReportCount.Should().Be(i + 1);
            oldScale = scale;
        }
    }

    [Fact]
    public void Report_ToleranceIsAMagnitude_RightForNegativeLosses()
    {
        // Tolerance 0.1 around E_ref = −10 allows up to −9 (a naive E_ref·(1 + tol) = −11 would flag −9.5).
        var driver = new BoldDriver(new BoldDriverOptions { Tolerance = 0.1 });
        driver.Report(-10).Reason.Should().Be(ControllerReason.Baseline);
        driver.Report(-9.5).Reason.Should().Be(ControllerReason.WithinTolerance);
        driver.ReferenceLoss.Should().Be(-9.5);
        var rise = driver.Report(-8.5);   // −9.5 + 0.95 = −8.55 < −8.5
        rise.Reason.Should().Be(ControllerReason.Reduced);
        rise.RejectStep.Should().BeTrue();
        driver.Report(-9.0).Reason.Should().Be(ControllerReason.WithinTolerance);
    }

    [Fact]
    public void Report_MaxScale_CapsIncreases()
    {
        var driver = new BoldDriver(new BoldDriverOptions { MaxScale = 1.1 });
        driver.Report(5);
        driver.Report(4).NewScale.Should().Be(1.05);
        driver.Report(3).Should().Be(new ControllerReport(2, 3, 1.05, 1.1, ControllerReason.Increased, false));
        var capped = driver.Report(2);
        capped.Reason.Should().Be(ControllerReason.AtMaximum);
        capped.Changed.Should().BeFalse();
        driver.ReferenceLoss.Should().Be(2);
    }

    [Fact]
    public void Report_WithoutCeiling_NeverOverflowsToInfinity()
    {
        var driver = new BoldDriver(new BoldDriverOptions { IncreaseFactor = 1e100 });
        driver.RestoreState(new BoldDriverState(1, 1e300, 10));
        var report = driver.Report(9);
        report.Reason.Should().Be(ControllerReason.AtMaximum, "1e300·1e100 overflows");
        driver.Scale.Should().Be(1e300);
        driver.ReferenceLoss.Should().Be(9);
    }

    [Fact]
    public void Report_AtMinScale_AcceptsAFiniteRiseButRejectsNaN()
    {
        var driver = new BoldDriver(new BoldDriverOptions { MinScale = 0.25 });
        driver.Report(1);
        driver.Report(2).Should().Be(new ControllerReport(1, 2, 1, 0.5, ControllerReason.Reduced, true));
        driver.Report(3).Should().Be(new ControllerReport(2, 3, 0.5, 0.25, ControllerReason.Reduced, true));
        driver.ReferenceLoss.Should().Be(1);

        // At the floor a finite rise is kept, or a deterministic loop would reject the same step forever.
        driver.Report(4).Should().Be(new ControllerReport(3, 4, 0.25, 0.25, ControllerReason.AtMinimum, false));
        driver.ReferenceLoss.Should().Be(4);
        var diverged = driver.Report(double.NaN);
        diverged.Reason.Should().Be(ControllerReason.AtMinimum);
        diverged.RejectStep.Should().BeTrue();
        driver.ReferenceLoss.Should().Be(4);
    }

    [Fact]
    public void Report_WithoutRejection_KeepsTheStepAndMovesTheReference()
    {
        var driver = new BoldDriver(new BoldDriverOptions { RejectOnRise = false });
        driver.Report(1);
        driver.Report(2).Should().Be(new ControllerReport(1, 2, 1, 0.5, ControllerReason.Reduced, false));
        driver.ReferenceLoss.Should().Be(2);
        driver.Report(1.5).Reason.Should().Be(ControllerReason.Increased);
        driver.Scale.Should().Be(0.5 * 1.05);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Report_NonFiniteLoss_CutsAndRejects_EvenFirst(double loss)
    {
        var driver = new BoldDriver();
        var first = driver.Report(loss);
        first.Reason.Should().Be(ControllerReason.Reduced);
        first.RejectStep.Should().BeTrue();
        double.IsNaN(driver.ReferenceLoss).Should().BeTrue("no finite loss has been accepted yet");
        driver.Report(3).Reason.Should().Be(ControllerReason.Baseline);
        driver.Report(loss).Should().Be(new ControllerReport(2, loss, 0.5, 0.25, ControllerReason.Reduced, true));
        driver.ReferenceLoss.Should().Be(3);
    }

    [Fact]
    public void RollbackProtocol_OnAStiffQuadratic_ConvergesWherePlainDescentDiverges()
    {
        // f(x) = ½ Σ a_i x_i², a_i from 1 to 100: gradient descent is stable only for lr < 2/100.
        const int n = 20;
        const double baseLearningRate = 0.05;
        var curvature = Enumerable.Range(0, n).Select(i => 1 + (99.0 * i / (n - 1))).ToArray();
        double Loss(double[] x) => 0.5 * x.Select((v, i) => curvature[i] * v * v).Sum();
        void Descend(double[] x, double lr)
        {
            for (var i = 0; i < n; i++)
            {
                x[i] -= lr * curvature[i] * x[i];
            }
        }

        var plain = Enumerable.Repeat(1.0, n).ToArray();
        var start = Loss(plain);
        for (var k = 0; k < 200; k++)
        {
            Descend(plain, baseLearningRate);
        }

        Loss(plain).Should().BeGreaterThan(start * 1e6, "plain descent at the base rate diverges");

        var x = Enumerable.Repeat(1.0, n).ToArray();
        var snapshot = new double[n];
        var driver = new BoldDriver();
        driver.Report(Loss(x));
        var accepted = new List<double> { Loss(x) };
        var rejections = 0;
        for (var k = 0; k < 2000; k++)
        {
            x.CopyTo(snapshot, 0);
            Descend(x, baseLearningRate * driver.Scale);
            var report = driver.Report(Loss(x));
            if (report.RejectStep)
            {
                snapshot.CopyTo(x, 0);
                rejections++;
            }
            else
            {
                accepted.Add(Loss(x));
            }

            Loss(x).Should().Be(driver.ReferenceLoss, "after the protocol the reference is the loss at the kept parameters");
        }

        rejections.Should().BePositive();
        accepted.Should().BeInDescendingOrder("with tolerance 0 only non-increasing losses are kept");
        Loss(x).Should().BeLessThan(start * 1e-12);
    }

    [Fact]
    public void Changed_IsRaisedOnIncreasesAndCuts_WithTheReturnedReport()
    {
        var driver = new BoldDriver(new BoldDriverOptions { MaxScale = 1.05 });
        var raised = new List<ControllerReport>();
        driver.Changed += (sender, report) =>
        {
            sender.Should().BeSameAs(driver);
            raised.Add(report);
        };
        var returned = new[] { 5.0, 4, 3, 3, 3.5, 3.2 }.Select(driver.Report).ToList();
        returned.Select(r => r.Reason).Should().Equal(
            ControllerReason.Baseline,
            ControllerReason.Increased,
            ControllerReason.AtMaximum,
            ControllerReason.WithinTolerance,
            ControllerReason.Reduced,
            ControllerReason.Reduced);
        raised.Should().Equal(returned.Where(r => r.Changed));
        raised.Select(r => r.Step).Should().Equal(1, 4, 5);
    }

    [Fact]
    public void Report_AllocatesNothing()
    {
        var driver = new BoldDriver(new BoldDriverOptions { MinScale = 1e-3, MaxScale = 4 });
        var changes = 0;
        driver.Changed += (_, _) => changes++;
        driver.Report(1);
        var allocated = Allocations.Fewest(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                driver.Report((i % 5) switch { 0 => 1.0, 1 => 0.9, 2 => 0.9, 3 => 2.0, _ => double.NaN });
            }
        });
        allocated.Should().Be(0);
        changes.Should().BePositive();
    }

    [Fact]
    public void RestoreState_MidRun_ContinuesWithIdenticalDecisions()
    {
        var options = new BoldDriverOptions { Tolerance = 0.01, MinScale = 0.01, MaxScale = 8, IncreaseFactor = 1.1 };
        var random = new Random(9);
        var losses = new double[3000];
        for (var i = 0; i < losses.Length; i++)
        {
            losses[i] = random.NextDouble() < 0.01 ? double.NaN : 1 + random.NextDouble();
        }

        foreach (var split in new[] { 0, 1, 2, 100, 2999 })
        {
            var original = new BoldDriver(options);
            foreach (var loss in losses.AsSpan(0, split))
            {
                original.Report(loss);
            }

            var restored = new BoldDriver(options);
            restored.RestoreState(original.CaptureState());
            restored.CaptureState().Should().Be(original.CaptureState());
            foreach (var loss in losses.AsSpan(split))
            {
                restored.Report(loss).Should().Be(original.Report(loss));
            }

            BitConverter.DoubleToInt64Bits(restored.Scale).Should().Be(BitConverter.DoubleToInt64Bits(original.Scale));
        }
    }

    private static readonly BoldDriverState[] s_invalidStates =
    [
        new BoldDriverState(-1, 1, 2),
        new BoldDriverState(3, 0.001, 2),
        new BoldDriverState(3, 9, 2),
        new BoldDriverState(3, double.NaN, 2),
        new BoldDriverState(3, 1, double.PositiveInfinity),
    ];

    public static TheoryData<int> InvalidStates() => [.. Enumerable.Range(0, s_invalidStates.Length)];

    [Theory]
    [MemberData(nameof(InvalidStates))]
    public void RestoreState_Invalid_Throws_AndChangesNothing(int index)
    {
        var driver = new BoldDriver(new BoldDriverOptions { MinScale = 0.01, MaxScale = 8 });
        driver.Report(3);
        driver.Report(2);
        var before = driver.CaptureState();
        var act = () => driver.RestoreState(s_invalidStates[index]);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("state");
        driver.CaptureState().Should().Be(before);
    }

    [Fact]
    public void RestoreState_InfiniteScaleUnderNoCeiling_Throws()
    {
        var act = () => new BoldDriver().RestoreState(new BoldDriverState(1, double.PositiveInfinity, 1));
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("state");
    }

    [Fact]
    public void Defaults_AreTheLiteratureRule()
    {
        var options = new BoldDriverOptions();
        options.IncreaseFactor.Should().Be(1.05);
        options.DecreaseFactor.Should().Be(0.5);
        options.Tolerance.Should().Be(0);
        options.MinScale.Should().Be(0);
        options.MaxScale.Should().Be(double.PositiveInfinity);
        options.RejectOnRise.Should().BeTrue();
        var driver = new BoldDriver();
        driver.Scale.Should().Be(1);
        double.IsNaN(driver.ReferenceLoss).Should().BeTrue();
        driver.ReportCount.Should().Be(0);
    }

    public static TheoryData<string, Func<BoldDriverOptions>> Invalid() => new()
    {
        { "IncreaseFactor", () => new BoldDriverOptions { IncreaseFactor = 0.99 } },
        { "IncreaseFactor", () => new BoldDriverOptions { IncreaseFactor = double.PositiveInfinity } },
        { "IncreaseFactor", () => new BoldDriverOptions { IncreaseFactor = double.NaN } },
        { "DecreaseFactor", () => new BoldDriverOptions { DecreaseFactor = 1 } },
        { "DecreaseFactor", () => new BoldDriverOptions { DecreaseFactor = 0 } },
        { "DecreaseFactor", () => new BoldDriverOptions { DecreaseFactor = double.NaN } },
        { "Tolerance", () => new BoldDriverOptions { Tolerance = -0.01 } },
        { "Tolerance", () => new BoldDriverOptions { Tolerance = double.PositiveInfinity } },
        { "MinScale", () => new BoldDriverOptions { MinScale = 1.01 } },
        { "MinScale", () => new BoldDriverOptions { MinScale = -1 } },
        { "MaxScale", () => new BoldDriverOptions { MaxScale = 0.5 } },
        { "MaxScale", () => new BoldDriverOptions { MaxScale = double.NaN } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidValue_Throws_NamingTheOption(string option, Func<BoldDriverOptions> create)
    {
        var act = () => new BoldDriver(create());
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(option);
    }

    [Fact]
    public void Constructor_NullOptions_Throws()
    {
        var act = () => new BoldDriver(null!);
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("options");
    }
}
