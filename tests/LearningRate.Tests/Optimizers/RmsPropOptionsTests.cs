using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

public class RmsPropOptionsTests
{
    [Fact]
    public void Defaults_AreTorchOptimRmsprop()
    {
        var options = new RmsPropOptions();
        options.LearningRate.Should().Be(1e-2);
        options.Alpha.Should().Be(0.99);
        options.Epsilon.Should().Be(1e-8);
        options.WeightDecay.Should().Be(0);
        options.Momentum.Should().Be(0);
        options.Centered.Should().BeFalse();
        options.Maximize.Should().BeFalse();
        options.EpsilonInsideRoot.Should().BeFalse("PyTorch adds ε outside the root");
    }

    public static TheoryData<string, Func<RmsPropOptions>> Invalid() => new()
    {
        { "LearningRate", () => new RmsPropOptions { LearningRate = double.NegativeInfinity } },
        { "WeightDecay", () => new RmsPropOptions { WeightDecay = -0.1 } },
        { "Alpha", () => new RmsPropOptions { Alpha = -0.01 } },
        { "Alpha", () => new RmsPropOptions { Alpha = 1 } },
        { "Alpha", () => new RmsPropOptions { Alpha = double.NaN } },
        { "Epsilon", () => new RmsPropOptions { Epsilon = -1e-8 } },
        { "Epsilon", () => new RmsPropOptions { Epsilon = double.PositiveInfinity } },
        { "Momentum", () => new RmsPropOptions { Momentum = -0.9 } },
        { "Momentum", () => new RmsPropOptions { Momentum = double.NaN } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidValue_Throws_NamingTheOption(string option, Func<RmsPropOptions> create)
    {
        var act = () => new RmsProp<float>(create());
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(option);
    }
}
