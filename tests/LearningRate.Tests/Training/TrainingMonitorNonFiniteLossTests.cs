using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>A NaN or infinite loss is flagged once and kept out of the smoothed loss, so the later detections still work.</summary>
public class TrainingMonitorNonFiniteLossTests
{
    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void NonFiniteLosses_AreFlaggedOnce_AndSkippedByTheAverage_SoAPlateauIsStillDetected()
    {
        const double Beta = 0.9;
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = Beta, StepPlateauPatience = 30, OscillationWindow = 0 });
        double[] losses = [.. Enumerable.Range(0, 10).Select(k => 10.0 - k), double.NaN, double.PositiveInfinity, double.NaN, .. Enumerable.Repeat(1.0, 150)];

        // The reference: the debiased average of the finite losses only, transcribed by hand.
        double average = 0, weight = 1, expected = double.NaN;
        foreach (var loss in losses)
        {
            if (double.IsFinite(loss))
            {
                average = (Beta * average) + ((1 - Beta) * loss);
                weight *= Beta;
                expected = average / (1 - weight);
            }

            monitor.RecordStep(loss, 0.1, s_ms).SmoothedLoss.Should().Be(expected, "a non-finite loss neither enters the average nor hides the last smoothed value");
        }

        monitor.Diagnoses.Select(d => (d.Issue, d.Step)).Should().Equal((TrainingIssue.Divergence, 11), (TrainingIssue.Plateau, monitor.Diagnoses[1].Step));
        monitor.Diagnoses[1].Step.Should().BeLessThan(losses.Length, "the flat tail is a plateau of the smoothed loss");
        monitor.ActiveIssues.Should().Equal(TrainingIssue.Plateau);
    }

    [Fact]
    public void AfterANaN_AnExplodingLoss_IsStillReportedAsDivergence()
    {
        using var monitor = new TrainingMonitor(new TrainingMonitorOptions { Smoothing = 0.5, DivergenceWarmup = 5, StepPlateauPatience = 0, OscillationWindow = 0 });
        for (var k = 0; k < 10; k++)
        {
            monitor.RecordStep(1, 0.1, s_ms);
        }

        monitor.RecordStep(double.NaN, 0.1, s_ms);
        monitor.RecordStep(1, 0.1, s_ms);
        monitor.ActiveIssues.Should().BeEmpty("a finite loss at the old level clears the NaN's divergence");
        for (var k = 0; k < 5; k++)
        {
            monitor.RecordStep(100, 0.1, s_ms);
        }

        monitor.Diagnoses.Select(d => d.Issue).Should().Equal(TrainingIssue.Divergence, TrainingIssue.Divergence);
        monitor.Diagnoses[1].Message.Should().Contain("smoothed loss", "the second one is the exploding average, not the NaN");
        monitor.Steps[^1].SmoothedLoss.Should().BeGreaterThan(4);
    }

    [Fact]
    public void ANonFiniteFirstLoss_IsItsOwnSmoothedValue_UntilAFiniteOneArrives()
    {
        using var monitor = new TrainingMonitor();
        monitor.RecordStep(double.NaN, 0.1, s_ms).SmoothedLoss.Should().Be(double.NaN);
        monitor.RecordStep(double.NegativeInfinity, 0.1, s_ms).SmoothedLoss.Should().Be(double.NegativeInfinity);
        monitor.RecordStep(3, 0.1, s_ms).SmoothedLoss.Should().BeApproximately(3, 1e-12, "the debiased average of one finite loss is that loss");
        monitor.Diagnoses.Should().ContainSingle().Which.Issue.Should().Be(TrainingIssue.Divergence);
    }
}
