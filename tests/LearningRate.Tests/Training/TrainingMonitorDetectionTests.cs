using System.Globalization;
using System.Xml.Linq;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// The detections' exact boundaries, their messages (the figures a user acts on), how each clears and
/// returns, and the defaults and bounds of <see cref="TrainingMonitorOptions"/>.
/// </summary>
public class TrainingMonitorDetectionTests
{
    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Options_HaveTheDocumentedDefaults()
    {
        var options = new TrainingMonitorOptions();

        options.Smoothing.Should().Be(0.98);
        options.DivergenceFactor.Should().Be(4);
        options.DivergenceWarmup.Should().Be(10);
        options.PlateauThreshold.Should().Be(1e-3);
        options.StepPlateauPatience.Should().Be(200);
        options.EpochPlateauPatience.Should().Be(5);
        options.OscillationWindow.Should().Be(40);
        options.OscillationAlternation.Should().Be(0.95);
        options.OscillationAmplitude.Should().Be(0.1);
        options.OverfittingPatience.Should().Be(3);
        options.ClassCount.Should().Be(0);
        options.ChanceLevelTolerance.Should().Be(0.01);
    }

    [Fact]
    public void Options_AcceptTheirClosedBounds()
    {
        var options = new TrainingMonitorOptions
        {
            Smoothing = 0,
            DivergenceFactor = 1.0000001,
            DivergenceWarmup = 0,
            PlateauThreshold = 0,
            StepPlateauPatience = 0,
            EpochPlateauPatience = 0,
            OscillationWindow = 3,
            OscillationAlternation = 1,
            OscillationAmplitude = 0,
            OverfittingPatience = 0,
        };

        options.OscillationWindow.Should().Be(3);
        (options with { OscillationWindow = 0, OscillationAlternation = 0 }).OscillationWindow.Should().Be(0);
    }

