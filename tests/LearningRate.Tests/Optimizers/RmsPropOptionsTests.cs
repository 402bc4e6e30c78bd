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
}
