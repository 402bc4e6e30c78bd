using LearningRate.Controllers;

namespace LearningRate.Tests.Controllers;

/// <summary>
/// The exact edges of the controllers' rules: the values each option accepts at its bound, the
/// strict comparisons of the improvement test, and the saturating bad-report count. Mutation
/// testing showed these edges were not pinned by the behavioural tests.
/// </summary>
public class ControllerBoundaryTests
{
    [Fact]
    public void BoldDriverOptions_AcceptTheirClosedBounds_AndRejectTheOpenOnes()
    {
        var atBounds = new BoldDriverOptions { IncreaseFactor = 1, DecreaseFactor = 0.25, MinScale = 1, MaxScale = 1 };
        atBounds.IncreaseFactor.Should().Be(1, "ρ = 1 is allowed: the scale then never grows");
        atBounds.DecreaseFactor.Should().Be(0.25);
        atBounds.MaxScale.Should().Be(1, "MaxScale = 1 is allowed: a driver that may only slow down");

        new BoldDriverOptions { DecreaseFactor = double.Epsilon }.DecreaseFactor.Should().Be(double.Epsilon);
        new BoldDriverOptions { DecreaseFactor = 1 - 1e-16 }.DecreaseFactor.Should().Be(1 - 1e-16);
        foreach (var outside in new[] { 0.0, 1.0, -0.5, 1.5, double.NaN })
        {
            var act = () => new BoldDriverOptions { DecreaseFactor = outside };
            act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(nameof(BoldDriverOptions.DecreaseFactor));
        }

        var below = () => new BoldDriverOptions { IncreaseFactor = 1 - 1e-15 };
        below.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(nameof(BoldDriverOptions.IncreaseFactor));
    }

    [Fact]
    public void BoldDriver_RestoresAScaleExactlyAtItsCeiling()
    {
        var driver = new BoldDriver(new BoldDriverOptions { MaxScale = 4 });
        driver.RestoreState(new BoldDriverState(3, 4, 2.5));
        driver.Scale.Should().Be(4);

        var above = () => driver.RestoreState(new BoldDriverState(3, 4.000001, 2.5));
        above.Should().Throw<ArgumentOutOfRangeException>();
        driver.Scale.Should().Be(4, "a rejected state changes nothing");
    }

    [Fact]
    public void ReduceOnPlateauOptions_AcceptAMinimumEqualToTheBase()
    {
        var options = new ReduceOnPlateauOptions { BaseLearningRate = 0.1, MinLearningRate = 0.1 };
        var controller = new ReduceOnPlateau(options);
        controller.Report(1).Reason.Should().Be(ControllerReason.Improved);

        var above = () => new ReduceOnPlateau(new ReduceOnPlateauOptions { BaseLearningRate = 0.1, MinLearningRate = 0.1000001 });
        above.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(nameof(ReduceOnPlateauOptions.MinLearningRate));
    }

    [Theory]
    [InlineData(PlateauThresholdMode.Relative)]
    [InlineData(PlateauThresholdMode.SignAwareRelative)]
    public void ImprovementTest_IsStrict_AtExactlyTheThreshold(PlateauThresholdMode thresholdMode)
    {
        // best = 1, threshold 0.5: the bar is exactly 0.5 when minimizing and 1.5 when maximizing
        // (both exact in binary), and a metric that only reaches the bar is not an improvement.
        var minimize = new ReduceOnPlateau(new ReduceOnPlateauOptions { Threshold = 0.5, ThresholdMode = thresholdMode, Patience = 5 });
        minimize.Report(1);
        minimize.Report(0.5).Reason.Should().Be(ControllerReason.NotImproved);
        minimize.Report(0.4999999).Reason.Should().Be(ControllerReason.Improved);

        var maximize = new ReduceOnPlateau(new ReduceOnPlateauOptions { Mode = PlateauMode.Maximize, Threshold = 0.5, ThresholdMode = thresholdMode, Patience = 5 });
        maximize.Report(1);
        maximize.Report(1.5).Reason.Should().Be(ControllerReason.NotImproved);
        maximize.Report(1.5000001).Reason.Should().Be(ControllerReason.Improved);
    }

    [Fact]
    public void BadReportCount_SaturatesAtIntMaxValue_InsteadOfWrapping()
    {
        var controller = new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = int.MaxValue });
        controller.Report(1);
        var state = controller.CaptureState();
        controller.RestoreState(state with { BadReports = int.MaxValue });

        controller.Report(2).Reason.Should().Be(ControllerReason.NotImproved);

        controller.CaptureState().BadReports.Should().Be(int.MaxValue);
    }
}
