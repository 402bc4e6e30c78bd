using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Kernels;

/// <summary>The functional form: caller-owned state, same numbers as the optimizer, checks before writes.</summary>
public class SgdKernelTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Update_WithCallerOwnedState_EqualsTheOptimizer(bool nesterov)
    {
        var options = new SgdOptions { LearningRate = 0.01, Momentum = 0.9, Dampening = nesterov ? 0 : 0.2, WeightDecay = 0.1, Nesterov = nesterov };
        float[] functional = [1, -2, 3, 0.5f, 7], viaOptimizer = [.. functional];
        var buffer = new float[5];
        float[] g = [0.3f, -0.1f, 2, 0, -5];
        var sgd = new Sgd<float>(options);
        sgd.Add("p", viaOptimizer, g);
        for (var step = 1; step <= 3; step++)
        {
            SgdKernel.Update<float>(functional, g, buffer, options, momentumStarted: step > 1);
            sgd.Step();
        }

        functional.Should().Equal(viaOptimizer);
    }

    [Fact]
    public void Update_FirstMomentumStep_CopiesTheGradientUndampened()
    {
        var options = new SgdOptions { LearningRate = 0.5, Momentum = 0.9, Dampening = 0.5 };
        double[] p = [1], buffer = [123];
        SgdKernel.Update<double>(p, [2.0], buffer, options, momentumStarted: false);
        buffer[0].Should().Be(2, "PyTorch clones g into the empty buffer");
        p[0].Should().Be(0);
        SgdKernel.Update<double>(p, [2.0], buffer, options, momentumStarted: true);
        buffer[0].Should().Be((0.9 * 2) + (0.5 * 2));
        p[0].Should().BeApproximately(-0.5 * 2.8, 1e-15);
    }

    [Fact]
    public void Update_WithoutMomentum_IgnoresAnEmptyBuffer()
    {
        double[] p = [1, 2];
        SgdKernel.Update<double>(p, [1.0, -1.0], default, new SgdOptions { LearningRate = 0.25 }, momentumStarted: false);
        p.Should().Equal(0.75, 2.25);
    }

    [Fact]
    public void Update_LearningRateArgument_OverridesOptions()
    {
        double[] p = [0];
        SgdKernel.Update<double>(p, [2.0], default, new SgdOptions { LearningRate = 123 }, false, learningRate: 0.25);
        p[0].Should().Be(-0.5);
    }

    public static TheoryData<string, Action> InvalidCalls()
    {
        var options = new SgdOptions { Momentum = 0.9 };
        return new()
        {
            { "gradients", () => SgdKernel.Update<float>(new float[4], new float[3], new float[4], options, true) },
            { "momentumBuffer", () => SgdKernel.Update<float>(new float[4], new float[4], new float[5], options, true) },
            { "momentumBuffer", () => SgdKernel.Update<float>(new float[4], new float[4], Array.Empty<float>(), options, false) },
            { "learningRate", () => SgdKernel.Update<float>(new float[4], new float[4], new float[4], options, true, double.NaN) },
            { "options", () => SgdKernel.Update<float>(new float[4], new float[4], new float[4], null!, true) },
            { "Nesterov", () => SgdKernel.Update<float>(new float[4], new float[4], new float[4], new SgdOptions { Nesterov = true }, true) },
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
        var options = new SgdOptions { Momentum = 0.9 };
        var momentumOverlapsParameters = () => SgdKernel.Update<float>(buffer.AsSpan(0, 4), new float[] { 1, 1, 1, 1 }, buffer.AsSpan(2, 4), options, true);
        var momentumOverlapsGradients = () => SgdKernel.Update<float>(new float[4], buffer.AsSpan(0, 4), buffer.AsSpan(3, 4), options, true);
        var gradientsOverlapParameters = () => SgdKernel.Update<float>(buffer.AsSpan(0, 4), buffer.AsSpan(1, 4), new float[4], options, true);
        momentumOverlapsParameters.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("momentumBuffer");
        momentumOverlapsGradients.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("momentumBuffer");
        gradientsOverlapParameters.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
        buffer.Should().Equal(snapshot);
    }

    [Fact]
    public void Update_OtherElementTypes_AreNotSupported()
    {
        var values = new Half[] { (Half)1, (Half)2 };

        FluentActions.Invoking(() => SgdKernel.Update<Half>(values, new Half[2], new Half[2], new SgdOptions(), momentumStarted: false)).Should().Throw<NotSupportedException>();
        values.Should().Equal((Half)1, (Half)2);
    }
}
