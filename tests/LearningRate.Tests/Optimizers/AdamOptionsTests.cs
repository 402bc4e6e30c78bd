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

    [Fact]
    public void With_KeepsTheRuntimeTypeAndDefaults()
    {
        AdamOptions options = new AdamWOptions() with { WeightDecay = 0 };
        options.Should().BeOfType<AdamWOptions>();
        options.DecoupledWeightDecay.Should().BeTrue();
    }
}
