using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Kernels;

/// <summary>The functional form: caller-owned state, same numbers as the optimizer, checks before writes.</summary>
public class AdaGradKernelTests
{
    [Fact]
    public void Update_WithCallerOwnedState_EqualsTheOptimizer()
    {
        var options = new AdaGradOptions { LearningRate = 0.1, LearningRateDecay = 0.1, InitialAccumulatorValue = 0.2, WeightDecay = 0.1 };
        double[] functional = [1, -2, 3, 0.5, 7], viaOptimizer = [.. functional];
        var sum = Enumerable.Repeat(0.2, 5).ToArray();
        double[] g = [0.3, -0.1, 2, 0, -5];
        var adagrad = new AdaGrad<double>(options);
        adagrad.Add("p", viaOptimizer, g);
        for (var step = 1; step <= 3; step++)
        {
            AdaGradKernel.Update<double>(functional, g, sum, options, step);
            adagrad.Step();
        }

        functional.Should().Equal(viaOptimizer);
    }

    [Fact]
    public void Update_DecaysTheLearningRateFromTheSecondStep()
    {
        // s = g² = 4 after one step: √s + ε ≈ 2, so the step is γ̃·g/2 = γ̃.
        var options = new AdaGradOptions { LearningRate = 0.3, LearningRateDecay = 0.5, Epsilon = 0 };
        double[] p = [0];
        AdaGradKernel.Update<double>(p, [2.0], new double[1], options, step: 3);
        p[0].Should().BeApproximately(-0.3 / (1 + (2 * 0.5)), 1e-15);
    }

    [Fact]
    public void Update_EpsilonInsideRoot_AddsItUnderTheRoot()
    {
        var options = new AdaGradOptions { LearningRate = 1, Epsilon = 5, EpsilonInsideRoot = true };
        double[] p = [0];
        AdaGradKernel.Update<double>(p, [2.0], new double[1], options, step: 1);
        p[0].Should().BeApproximately(-2 / 3.0, 1e-15, "√(4 + 5) = 3");
    }

    public static TheoryData<string, Action> InvalidCalls()
    {
        var options = new AdaGradOptions();
        return new()
        {
            { "gradients", () => AdaGradKernel.Update<float>(new float[4], new float[5], new float[4], options, 1) },
            { "sum", () => AdaGradKernel.Update<float>(new float[4], new float[4], new float[3], options, 1) },
            { "step", () => AdaGradKernel.Update<float>(new float[4], new float[4], new float[4], options, 0) },
            { "learningRate", () => AdaGradKernel.Update<float>(new float[4], new float[4], new float[4], options, 1, -1) },
            { "options", () => AdaGradKernel.Update<float>(new float[4], new float[4], new float[4], null!, 1) },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidCalls))]
    public void Update_InvalidArgument_ThrowsNamingIt(string argument, Action call) =>
        call.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(argument);

    [Fact]
    public void Update_OverlappingSpans_Throw_AndWriteNothing()
    {
        var buffer = new float[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var snapshot = buffer.ToArray();
        var sumOverlapsParameters = () => AdaGradKernel.Update<float>(buffer.AsSpan(0, 4), new float[] { 1, 1, 1, 1 }, buffer.AsSpan(3, 4), new AdaGradOptions(), 1);
        var sumOverlapsGradients = () => AdaGradKernel.Update<float>(new float[4], buffer.AsSpan(0, 4), buffer.AsSpan(2, 4), new AdaGradOptions(), 1);
        var gradientsOverlapParameters = () => AdaGradKernel.Update<float>(buffer.AsSpan(0, 4), buffer.AsSpan(2, 4), new float[4], new AdaGradOptions(), 1);
        sumOverlapsParameters.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("sum");
        sumOverlapsGradients.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("sum");
        gradientsOverlapParameters.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
        buffer.Should().Equal(snapshot);
    }

    [Fact]
    public void Update_OtherElementTypes_AreNotSupported()
    {
        var values = new Half[] { (Half)1, (Half)2 };

        FluentActions.Invoking(() => AdaGradKernel.Update<Half>(values, new Half[2], new Half[2], new AdaGradOptions(), 1)).Should().Throw<NotSupportedException>();
        values.Should().Equal((Half)1, (Half)2);
    }
}
