using System.Diagnostics.Metrics;
using System.Globalization;
using System.Xml.Linq;
using LearningRate.Controllers;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

public class TrainingMonitorTests
{
    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void RecordStep_SmoothedLoss_IsTheDebiasedAverage()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0.9 });
        double[] losses = [4, 2, 3, 1, 5];
        double a = 0;
        for (var i = 0; i < losses.Length; i++)
        {
            var record = monitor.RecordStep(losses[i], 0.1, s_ms);
            a = (0.9 * a) + (0.1 * losses[i]);
            record.Step.Should().Be(i);
            record.SmoothedLoss.Should().BeApproximately(a / (1 - Math.Pow(0.9, i + 1)), 1e-12);
        }

        monitor.Steps.Should().HaveCount(5);
        monitor.Steps[0].SmoothedLoss.Should().Be(4);
    }

    [Fact]
    public void HealthyRun_NoiseAndSteadyDecrease_NoIssue()
    {
        using var monitor = new TrainingMonitor();
        var random = new Random(1);
        for (var k = 0; k < 600; k++)
        {
            monitor.RecordStep((0.2 + Math.Exp(-k / 150.0)) * (1 + (0.05 * ((2 * random.NextDouble()) - 1))), 1e-3, s_ms);
        }

        for (var e = 0; e < 10; e++)
        {
            monitor.RecordEpoch(1.0 / (e + 1), 1.1 / (e + 1));
        }

        monitor.Diagnoses.Should().BeEmpty();
    }

    [Fact]
    public void NonFiniteLoss_IsDivergence_ReportedOnce()
    {
        using var monitor = new TrainingMonitor();
        var diagnoses = new List<TrainingDiagnosis>();
        monitor.IssueDetected += (_, d) => diagnoses.Add(d);
        for (var k = 0; k < 5; k++)
        {
            monitor.RecordStep(1.0 / (k + 1), 0.1, s_ms);
        }

        monitor.RecordStep(double.NaN, 0.1, s_ms);
        monitor.RecordStep(double.PositiveInfinity, 0.1, s_ms);

        diagnoses.Should().ContainSingle().Which.Issue.Should().Be(TrainingIssue.Divergence);
        diagnoses[0].Step.Should().Be(6);
        diagnoses[0].Message.Should().Contain("NaN");
        diagnoses[0].Advice.Should().Contain("Lower the learning rate");
        monitor.ActiveIssues.Should().Contain(TrainingIssue.Divergence);
    }

    [Fact]
    public void ExplodingLoss_IsDivergence_WhenSmoothedPassesFactorTimesBest()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0 });
        for (var k = 0; k < 20; k++)
        {
            monitor.RecordStep(1, 0.1, s_ms);
        }

        var loss = 1.0;
        while (monitor.Diagnoses.Count == 0)
        {
            loss *= 1.5;
            monitor.RecordStep(loss, 0.1, s_ms);
        }

        monitor.Diagnoses[0].Issue.Should().Be(TrainingIssue.Divergence);
        monitor.Steps[^1].Loss.Should().BeGreaterThan(4).And.BeLessThan(4 * 1.5);
        monitor.Steps[^2].Loss.Should().BeLessThanOrEqualTo(4);
    }

    [Fact]
    public void ZigZagLoss_IsOscillation_ButNoiseIsNot()
    {
        using var monitor = new TrainingMonitor();
        for (var k = 0; k < 60; k++)
        {
            monitor.RecordStep(1 + (0.3 * (k % 2 == 0 ? 1 : -1)), 0.5, s_ms);
        }

        monitor.Diagnoses.Should().ContainSingle().Which.Issue.Should().Be(TrainingIssue.Oscillation);
        monitor.Diagnoses[0].Step.Should().Be(40);
        monitor.Diagnoses[0].Advice.Should().Contain("Lower the learning rate");

        // Independent noise of the same size changes direction only about 2/3 of the time.
        using var noisy = new TrainingMonitor();
        var random = new Random(4);
        for (var k = 0; k < 2000; k++)
        {
            noisy.RecordStep(1 + (0.3 * ((2 * random.NextDouble()) - 1)), 0.5, s_ms);
        }

        noisy.Diagnoses.Should().NotContain(d => d.Issue == TrainingIssue.Oscillation);
    }

    [Fact]
    public void Oscillation_ClearsAndReturns_ReportedTwice()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { StepPlateauPatience = 0 });
        void ZigZag(int n)
        {
            for (var k = 0; k < n; k++)
            {
                monitor.RecordStep(1 + (0.3 * (k % 2 == 0 ? 1 : -1)), 0.5, s_ms);
            }
        }

        ZigZag(50);
        for (var k = 0; k < 50; k++)
        {
            monitor.RecordStep(1, 0.1, s_ms);
        }

        monitor.ActiveIssues.Should().BeEmpty();
        ZigZag(50);
        monitor.Diagnoses.Where(d => d.Issue == TrainingIssue.Oscillation).Should().HaveCount(2);
    }

    [Fact]
    public void FlatStepLoss_IsPlateau_AfterPatience()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0, StepPlateauPatience = 50 });
        for (var k = 0; k < 30; k++)
        {
            monitor.RecordStep(1 - (0.02 * k), 0.01, s_ms);
        }

        for (var k = 0; k < 100; k++)
        {
            monitor.RecordStep(0.42, 0.01, s_ms);
        }

        var plateau = monitor.Diagnoses.Should().ContainSingle().Which;
        plateau.Issue.Should().Be(TrainingIssue.Plateau);
        plateau.Step.Should().Be(30 + 50);
        plateau.Message.Should().Be("The smoothed loss has not improved by 0.1% in 50 steps (best 0.42 at step 29).");
        plateau.Advice.Should().Be(
            "Slow learning: if the loss is still high, raise the learning rate (×3, or up to the range test's suggestion); " +
            "if it is already low late in training, decay it (×0.1, as ReduceOnPlateau does) to settle into the minimum.");
    }

    [Fact]
    public void FlatValidationLoss_IsPlateau_AfterEpochPatience()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { EpochPlateauPatience = 3 });
        double[] validation = [1, 0.8, 0.7, 0.69999, 0.7, 0.69995, 0.6999];
        var epochs = new List<TrainingEpochRecord>();
        monitor.EpochRecorded += (_, e) => epochs.Add(e);
        foreach (var v in validation)
        {
            monitor.RecordEpoch(0.5, v, new() { LearningRate = 0.01 });
        }

        var plateau = monitor.Diagnoses.Should().ContainSingle().Which;
        plateau.Issue.Should().Be(TrainingIssue.Plateau);
        plateau.Epoch.Should().Be(6);
        plateau.Message.Should().Contain("validation");
        epochs.Select(e => e.MonitoredLoss).Should().Equal(validation);
    }

    [Fact]
    public void FeedPlateauController_ReportsMonitoredLoss_AndTheControllerCuts()
    {
        using var monitor = new TrainingMonitor();
        var controller = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 2 });
        monitor.FeedPlateauController(controller);
        double[] validation = [1, 0.5, 0.5, 0.5, 0.5];
        foreach (var v in validation)
        {
            monitor.RecordEpoch(0.4, v, new() { LearningRate = 0.1 });
        }

        // PyTorch semantics: best 0.5 at report 2, bad reports 3, 4, 5; cut on the third (patience + 1).
        controller.ReportCount.Should().Be(5);
        controller.Scale.Should().BeApproximately(0.1, 1e-15);
        monitor.RecordEpoch(0.3);
        controller.ReportCount.Should().Be(6);
    }

    [Fact]
    public void FeedPlateauController_ThenAManualReport_Throws_InsteadOfCountingTheEpochTwice()
    {
        var controller = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 2 });
        using (var monitor = new TrainingMonitor())
        {
            monitor.FeedPlateauController(controller);
            for (var epoch = 0; epoch < 3; epoch++)
            {
                monitor.RecordEpoch(0.4, 0.5);
                var manual = () => controller.Report(0.5);
                manual.Should().Throw<InvalidOperationException>().WithMessage("*twice*");
            }

            controller.ReportCount.Should().Be(3, "one report per epoch, from the monitor only");
            var again = () => monitor.FeedPlateauController(controller);
            again.Should().Throw<InvalidOperationException>();
            using var other = new TrainingMonitor();
            var second = () => other.FeedPlateauController(controller);
            second.Should().Throw<InvalidOperationException>();
        }

        // Disposing the monitor releases the controller.
        controller.Report(0.5);
        controller.ReportCount.Should().Be(4);
    }

    [Fact]
    public void TrainingFallsValidationRises_IsOverfitting()
    {
        using var monitor = new TrainingMonitor();
        double[] training = [1, 0.8, 0.6, 0.5, 0.4, 0.3];
        double[] validation = [1, 0.9, 0.85, 0.9, 0.95, 1.0];
        for (var e = 0; e < training.Length; e++)
        {
            monitor.RecordEpoch(training[e], validation[e], new() { LearningRate = 0.01 });
        }

        var overfit = monitor.Diagnoses.Should().ContainSingle().Which;
        overfit.Issue.Should().Be(TrainingIssue.Overfitting);
        overfit.Epoch.Should().Be(6);
        overfit.Advice.Should().Contain("Regularize").And.Contain("epoch (2)");
    }

    [Fact]
    public void ValidationRisesWhileTrainingBounces_IsNotOverfitting()
    {
        // A rate too high: the validation loss climbs, the training loss falls overall but not steadily.
        using var monitor = new TrainingMonitor();
        double[] training = [4.3, 3.0, 3.9, 3.4];
        double[] validation = [3.2, 3.9, 4.8, 5.7];
        for (var e = 0; e < training.Length; e++)
        {
            monitor.RecordEpoch(training[e], validation[e], new() { LearningRate = 0.5 });
        }

        monitor.Diagnoses.Should().NotContain(d => d.Issue == TrainingIssue.Overfitting);
    }

    [Fact]
    public void TrainingStillAboveValidation_IsNotOverfitting()
    {
        // Recovering from a bad start: training falls steadily from above the validation loss, which rises.
        using var monitor = new TrainingMonitor();
        double[] training = [2.5, 2.3, 2.1, 1.95];
        double[] validation = [2.1, 2.2, 2.3, 2.45];
        for (var e = 0; e < training.Length; e++)
        {
            monitor.RecordEpoch(training[e], validation[e], new() { LearningRate = 0.5 });
        }

        monitor.Diagnoses.Should().NotContain(d => d.Issue == TrainingIssue.Overfitting);
    }

    [Fact]
    public void ValidationDriftAtRoundingLevel_IsNotOverfitting()
    {
        // Stuck at ln 3: both losses move in the sixth digit, in the "right" directions.
        using var monitor = new TrainingMonitor();
        for (var e = 0; e < 6; e++)
        {
            monitor.RecordEpoch(1.0988 - (1e-6 * e), 1.0988 + (1e-6 * e), new() { LearningRate = 0.5 });
        }

        monitor.Diagnoses.Should().NotContain(d => d.Issue == TrainingIssue.Overfitting);
    }

    [Fact]
    public void BothLossesRising_IsNotOverfitting()
    {
        using var monitor = new TrainingMonitor();
        for (var e = 0; e < 6; e++)
        {
            monitor.RecordEpoch(1 + (0.1 * e), 1 + (0.1 * e), new() { LearningRate = 0.01 });
        }

        monitor.Diagnoses.Should().NotContain(d => d.Issue == TrainingIssue.Overfitting);
    }

    [Fact]
    public void Metrics_PublishRateLossStepTimeAndCount()
    {
        var measurements = new List<(string Name, double Value, string? Split)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TrainingMonitor.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, tags.Length > 0 ? tags[0].Value as string : null)));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Add((instrument.Name, value, null)));
        listener.Start();

        using var monitor = new TrainingMonitor();
        monitor.RecordStep(2.5, 0.0123, TimeSpan.FromMilliseconds(7));
        monitor.RecordEpoch(2.25, 3.5, new() { LearningRate = 0.0456 });

        lock (measurements)
        {
            measurements.Should().Contain(("learningrate.learning_rate", 0.0123, null));
            measurements.Should().Contain(("learningrate.loss", 2.5, "train"));
            measurements.Should().Contain(("learningrate.loss", 2.5, "train_smoothed"));
            measurements.Should().Contain(("learningrate.step_time", 7, null));
            measurements.Should().Contain(("learningrate.steps", 1, null));
            measurements.Should().Contain(("learningrate.loss", 2.25, "epoch_train"));
            measurements.Should().Contain(("learningrate.loss", 3.5, "validation"));
            measurements.Should().Contain(("learningrate.learning_rate", 0.0456, null));
        }
    }

    [Fact]
    public void Metrics_DescribeThemselves_AndAZeroStepTimeIsNotAMeasurement()
    {
        var instruments = new Dictionary<string, (string? Unit, string? Description)>();
        var stepTimes = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TrainingMonitor.MeterName)
            {
                lock (instruments)
                {
                    instruments[instrument.Name] = (instrument.Unit, instrument.Description);
                }

                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "learningrate.step_time")
            {
                lock (stepTimes)
                {
                    stepTimes.Add(value);
                }
            }
        });
        listener.Start();

        using var monitor = new TrainingMonitor();
        var marker = 123.456;
        monitor.RecordStep(1, 0.1, TimeSpan.Zero);
        monitor.RecordStep(1, 0.1, TimeSpan.FromMilliseconds(marker));

        lock (instruments)
        {
            instruments.Keys.Should().Contain(["learningrate.learning_rate", "learningrate.loss", "learningrate.step_time", "learningrate.steps"]);
            instruments["learningrate.step_time"].Unit.Should().Be("ms");
            instruments.Values.Should().OnlyContain(i => !string.IsNullOrWhiteSpace(i.Description));
        }

        lock (stepTimes)
        {
            // Other monitors may record in parallel tests: this one recorded the marker and no zero.
            stepTimes.Should().Contain(marker).And.NotContain(0);
        }
    }

    [Fact]
    public void Csv_And_Svg_ExportTheRecords()
    {
        using var monitor = new TrainingMonitor();
        monitor.RecordStep(2, 0.1, TimeSpan.FromMilliseconds(1.5));
        monitor.RecordStep(1, 0.05, TimeSpan.FromMilliseconds(2));
        monitor.RecordEpoch(1.5, 1.75, new() { ValidationMetric = 0.5 });

        var steps = new StringWriter();
        monitor.WriteStepsCsv(steps);
        var lines = steps.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd()).ToArray();
        lines.Should().Equal("step,loss,smoothed_loss,learning_rate,step_time_ms", "0,2,2,0.1,1.5", $"1,1,{monitor.Steps[1].SmoothedLoss.ToString("R", CultureInfo.InvariantCulture)},0.05,2");

        var epochs = new StringWriter();
        monitor.WriteEpochsCsv(epochs);
        epochs.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd()).Should().Equal("epoch,step,training_loss,validation_loss,validation_metric,learning_rate", "0,2,1.5,1.75,0.5,0.05");

        var loss = XDocument.Parse(monitor.ToLossSvg());
        loss.Descendants().Count(e => e.Name.LocalName == "polyline").Should().BeGreaterThanOrEqualTo(2);
        XDocument.Parse(monitor.ToLearningRateSvg()).Descendants().Should().Contain(e => e.Name.LocalName == "polyline");
    }

    [Fact]
    public void BadArguments_ThrowNamingThem()
    {
        using var monitor = new TrainingMonitor();
        FluentActions.Invoking(() => monitor.RecordStep(1, -0.1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");
        FluentActions.Invoking(() => monitor.RecordStep(1, 0.1, TimeSpan.FromSeconds(-1))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("stepTime");
        FluentActions.Invoking(() => monitor.RecordEpoch(1, 1, new() { LearningRate = double.PositiveInfinity })).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("LearningRate");
        monitor.Steps.Should().BeEmpty();
        monitor.Epochs.Should().BeEmpty();
        FluentActions.Invoking(() => new TrainingMonitorOptions { DivergenceFactor = 1 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("DivergenceFactor");
        FluentActions.Invoking(() => new TrainingMonitorOptions { OscillationWindow = 2 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("OscillationWindow");
        FluentActions.Invoking(() => new TrainingMonitorOptions { OverfittingPatience = -1 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("OverfittingPatience");
        FluentActions.Invoking(() => new TrainingMonitorOptions { Smoothing = 1 }).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Smoothing");
    }

    [Fact]
    public void RecordEpoch_TakesNoBareNumberAfterTheTwoLosses_SoAnAccuracyCannotBecomeTheLearningRate()
    {
        // RecordEpoch(trainLoss, validationLoss, 0.93) must not compile: every value after the losses is named.
        var overloads = typeof(TrainingMonitor).GetMethods().Where(m => m.Name == nameof(TrainingMonitor.RecordEpoch)).ToList();
        overloads.Should().NotBeEmpty();
        foreach (var overload in overloads)
        {
            overload.GetParameters().Skip(2).Should().OnlyContain(p => p.ParameterType != typeof(double), "a third positional number could be taken for the learning rate");
        }

        using var monitor = new TrainingMonitor();
        monitor.RecordStep(1, 0.01);
        var epoch = monitor.RecordEpoch(0.9, 1.1, new() { ValidationMetric = 0.93 });
        epoch.ValidationMetric.Should().Be(0.93);
        epoch.LearningRate.Should().Be(0.01, "the learning rate defaults to the last step's");
    }

    [Theory]
    [InlineData(0, 3)]     // Iris-like: 3 classes, loss ln 3 = 1.0986
    [InlineData(0, 2)]
    [InlineData(0, 10)]
    [InlineData(20, 20)]   // beyond 10 classes only when the class count is given
    public void APlateauAtChanceLevel_AdvisesTheData_NotALargerRate(int classCount, int k)
    {
        var chance = Math.Log(k);
        var diagnosis = EpochPlateau(new TrainingMonitorOptions { EpochPlateauPatience = 3, ClassCount = classCount }, chance * 1.004);

        diagnosis.Message.Should().Contain($"ln {k} = ").And.Contain($"chance-level loss of {k} classes");
        diagnosis.Advice.Should().StartWith("Stuck at chance level").And.Contain("Standardize the features").And.Contain("initialization");
        diagnosis.Advice.Should().NotContain("raise the learning rate");
    }

    [Theory]
    [InlineData(0, 0.5)]                 // no ln k near it
    [InlineData(0, 2.995732273553991)]   // ln 20, but 20 classes are not tried without the class count
    [InlineData(3, 0.6931471805599453)]  // ln 2, but the run has 3 classes
    [InlineData(0, 1.13)]                // 2.9 % above ln 3: outside the 1 % tolerance
    public void APlateauElsewhere_KeepsTheSlowLearningAdvice(int classCount, double loss)
    {
        var diagnosis = EpochPlateau(new TrainingMonitorOptions { EpochPlateauPatience = 3, ClassCount = classCount }, loss);

        diagnosis.Message.Should().NotContain("chance");
        diagnosis.Advice.Should().StartWith("Slow learning: if the loss is still high, raise the learning rate");
    }

    [Fact]
    public void AStepPlateauAtChanceLevel_IsRecognisedToo()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0, StepPlateauPatience = 20 });
        for (var k = 0; k < 40; k++)
        {
            monitor.RecordStep(Math.Log(3), 0.01);
        }

        monitor.Diagnoses.Should().ContainSingle().Which.Advice.Should().StartWith("Stuck at chance level");
    }

    private static TrainingDiagnosis EpochPlateau(TrainingMonitorOptions options, double loss)
    {
        using var monitor = new TrainingMonitor(options);
        for (var epoch = 0; epoch < 5; epoch++)
        {
            monitor.RecordEpoch(loss, loss);
        }

        var plateau = monitor.Diagnoses.Should().ContainSingle().Which;
        plateau.Issue.Should().Be(TrainingIssue.Plateau);
        return plateau;
    }
}