    public static TheoryData<string, Func<TrainingMonitorOptions>> InvalidOptions() => new()
    {
        { "Smoothing", () => new TrainingMonitorOptions { Smoothing = -0.1 } },
        { "DivergenceFactor", () => new TrainingMonitorOptions { DivergenceFactor = 0.5 } },
        { "DivergenceFactor", () => new TrainingMonitorOptions { DivergenceFactor = double.NaN } },
        { "DivergenceWarmup", () => new TrainingMonitorOptions { DivergenceWarmup = -1 } },
        { "PlateauThreshold", () => new TrainingMonitorOptions { PlateauThreshold = -1e-3 } },
        { "StepPlateauPatience", () => new TrainingMonitorOptions { StepPlateauPatience = -1 } },
        { "EpochPlateauPatience", () => new TrainingMonitorOptions { EpochPlateauPatience = -1 } },
        { "OscillationWindow", () => new TrainingMonitorOptions { OscillationWindow = 1 } },
        { "OscillationWindow", () => new TrainingMonitorOptions { OscillationWindow = -3 } },
        { "OscillationAlternation", () => new TrainingMonitorOptions { OscillationAlternation = 1.01 } },
        { "OscillationAmplitude", () => new TrainingMonitorOptions { OscillationAmplitude = -0.1 } },
        { "OverfittingPatience", () => new TrainingMonitorOptions { OverfittingPatience = -2 } },
        { "ClassCount", () => new TrainingMonitorOptions { ClassCount = 1 } },
        { "ClassCount", () => new TrainingMonitorOptions { ClassCount = -2 } },
        { "ChanceLevelTolerance", () => new TrainingMonitorOptions { ChanceLevelTolerance = 1 } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Options_OutOfRange_ThrowNamingThem(string name, Func<TrainingMonitorOptions> create) =>
        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);

    [Fact]
    public void Divergence_StartsStrictlyAboveFactorTimesBest_AndSaysSo()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0 });
        for (var k = 0; k < 20; k++)
        {
            monitor.RecordStep(k == 3 ? 1 : 2, 0.1, s_ms);
        }

        monitor.RecordStep(5, 0.1, s_ms); // 1 + (4 - 1)·1 = 4 is the line: 5 is above it
        monitor.Diagnoses.Should().ContainSingle();

        using var atTheLine = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0 });
        for (var k = 0; k < 20; k++)
        {
            atTheLine.RecordStep(k == 3 ? 1 : 2, 0.1, s_ms);
        }

        atTheLine.RecordStep(4, 0.1, s_ms);
        atTheLine.Diagnoses.Should().BeEmpty();

        var divergence = monitor.Diagnoses[0];
        divergence.Issue.Should().Be(TrainingIssue.Divergence);
        divergence.Step.Should().Be(21);
        divergence.Epoch.Should().Be(0);
        divergence.Message.Should().Be("The smoothed loss 5 at step 20 is above 4× its best, 1 (step 3).");
        divergence.Advice.Should().Be(
            "Lower the learning rate (×0.1), or add warmup; clip gradients; check the inputs for NaN and the loss for log(0); resume from the last good checkpoint.");
    }

    [Fact]
    public void Divergence_OfANegativeLoss_MeasuresFromItsMagnitude()
    {
        // Best -2: the line is -2 + (4 - 1)·2 = 4.
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0, DivergenceWarmup = 0 });
        monitor.RecordStep(-2, 0.1, s_ms);
        monitor.RecordStep(3.9, 0.1, s_ms);
        monitor.Diagnoses.Should().BeEmpty();
        monitor.RecordStep(4.1, 0.1, s_ms);
        monitor.Diagnoses.Should().ContainSingle().Which.Issue.Should().Be(TrainingIssue.Divergence);
    }

    [Theory]
    [InlineData(1, true)]  // warmup 1: step 1 is already watched
    [InlineData(2, false)] // warmup 2: step 1 is not
    public void Divergence_WaitsForTheWarmup(int warmup, bool reported)
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0, DivergenceWarmup = warmup });
        monitor.RecordStep(1, 0.1, s_ms);
        monitor.RecordStep(100, 0.1, s_ms);

        monitor.Diagnoses.Any(d => d.Issue == TrainingIssue.Divergence).Should().Be(reported);
    }

    [Fact]
    public void Divergence_Clears_ThenIsReportedAgain()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0, DivergenceWarmup = 0 });
        monitor.RecordStep(1, 0.1, s_ms);
        monitor.RecordStep(10, 0.1, s_ms);
        monitor.RecordStep(20, 0.1, s_ms);
        monitor.ActiveIssues.Should().Equal(TrainingIssue.Divergence);
        monitor.RecordStep(1, 0.1, s_ms);
        monitor.ActiveIssues.Should().BeEmpty();
        monitor.RecordStep(10, 0.1, s_ms);

        monitor.Diagnoses.Select(d => d.Step).Should().Equal(2, 5);
    }

    [Fact]
    public void EpochDivergence_NonFiniteTrainingOrInfiniteValidationLoss_SeparateFromSteps()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { EpochPlateauPatience = 1 });
        monitor.RecordStep(double.NaN, 0.1, s_ms);
        monitor.RecordEpoch(double.NaN, double.NaN, new() { LearningRate = 0.1 });

        monitor.Diagnoses.Should().HaveCount(2, "a step and an epoch divergence are tracked apart");
        monitor.Diagnoses[1].Message.Should().Be("Epoch 0 ended with training loss NaN and validation loss NaN.");
        monitor.Diagnoses[1].Epoch.Should().Be(1);

        monitor.RecordEpoch(1, 2, new() { LearningRate = 0.1 });
        monitor.ActiveIssues.Should().Equal(TrainingIssue.Divergence); // the step divergence is still active
        monitor.RecordEpoch(1, double.NegativeInfinity, new() { LearningRate = 0.1 });
        monitor.Diagnoses.Should().HaveCount(3);
        monitor.Diagnoses[2].Message.Should().Contain("validation loss -Infinity");
        monitor.Diagnoses.Should().NotContain(d => d.Issue == TrainingIssue.Plateau, "a diverged epoch is not a plateau");

        monitor.RecordEpoch(1, double.NaN, new() { LearningRate = 0.1 });
        monitor.Diagnoses.Should().HaveCount(3, "an unmeasured validation loss is no divergence");
    }

    [Theory]
    [InlineData(1, 0.9, true)]   // 0.9 is not below 1 - 0.1·1: no improvement, a plateau after one epoch
    [InlineData(1, 0.89, false)] // below it: an improvement
    [InlineData(-1, -1.1, true)] // from best -1: -1.1 is not below -1 - 0.1·1
    [InlineData(-1, -1.11, false)]
    [InlineData(2, 1.9, true)]   // from best 2 the line is 2 - 0.1·2 = 1.8
    [InlineData(2, 1.75, false)]
    public void EpochPlateau_NeedsAStrictRelativeImprovement(double first, double second, bool plateau)
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { PlateauThreshold = 0.1, EpochPlateauPatience = 1, OverfittingPatience = 0 });
        monitor.RecordEpoch(1, first, new() { LearningRate = 0.1 });
        monitor.RecordEpoch(1, second, new() { LearningRate = 0.1 });

        monitor.Diagnoses.Any(d => d.Issue == TrainingIssue.Plateau).Should().Be(plateau);
        if (plateau)
        {
            monitor.Diagnoses[0].Message.Should().Be(string.Create(CultureInfo.InvariantCulture, $"The validation loss has not improved by 10% in 1 epochs (best {first} at epoch 0)."));
        }
    }

    [Fact]
    public void EpochPlateau_CountsEpochsSinceTheBest_Clears_AndReturns()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { EpochPlateauPatience = 2, OverfittingPatience = 0 });
        foreach (var v in new[] { 2.0, 1, 1, 1 })
        {
            monitor.RecordEpoch(0.5, v, new() { LearningRate = 0.1 });
        }

        monitor.Diagnoses.Should().ContainSingle().Which.Message.Should().EndWith("in 2 epochs (best 1 at epoch 1).");
        monitor.RecordEpoch(0.5, 0.5, new() { LearningRate = 0.1 });
        monitor.ActiveIssues.Should().BeEmpty("the loss improved");
        monitor.RecordEpoch(0.5, 0.5, new() { LearningRate = 0.1 });
        monitor.RecordEpoch(0.5, 0.5, new() { LearningRate = 0.1 });
        monitor.Diagnoses.Where(d => d.Issue == TrainingIssue.Plateau).Select(d => d.Epoch).Should().Equal(4, 7);
    }

    [Fact]
    public void StepPlateau_Clears_WhenTheLossImproves_AndReturns()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0, StepPlateauPatience = 5, OscillationWindow = 0 });
        foreach (var loss in new[] { 1.0, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5 })
        {
            monitor.RecordStep(loss, 0.1, s_ms);
        }

        monitor.Diagnoses.Select(d => (d.Issue, d.Step)).Should().Equal((TrainingIssue.Plateau, 6L), (TrainingIssue.Plateau, 12L));
    }

    [Fact]
    public void EpochPlateau_OnTrainingLoss_SaysTraining_AndDisabledByZeroPatience()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { EpochPlateauPatience = 2 });
        using var disabled = new TrainingMonitor(new TrainingMonitorOptions { EpochPlateauPatience = 0 });
        foreach (var m in new[] { monitor, disabled })
        {
            for (var e = 0; e < 4; e++)
            {
                m.RecordEpoch(0.5, details: new() { LearningRate = 0.1 });
            }
        }

        monitor.Diagnoses.Should().ContainSingle().Which.Message.Should().StartWith("The training loss has not improved").And.Contain("in 2 epochs (best 0.5 at epoch 0)");
        disabled.Diagnoses.Should().BeEmpty();
    }

    [Fact]
    public void Oscillation_MessageStatesWindowAlternationAndAmplitude()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { StepPlateauPatience = 0 });
        for (var k = 0; k < 40; k++)
        {
            monitor.RecordStep(k % 2 == 0 ? 1.25 : 0.75, 0.5, s_ms);
        }

        var oscillation = monitor.Diagnoses.Should().ContainSingle().Subject;
        oscillation.Message.Should().Be("Over the last 40 steps the loss changed direction 100% of the time, by 50% of its level on average.");
        oscillation.Advice.Should().Be("Lower the learning rate (×0.3 to ×0.5) or raise the batch size; with momentum, a little less momentum also damps it.");
    }

    [Theory]
    [InlineData(1.0, 0.46, true)]  // a perfect zig-zag alternates 100 % of the time: 1 ≥ 1; amplitude 0.5 / (3.25 / 3) ≈ 0.4615
    [InlineData(1.0, 0.47, false)] // that amplitude is below 0.47
    public void Oscillation_ThresholdsAreInclusive(double alternation, double amplitude, bool reported)
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { StepPlateauPatience = 0, OscillationWindow = 3, OscillationAlternation = alternation, OscillationAmplitude = amplitude });
        monitor.RecordStep(1.25, 0.5, s_ms);
        monitor.RecordStep(0.75, 0.5, s_ms);
        monitor.Diagnoses.Should().BeEmpty("two steps are fewer than the window");
        monitor.RecordStep(1.25, 0.5, s_ms);

        monitor.Diagnoses.Any(d => d.Issue == TrainingIssue.Oscillation).Should().Be(reported);
        if (reported)
        {
            monitor.Diagnoses[0].Step.Should().Be(3);
        }
    }

    [Fact]
    public void Oscillation_AmplitudeThreshold_IsInclusive()
    {
        // Losses 1, 3, 1, 3: mean level 2, mean change 2, so the amplitude is exactly 1.
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { StepPlateauPatience = 0, OscillationWindow = 4, OscillationAmplitude = 1, DivergenceWarmup = 100 });
        foreach (var loss in new[] { 1.0, 3, 1, 3 })
        {
            monitor.RecordStep(loss, 0.1, s_ms);
        }

        monitor.Diagnoses.Should().ContainSingle().Which.Issue.Should().Be(TrainingIssue.Oscillation);
    }

    [Fact]
    public void Oscillation_AFlatStep_IsNoChangeOfDirection()
    {
        // 2, 1, 1: the second difference is 0, which neither continues nor reverses the fall.
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { StepPlateauPatience = 0, OscillationWindow = 3, OscillationAlternation = 0.5 });
        foreach (var loss in new[] { 2.0, 1, 1 })
        {
            monitor.RecordStep(loss, 0.1, s_ms);
        }

        monitor.Diagnoses.Should().BeEmpty();
    }

    [Fact]
    public void Oscillation_IsNotFlaggedAtZeroLoss_NorThroughANonFiniteLoss_NorWhenDisabled()
    {
        using var zero = new TrainingMonitor(new TrainingMonitorOptions { StepPlateauPatience = 0, OscillationAmplitude = 0 });
        for (var k = 0; k < 50; k++)
        {
            zero.RecordStep(0, 0.5, s_ms);
        }

        zero.Diagnoses.Should().BeEmpty();

        using var broken = new TrainingMonitor(new TrainingMonitorOptions { StepPlateauPatience = 0 });
        for (var k = 0; k < 50; k++)
        {
            broken.RecordStep(k % 2 == 0 ? 1.25 : 0.75, 0.5, s_ms);
        }

        broken.ActiveIssues.Should().Equal(TrainingIssue.Oscillation);
        broken.RecordStep(double.PositiveInfinity, 0.5, s_ms);
        broken.ActiveIssues.Should().Equal(TrainingIssue.Divergence);

        using var disabled = new TrainingMonitor(new TrainingMonitorOptions { StepPlateauPatience = 0, OscillationWindow = 0 });
        for (var k = 0; k < 50; k++)
        {
            disabled.RecordStep(k % 2 == 0 ? 1.25 : 0.75, 0.5, s_ms);
        }

        disabled.Diagnoses.Should().BeEmpty();
    }

    [Fact]
    public void Overfitting_MessageStatesBothTrends_AndClears()
    {
        using var monitor = new TrainingMonitor();
        double[] training = [1, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25];
        double[] validation = [1, 0.9, 0.85, 0.9, 0.95, 1.0, 0.9];
        for (var e = 0; e < training.Length; e++)
        {
            monitor.RecordEpoch(training[e], validation[e], new() { LearningRate = 0.01 });
        }

        var overfit = monitor.Diagnoses.Should().ContainSingle().Subject;
        overfit.Message.Should().Be("In the last 3 epochs the validation loss rose from 0.85 to 1 while the training loss fell from 0.6 to 0.3.");
        overfit.Advice.Should().Be(
            "Regularize (weight decay, dropout, more or augmented data), reduce the learning rate, and keep the weights of the best validation epoch (2): early stopping.");
        monitor.ActiveIssues.Should().BeEmpty("the validation loss fell again");
    }

    [Theory]
    [InlineData(1, 2, true)]  // patience 1: two epochs are enough
    [InlineData(1, 1, false)] // one epoch has no trend
    [InlineData(0, 5, false)] // patience 0 turns the detection off
    public void Overfitting_NeedsPatiencePlusOneEpochs(int patience, int epochs, bool reported)
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { OverfittingPatience = patience, EpochPlateauPatience = 0 });
        for (var e = 0; e < epochs; e++)
        {
            monitor.RecordEpoch(1 - (0.1 * e), 2 + (0.1 * e), new() { LearningRate = 0.01 });
        }

        monitor.Diagnoses.Any(d => d.Issue == TrainingIssue.Overfitting).Should().Be(reported);
    }

    [Theory]
    [InlineData(0.25, false)] // a rise of 0.25 on 2 is exactly the 12.5 % threshold: not more than it
    [InlineData(0.3, true)]
    public void Overfitting_RiseMustExceedTheThreshold(double rise, bool reported)
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { OverfittingPatience = 1, PlateauThreshold = 0.125, EpochPlateauPatience = 0 });
        monitor.RecordEpoch(1, 2, new() { LearningRate = 0.01 });
        monitor.RecordEpoch(0.9, 2 + rise, new() { LearningRate = 0.01 });

        monitor.Diagnoses.Any(d => d.Issue == TrainingIssue.Overfitting).Should().Be(reported);
    }

    [Theory]
    [InlineData(new[] { 1.0, 0.9 }, new[] { 1.0, 1.1 }, false)]            // the gap starts at 0: not yet overfitting
    [InlineData(new[] { 1.0, 0.9, 0.8 }, new[] { 2.0, 2.1, 2.1 }, false)]  // the validation loss stalls once
    [InlineData(new[] { 1.0, 0.9, 0.9 }, new[] { 2.0, 2.1, 2.2 }, false)]  // the training loss stalls once
    [InlineData(new[] { 1.0, 0.9, 0.8 }, new[] { 2.0, 2.1, 2.2 }, true)]
    public void Overfitting_NeedsAGap_AndStrictTrends(double[] training, double[] validation, bool reported)
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { OverfittingPatience = training.Length - 1, EpochPlateauPatience = 0 });
        for (var e = 0; e < training.Length; e++)
        {
            monitor.RecordEpoch(training[e], validation[e], new() { LearningRate = 0.01 });
        }

        monitor.Diagnoses.Any(d => d.Issue == TrainingIssue.Overfitting).Should().Be(reported);
    }

    [Fact]
    public void SmoothedLoss_WithoutSmoothing_RecoversAfterANonFiniteLoss()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0 });
        monitor.RecordStep(double.PositiveInfinity, 0.1, s_ms);

        monitor.RecordStep(1.5, 0.1, s_ms).SmoothedLoss.Should().Be(1.5);
    }

    [Fact]
    public void RecordEpoch_LearningRate_DefaultsToTheLastStepsRate()
    {
        using var monitor = new TrainingMonitor();
        monitor.RecordEpoch(1).LearningRate.Should().Be(double.NaN, "no step has been recorded");
        monitor.RecordStep(1, 0.25, s_ms);
        monitor.RecordStep(1, 0.125, s_ms);

        var epoch = monitor.RecordEpoch(0.5);

        epoch.LearningRate.Should().Be(0.125);
        epoch.Step.Should().Be(2);
        epoch.Epoch.Should().Be(1);
        epoch.ValidationLoss.Should().Be(double.NaN);
        epoch.ValidationMetric.Should().Be(double.NaN);
        epoch.MonitoredLoss.Should().Be(0.5);
        monitor.RecordEpoch(0.5, details: new() { LearningRate = 0 }).LearningRate.Should().Be(0);
    }

    [Fact]
    public void RecordStep_WithoutATime_MeasuresTheTimeSinceThePreviousStep()
    {
        using var monitor = new TrainingMonitor();
        monitor.RecordStep(1, 0.1).StepTime.Should().Be(TimeSpan.Zero, "the first step has nothing to measure from");
        Thread.Sleep(5);
        monitor.RecordStep(1, 0.1).StepTime.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(4));
        monitor.RecordStep(1, 0.1, TimeSpan.Zero).StepTime.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void LossSvg_CapsTheAxisAboveTheSmoothedCurve_AndMarksEachDiagnosis()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { DivergenceWarmup = 0 });
        for (var k = 0; k < 20; k++)
        {
            monitor.RecordStep(1, 0.1, s_ms);
        }

        monitor.RecordStep(1000, 0.1, s_ms); // the smoothed loss rises to about 59
        monitor.RecordEpoch(1, 1.2);
        var cap = 1.5 * monitor.Steps[^1].SmoothedLoss;

        var svg = XDocument.Parse(monitor.ToLossSvg()).Root!;
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").ToList();
        var yTicks = texts.Where(t => t.Attribute("text-anchor")?.Value == "end").Select(t => double.Parse(t.Value, CultureInfo.InvariantCulture)).ToList();
        yTicks.Max().Should().BeLessThanOrEqualTo(cap * 1.05).And.BeGreaterThan(cap / 2);
        texts.Should().Contain(t => t.Value == "Divergence");
        texts.Select(t => t.Value).Should().Contain(["Learning curves", "step", "loss", "step loss", "smoothed", "epoch train", "validation"]);

        texts.Should().NotContain(t => t.Value.StartsWith("1e", StringComparison.Ordinal), "the step axis is linear");
        svg.Descendants().Where(e => e.Name.LocalName == "polyline").Select(p => p.Attribute("stroke")!.Value).Should().OnlyHaveUniqueItems().And.NotContain(string.Empty);
        svg.Descendants().Where(e => e.Name.LocalName == "line" && e.Attribute("stroke-dasharray")?.Value == "2 3")
            .Should().ContainSingle().Which.Attribute("stroke")!.Value.Should().NotBeEmpty();

        var rate = XDocument.Parse(monitor.ToLearningRateSvg()).Root!;
        var rateTexts = rate.Descendants().Where(e => e.Name.LocalName == "text").Select(t => t.Value).ToList();
        rateTexts.Count(t => t == "learning rate").Should().Be(2, "the axis label and the legend");
        rateTexts.Should().Contain(["Learning rate", "step"]).And.NotContain(t => t.StartsWith("1e", StringComparison.Ordinal));
        rate.Descendants().Single(e => e.Name.LocalName == "polyline").Attribute("stroke")!.Value.Should().NotBeEmpty();
    }

    [Fact]
    public void Svg_OfAnEmptyOrAllNonFiniteMonitor_IsValid()
    {
        using var monitor = new TrainingMonitor();
        XDocument.Parse(monitor.ToLossSvg()).Root!.Name.LocalName.Should().Be("svg");
        XDocument.Parse(monitor.ToLearningRateSvg()).Root!.Name.LocalName.Should().Be("svg");

        monitor.RecordStep(double.NaN, 0.1, s_ms);
        XDocument.Parse(monitor.ToLossSvg()).Root!.Name.LocalName.Should().Be("svg");
    }

    [Fact]
    public void Svg_Title_IsTheGivenOne_AndNullIsRefused()
    {
        using var monitor = new TrainingMonitor();
        monitor.RecordStep(1, 0.1, s_ms);

        static List<string> Bold(string svg) => [.. XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text" && e.Attribute("font-weight")?.Value == "bold").Select(e => e.Value)];
        Bold(monitor.ToLossSvg(title: "Learning curves: SGD · raw")).Should().Equal("Learning curves: SGD · raw");
        Bold(monitor.ToLearningRateSvg(title: "Rate of run 3")).Should().Equal("Rate of run 3");
        Bold(monitor.ToLossSvg()).Should().Equal("Learning curves");
        Bold(monitor.ToLearningRateSvg()).Should().Equal("Learning rate");
        FluentActions.Invoking(() => monitor.ToLossSvg(title: null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("title");
        FluentActions.Invoking(() => monitor.ToLearningRateSvg(title: null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("title");
    }

    [Theory]
    [InlineData(199, 420, "width")]
    [InlineData(200, 149, "height")]
    public void Svg_TooSmall_ThrowsNamingTheSize(int width, int height, string name)
    {
        using var monitor = new TrainingMonitor();
        monitor.RecordStep(1, 0.1, s_ms);

        FluentActions.Invoking(() => monitor.ToLossSvg(width, height)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
        FluentActions.Invoking(() => monitor.ToLearningRateSvg(width, height)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
        monitor.ToLossSvg(200, 150).Should().StartWith("<svg");
        monitor.ToLearningRateSvg(200, 150).Should().StartWith("<svg");
    }
}
