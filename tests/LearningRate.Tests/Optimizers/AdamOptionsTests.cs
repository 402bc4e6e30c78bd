using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

public class AdamOptionsTests
{
    [Fact]
    public void Defaults_AreTorchOptimAdam()
    {
        var options = new AdamOptions();
        options.LearningRate.Should().Be(1e-3);
        options.Beta1.Should().Be(0.9);
        options.Beta2.Should().Be(0.999);
        options.Epsilon.Should().Be(1e-8);
        options.WeightDecay.Should().Be(0);
        options.AmsGrad.Should().BeFalse();
        options.Maximize.Should().BeFalse();
        options.DecoupledWeightDecay.Should().BeFalse();
    }

    [Fact]
    public void AdamWDefaults_AreTorchOptimAdamW()
    {
        var options = new AdamWOptions();
        options.LearningRate.Should().Be(1e-3);
        options.Beta1.Should().Be(0.9);
        options.Beta2.Should().Be(0.999);
        options.Epsilon.Should().Be(1e-8);
        options.WeightDecay.Should().Be(0.01);
        options.DecoupledWeightDecay.Should().BeTrue();
        options.AmsGrad.Should().BeFalse();
    }

    public static TheoryData<string, Func<AdamOptions>> Invalid() => new()
    {
        { "LearningRate", () => new AdamOptions { LearningRate = -1e-3 } },
        { "LearningRate", () => new AdamOptions { LearningRate = double.NaN } },
        { "LearningRate", () => new AdamOptions { LearningRate = double.PositiveInfinity } },
        { "Beta1", () => new AdamOptions { Beta1 = 1.0 } },
        { "Beta1", () => new AdamOptions { Beta1 = -0.1 } },
        { "Beta2", () => new AdamOptions { Beta2 = 1.0 } },
        { "Beta2", () => new AdamOptions { Beta2 = double.NaN } },
        { "Epsilon", () => new AdamOptions { Epsilon = -1e-8 } },
        { "WeightDecay", () => new AdamOptions { WeightDecay = -0.01 } },
        { "WeightDecay", () => new AdamWOptions { WeightDecay = -0.01 } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidValue_Throws_NamingTheOption(string option, Func<AdamOptions> create)
    {
        var act = () => new Adam<float>(create());
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(option);
    }

    [Fact]
    public void With_KeepsTheRuntimeTypeAndDefaults()
    {
        AdamOptions options = new AdamWOptions() with { WeightDecay = 0 };
        options.Should().BeOfType<AdamWOptions>();
        options.DecoupledWeightDecay.Should().BeTrue();
    }
}
