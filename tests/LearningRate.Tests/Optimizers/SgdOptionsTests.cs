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
