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
}
