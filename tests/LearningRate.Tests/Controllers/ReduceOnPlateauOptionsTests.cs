using LearningRate.Controllers;

namespace LearningRate.Tests.Controllers;

public class ReduceOnPlateauOptionsTests
{
    [Fact]
    public void Defaults_AreTorchReduceLROnPlateau()
    {
        var options = new ReduceOnPlateauOptions();
        options.Mode.Should().Be(PlateauMode.Minimize);
        options.Factor.Should().Be(0.1);
        options.Patience.Should().Be(10);
        options.Threshold.Should().Be(1e-4);
        options.ThresholdMode.Should().Be(PlateauThresholdMode.Relative);
        options.PatienceMode.Should().Be(PatienceMode.ExceedPatience);
        options.Cooldown.Should().Be(0);
        options.MinLearningRate.Should().Be(0);
        options.MinScale.Should().Be(0);
        options.Epsilon.Should().Be(1e-8);
        options.BaseLearningRate.Should().BeNull("learned from the group the controller is attached to");
        new ReduceOnPlateau(options).BaseLearningRate.Should().Be(1, "before any attachment");
    }

    [Fact]
    public void NewController_StartsAtScaleOne_WithWorstBest()
    {
        var minimize = new ReduceOnPlateau();
        minimize.Scale.Should().Be(1);
        minimize.LearningRate.Should().Be(1);
        minimize.Best.Should().Be(double.PositiveInfinity);
        minimize.BadReports.Should().Be(0);
        minimize.CooldownRemaining.Should().Be(0);
        minimize.ReportCount.Should().Be(0);
        var maximize = new ReduceOnPlateau(new ReduceOnPlateauOptions { Mode = PlateauMode.Maximize, BaseLearningRate = 3e-4 });
        maximize.Best.Should().Be(double.NegativeInfinity);
        maximize.LearningRate.Should().Be(3e-4);
        maximize.Scale.Should().Be(1);
    }

    public static TheoryData<string, Func<ReduceOnPlateauOptions>> Invalid() => new()
    {
        { "Mode", () => new ReduceOnPlateauOptions { Mode = (PlateauMode)2 } },
        { "Factor", () => new ReduceOnPlateauOptions { Factor = 1.0 } },
        { "Factor", () => new ReduceOnPlateauOptions { Factor = 0.0 } },
        { "Factor", () => new ReduceOnPlateauOptions { Factor = -0.5 } },
        { "Factor", () => new ReduceOnPlateauOptions { Factor = double.NaN } },
        { "Patience", () => new ReduceOnPlateauOptions { Patience = -1 } },
        { "Threshold", () => new ReduceOnPlateauOptions { Threshold = -1e-4 } },
        { "Threshold", () => new ReduceOnPlateauOptions { Threshold = double.NaN } },
        { "Threshold", () => new ReduceOnPlateauOptions { Threshold = double.PositiveInfinity, ThresholdMode = PlateauThresholdMode.Absolute } },
        { "ThresholdMode", () => new ReduceOnPlateauOptions { ThresholdMode = (PlateauThresholdMode)(-1) } },
        { "PatienceMode", () => new ReduceOnPlateauOptions { PatienceMode = (PatienceMode)7 } },
        { "Cooldown", () => new ReduceOnPlateauOptions { Cooldown = -2 } },
        { "MinLearningRate", () => new ReduceOnPlateauOptions { MinLearningRate = -1e-6 } },
        { "MinLearningRate", () => new ReduceOnPlateauOptions { MinLearningRate = double.PositiveInfinity } },
        { "MinScale", () => new ReduceOnPlateauOptions { MinScale = 1.5 } },
        { "MinScale", () => new ReduceOnPlateauOptions { MinScale = -0.1 } },
        { "Epsilon", () => new ReduceOnPlateauOptions { Epsilon = -1e-8 } },
        { "Epsilon", () => new ReduceOnPlateauOptions { Epsilon = double.NaN } },
        { "BaseLearningRate", () => new ReduceOnPlateauOptions { BaseLearningRate = 0 } },
        { "BaseLearningRate", () => new ReduceOnPlateauOptions { BaseLearningRate = double.PositiveInfinity } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidValue_Throws_NamingTheOption(string option, Func<ReduceOnPlateauOptions> create)
    {
        var act = () => new ReduceOnPlateau(create());
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(option);
    }

    public static TheoryData<string, ReduceOnPlateauOptions> InvalidTogether() => new()
    {
        { "Threshold", new ReduceOnPlateauOptions { Threshold = 1.0 } },
        { "Threshold", new ReduceOnPlateauOptions { Threshold = 2.5, ThresholdMode = PlateauThresholdMode.SignAwareRelative } },
        { "MinLearningRate", new ReduceOnPlateauOptions { MinLearningRate = 1e-2, BaseLearningRate = 1e-3 } },
    };

    [Theory]
    [MemberData(nameof(InvalidTogether))]
    public void Constructor_InconsistentOptions_Throws_NamingTheOption(string option, ReduceOnPlateauOptions options)
    {
        var act = () => new ReduceOnPlateau(options);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(option);
    }

    [Fact]
    public void Constructor_AbsoluteThresholdAboveOne_IsAllowed()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions { Threshold = 5, ThresholdMode = PlateauThresholdMode.Absolute });
        plateau.Report(100).Reason.Should().Be(ControllerReason.Improved);
        plateau.Report(96).Reason.Should().Be(ControllerReason.NotImproved, "96 is not below 100 − 5");
    }

    [Fact]
    public void Constructor_NullOptions_Throws()
    {
        var act = () => new ReduceOnPlateau(null!);
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("options");
    }
}
