using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

public class SgdOptionsTests
{
    [Fact]
    public void Defaults_AreTorchOptimSgd()
    {
        var options = new SgdOptions();
        options.LearningRate.Should().Be(1e-3);
        options.Momentum.Should().Be(0);
        options.Dampening.Should().Be(0);
        options.WeightDecay.Should().Be(0);
        options.Nesterov.Should().BeFalse();
        options.Maximize.Should().BeFalse();
    }

    [Fact]
    public void MomentumDefaults_AreTorchOptimSgdWithMomentum09()
    {
        var options = new MomentumOptions();
        options.LearningRate.Should().Be(1e-3);
        options.Momentum.Should().Be(0.9);
        options.Dampening.Should().Be(0);
        options.WeightDecay.Should().Be(0);
        options.Nesterov.Should().BeFalse();
        options.Maximize.Should().BeFalse();
    }

    public static TheoryData<string, Func<SgdOptions>> Invalid() => new()
    {
        { "LearningRate", () => new SgdOptions { LearningRate = -0.1 } },
        { "LearningRate", () => new SgdOptions { LearningRate = double.NaN } },
        { "WeightDecay", () => new SgdOptions { WeightDecay = double.PositiveInfinity } },
        { "Momentum", () => new SgdOptions { Momentum = -0.1 } },
        { "Momentum", () => new SgdOptions { Momentum = double.NaN } },
        { "Momentum", () => new SgdOptions { Momentum = double.PositiveInfinity } },
        { "Dampening", () => new SgdOptions { Dampening = -0.1 } },
        { "Dampening", () => new SgdOptions { Dampening = 1.5 } },
        { "Dampening", () => new SgdOptions { Dampening = double.NaN } },
        { "Momentum", () => new MomentumOptions { Momentum = 0 } },
        { "Momentum", () => new MomentumOptions { Momentum = -0.5 } },
        { "Momentum", () => new MomentumOptions() with { Momentum = 0 } },
        { "Dampening", () => new MomentumOptions { Dampening = 2 } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidValue_Throws_NamingTheOption(string option, Func<SgdOptions> create)
    {
        var act = () => new Sgd<float>(create());
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(option);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.9, 0.1)]
    [InlineData(0.0, 0.1)]
    public void Nesterov_WithoutMomentumOrWithDampening_Throws_NamingNesterov(double momentum, double dampening)
    {
        var options = new SgdOptions { Momentum = momentum, Dampening = dampening, Nesterov = true };
        var construct = () => new Sgd<double>(options);
        construct.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("Nesterov");
        var sgd = new Sgd<double>();
        var addGroup = () => sgd.AddGroup(options);
        addGroup.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("Nesterov");
        var setOptions = () => sgd.Groups[0].Options = options;
        setOptions.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("Nesterov");
        sgd.Groups.Should().HaveCount(1);
        sgd.Options.Nesterov.Should().BeFalse();
    }

    [Fact]
    public void Nesterov_WithDampening_ThrowsForMomentumToo()
    {
        var act = () => new Momentum<float>(new MomentumOptions { Dampening = 0.5, Nesterov = true });
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("Nesterov");
    }

    [Fact]
    public void Nesterov_WithMomentumAndNoDampening_IsValid()
    {
        var act = () => new Sgd<float>(new SgdOptions { Momentum = 0.9, Nesterov = true });
        act.Should().NotThrow();
    }

    [Fact]
    public void With_KeepsTheRuntimeTypeAndItsRule()
    {
        SgdOptions options = new MomentumOptions() with { Momentum = 0.5 };
        options.Should().BeOfType<MomentumOptions>();
        options.Momentum.Should().Be(0.5);
    }
}
