using System.Diagnostics.Metrics;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// The default policy skips a step that PyTorch would apply, so every skip is made visible: the optimizer's
/// StepSkipped event, the learningrate.optimizer.skipped_steps counter, and the monitor's NonFiniteGradient issue.
/// </summary>
public class SkippedStepVisibilityTests
{
    [Fact]
    public void EverySkip_RaisesStepSkipped_WithItsReport_AndAppliedStepsDoNot()
    {
        var gradient = new float[] { 1, 2 };
        var adam = new Adam<float>();
        adam.Add("w", new float[2], gradient);
        var seen = new List<(object? Sender, StepReport Report)>();
        ((IOptimizer)adam).StepSkipped += (sender, report) => seen.Add((sender, report));

        adam.Step();
        gradient[1] = float.NaN;
        var skipped = adam.Step();
        adam.Step();
        gradient[1] = 2;
        adam.Step();

        seen.Should().HaveCount(2);
        seen.Should().OnlyContain(s => ReferenceEquals(s.Sender, adam) && s.Report == skipped);
        skipped.Status.Should().Be(StepStatus.SkippedNonFinite);
        skipped.NonFiniteParameter.Should().Be("w");
    }

    [Fact]
    public void EverySkip_AddsOneToTheSkippedStepsCounter_TaggedWithTheOptimizer()
    {
        var measurements = new List<(long Value, object? Optimizer)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "LearningRate" && instrument.Name == "learningrate.optimizer.skipped_steps")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        var gradient = new double[] { double.PositiveInfinity };
        var sgd = new Sgd<double>();
        sgd.Add("w", new double[1], gradient);

        // Other tests skip steps in parallel: count only what this thread's optimizer reports.
        var thread = Environment.CurrentManagedThreadId;
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                measurements.Add((value, tags.Length == 1 && tags[0].Key == "optimizer" ? tags[0].Value : null));
            }
        });
        listener.Start();

        sgd.Step();
        sgd.Step();
        gradient[0] = 1;
        sgd.Step();

        measurements.Should().Equal((1L, "sgd"), (1L, "sgd"));
    }

    [Fact]
    public void ASkippedStep_WithoutSubscribers_AllocatesNothing()
    {
        var gradient = new float[1000];
        gradient[500] = float.NaN;
        var adam = new Adam<float> { MaxConsecutiveSkips = int.MaxValue };
        adam.Add("w", new float[1000], gradient);
        adam.Step();

        var bytes = Allocations.Fewest(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                adam.Step();
            }
        });

        bytes.Should().Be(0);
        adam.ConsecutiveSkips.Should().BeGreaterThan(100);
    }

    [Fact]
    public void TheMonitor_ReportsASkip_AsNonFiniteGradient_OnceUntilAStepIsApplied()
    {
        var gradient = new double[] { 1 };
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.1 });
        sgd.Add("bias", new double[1], gradient);
        using var monitor = new TrainingMonitor();
        monitor.Watch(sgd);

        sgd.Step();
        monitor.RecordStep(1, 0.1);
        gradient[0] = double.NaN;
        sgd.Step();
        monitor.RecordStep(1, 0.1);
        sgd.Step();
        monitor.RecordStep(1, 0.1);

        var diagnosis = monitor.Diagnoses.Should().ContainSingle().Which;
        diagnosis.Issue.Should().Be(TrainingIssue.NonFiniteGradient);
        diagnosis.Message.Should().Contain("'bias'").And.Contain("step 1");
        monitor.ActiveIssues.Should().Equal(TrainingIssue.NonFiniteGradient);

        gradient[0] = 1;
        sgd.Step();
        monitor.RecordStep(1, 0.1);
        monitor.ActiveIssues.Should().BeEmpty("an applied step clears it");
        gradient[0] = double.NaN;
        sgd.Step();
        monitor.Diagnoses.Should().HaveCount(2);
    }

    [Fact]
    public void AnOptimizerOfYourOwn_KeepsTheDefaultEvent_AndCanBeWatched()
    {
        IOptimizer own = new NeverSkips();
        var subscribe = () => own.StepSkipped += (_, _) => { };
        subscribe.Should().NotThrow();
        using var monitor = new TrainingMonitor();
        monitor.Watch(own);
        monitor.RecordStep(1, 0.1);
        monitor.Diagnoses.Should().BeEmpty();
    }

    private sealed class NeverSkips : IOptimizer
    {
        public long StepCount => 0;

        public IReadOnlyList<IParameterGroup> Groups => [];

        public NonFinitePolicy NonFiniteGradients { get; set; } = NonFinitePolicy.Propagate;

        public int MaxConsecutiveSkips { get; set; }

        public int ConsecutiveSkips => 0;

        public StepReport Step() => new(StepStatus.Applied, 0, double.NaN, null);

        public void ZeroGrad()
        {
        }
    }
}
