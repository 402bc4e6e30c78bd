using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

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
            SgdKernel.Update<float>(functional, g, buffer, ScalarsOf<float>(options), momentumStarted: step > 1);
            sgd.Step();
        }

        functional.Should().Equal(viaOptimizer);
    }

    [Fact]
    public void Update_FirstMomentumStep_CopiesTheGradientUndampened()
    {
        var options = new SgdOptions { LearningRate = 0.5, Momentum = 0.9, Dampening = 0.5 };
        double[] p = [1], buffer = [123];
        SgdKernel.Update<double>(p, [2.0], buffer, ScalarsOf<double>(options), momentumStarted: false);
        buffer[0].Should().Be(2, "PyTorch clones g into the empty buffer");
        p[0].Should().Be(0);
        SgdKernel.Update<double>(p, [2.0], buffer, ScalarsOf<double>(options), momentumStarted: true);
        buffer[0].Should().Be((0.9 * 2) + (0.5 * 2));
        p[0].Should().BeApproximately(-0.5 * 2.8, 1e-15);
    }

    [Fact]
    public void Update_WithoutMomentum_IgnoresAnEmptyBuffer()
    {
        double[] p = [1, 2];
        SgdKernel.Update<double>(p, [1.0, -1.0], default, ScalarsOf<double>(new SgdOptions { LearningRate = 0.25 }), momentumStarted: false);
        p.Should().Equal(0.75, 2.25);
    }

    [Fact]
    public void Update_StepsByTheScalarsLearningRate()
    {
        double[] p = [0];
        SgdKernel.Update<double>(p, [2.0], default, new SgdKernel.Scalars<double>(learningRate: 0.25, 0, 0, 0, false, false), false);
        p[0].Should().Be(-0.5);
    }

    public static TheoryData<string, Action> InvalidCalls()
    {
        var scalars = ScalarsOf<float>(new SgdOptions { Momentum = 0.9 });
        return new()
        {
            { "gradients", () => SgdKernel.Update<float>(new float[4], new float[3], new float[4], scalars, true) },
            { "momentumBuffer", () => SgdKernel.Update<float>(new float[4], new float[4], new float[5], scalars, true) },
            { "momentumBuffer", () => SgdKernel.Update<float>(new float[4], new float[4], Array.Empty<float>(), scalars, false) },
            { "learningRate", () => SgdKernel.Update<float>(new float[4], new float[4], new float[4], new SgdKernel.Scalars<float>(double.NaN, 0.9, 0, 0, false, false), true) },
            { "nesterov", () => SgdKernel.Update<float>(new float[4], new float[4], new float[4], new SgdKernel.Scalars<float>(1e-3, 0, 0, 0, nesterov: true, false), true) },
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
        var scalars = ScalarsOf<float>(new SgdOptions { Momentum = 0.9 });
        var momentumOverlapsParameters = () => SgdKernel.Update<float>(buffer.AsSpan(0, 4), new float[] { 1, 1, 1, 1 }, buffer.AsSpan(2, 4), scalars, true);
        var momentumOverlapsGradients = () => SgdKernel.Update<float>(new float[4], buffer.AsSpan(0, 4), buffer.AsSpan(3, 4), scalars, true);
        var gradientsOverlapParameters = () => SgdKernel.Update<float>(buffer.AsSpan(0, 4), buffer.AsSpan(1, 4), new float[4], scalars, true);
        momentumOverlapsParameters.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("momentumBuffer");
        momentumOverlapsGradients.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("momentumBuffer");
        gradientsOverlapParameters.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
        buffer.Should().Equal(snapshot);
    }

    [Fact]
    public void Update_OtherElementTypes_AreNotSupported()
    {
        var values = new Half[] { (Half)1, (Half)2 };

        FluentActions.Invoking(() => SgdKernel.Update<Half>(values, new Half[2], new Half[2], new SgdKernel.Scalars<Half>(1e-3, 0, 0, 0, false, false), momentumStarted: false)).Should().Throw<NotSupportedException>();
        values.Should().Equal((Half)1, (Half)2);
    }

    [Fact]
    public void Update_WithoutMomentum_DoesNotCheckTheUnusedSpan()
    {
        double[] p = [1, 2];
        SgdKernel.Update<double>(p, [1.0, -1.0], new double[5], ScalarsOf<double>(new SgdOptions { LearningRate = 0.25 }), momentumStarted: true);
        p.Should().Equal(0.75, 2.25);
    }

    public static TheoryData<string, Func<SgdKernel.Scalars<double>>> InvalidScalars() => new()
    {
        { "learningRate", () => new(-1, 0.9, 0, 0, false, false) },
        { "learningRate", () => new(double.PositiveInfinity, 0.9, 0, 0, false, false) },
        { "momentum", () => new(1e-3, -0.9, 0, 0, false, false) },
        { "momentum", () => new(1e-3, double.NaN, 0, 0, false, false) },
        { "dampening", () => new(1e-3, 0.9, 1.5, 0, false, false) },
        { "dampening", () => new(1e-3, 0.9, -0.5, 0, false, false) },
        { "weightDecay", () => new(1e-3, 0.9, 0, -1e-4, false, false) },
    };

    [Theory]
    [MemberData(nameof(InvalidScalars))]
    public void Scalars_InvalidArgument_ThrowsOutOfRangeNamingIt_AndNothingIsWritten(string argument, Func<SgdKernel.Scalars<double>> create)
    {
        double[] p = [1, 2], b = [3, 4];
        var act = () => SgdKernel.Update<double>(p, [1.0, 1.0], b, create(), momentumStarted: true);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(argument);
        p.Should().Equal(1, 2);
        b.Should().Equal(3, 4);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.9, 0.1)]
    public void Scalars_NesterovWithoutMomentumOrWithDampening_ThrowsNamingIt(double momentum, double dampening)
    {
        var act = () => new SgdKernel.Scalars<double>(1e-3, momentum, dampening, 0, nesterov: true, maximize: false);
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("nesterov");
    }

    [Fact]
    public void Scalars_OutOfRangeMessage_MatchesTheOptions()
    {
        var act = () => new SgdKernel.Scalars<double>(1e-3, 0.9, 2, 0, false, false);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("dampening must be in [0, 1]; got 2.*");
    }

    [Fact]
    public void Update_WithValidScalars_AllocatesNothing()
    {
        var p = new float[100];
        var g = Enumerable.Repeat(0.5f, 100).ToArray();
        var buffer = new float[100];
        var scalars = ScalarsOf<float>(new SgdOptions { Momentum = 0.9, WeightDecay = 0.1, Nesterov = true });
        SgdKernel.Update<float>(p, g, buffer, scalars, momentumStarted: false);

        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                SgdKernel.Update<float>(p, g, buffer, scalars, momentumStarted: true);
            }
        }).Should().Be(0);
    }

    private static SgdKernel.Scalars<T> ScalarsOf<T>(SgdOptions options)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(options.LearningRate, options.Momentum, options.Dampening, options.WeightDecay, options.Nesterov, options.Maximize);
}
