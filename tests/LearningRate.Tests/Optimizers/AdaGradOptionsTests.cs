using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

public class AdaGradOptionsTests
{
    [Fact]
    public void Defaults_AreTorchOptimAdagrad()
    {
        var options = new AdaGradOptions();
        options.LearningRate.Should().Be(1e-2);
        options.LearningRateDecay.Should().Be(0);
        options.WeightDecay.Should().Be(0);
        options.InitialAccumulatorValue.Should().Be(0);
        options.Epsilon.Should().Be(1e-10);
        options.Maximize.Should().BeFalse();
        options.EpsilonInsideRoot.Should().BeFalse("PyTorch adds ε outside the root");
    }

    public static TheoryData<string, Func<AdaGradOptions>> Invalid() => new()
    {
        { "LearningRate", () => new AdaGradOptions { LearningRate = -1e-2 } },
        { "WeightDecay", () => new AdaGradOptions { WeightDecay = -1 } },
        { "LearningRateDecay", () => new AdaGradOptions { LearningRateDecay = -0.01 } },
        { "LearningRateDecay", () => new AdaGradOptions { LearningRateDecay = double.NaN } },
        { "InitialAccumulatorValue", () => new AdaGradOptions { InitialAccumulatorValue = -0.1 } },
        { "InitialAccumulatorValue", () => new AdaGradOptions { InitialAccumulatorValue = double.PositiveInfinity } },
        { "Epsilon", () => new AdaGradOptions { Epsilon = -1e-10 } },
        { "Epsilon", () => new AdaGradOptions { Epsilon = double.NaN } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidValue_Throws_NamingTheOption(string option, Func<AdaGradOptions> create)
    {
        var act = () => new AdaGrad<float>(create());
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(option);
    }
}
