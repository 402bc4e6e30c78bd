using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

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
            AdaGradKernel.Update<double>(functional, g, sum, ScalarsOf<double>(options, step));
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
        AdaGradKernel.Update<double>(p, [2.0], new double[1], ScalarsOf<double>(options, step: 3));
        p[0].Should().BeApproximately(-0.3 / (1 + (2 * 0.5)), 1e-15);
    }

    [Fact]
    public void Update_EpsilonInsideRoot_AddsItUnderTheRoot()
    {
        var options = new AdaGradOptions { LearningRate = 1, Epsilon = 5, EpsilonInsideRoot = true };
        double[] p = [0];
        AdaGradKernel.Update<double>(p, [2.0], new double[1], ScalarsOf<double>(options, step: 1));
        p[0].Should().BeApproximately(-2 / 3.0, 1e-15, "√(4 + 5) = 3");
    }

    public static TheoryData<string, Action> InvalidCalls()
    {
        var scalars = ScalarsOf<float>(new AdaGradOptions(), 1);
        return new()
        {
            { "gradients", () => AdaGradKernel.Update<float>(new float[4], new float[5], new float[4], scalars) },
            { "sum", () => AdaGradKernel.Update<float>(new float[4], new float[4], new float[3], scalars) },
            { "step", () => AdaGradKernel.Update<float>(new float[4], new float[4], new float[4], new AdaGradKernel.Scalars<float>(1e-2, 0, 0, 1e-10, false, false, step: 0)) },
            { "learningRate", () => AdaGradKernel.Update<float>(new float[4], new float[4], new float[4], new AdaGradKernel.Scalars<float>(-1, 0, 0, 1e-10, false, false, 1)) },
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
        var sumOverlapsParameters = () => AdaGradKernel.Update<float>(buffer.AsSpan(0, 4), new float[] { 1, 1, 1, 1 }, buffer.AsSpan(3, 4), ScalarsOf<float>(new AdaGradOptions(), 1));
        var sumOverlapsGradients = () => AdaGradKernel.Update<float>(new float[4], buffer.AsSpan(0, 4), buffer.AsSpan(2, 4), ScalarsOf<float>(new AdaGradOptions(), 1));
        var gradientsOverlapParameters = () => AdaGradKernel.Update<float>(buffer.AsSpan(0, 4), buffer.AsSpan(2, 4), new float[4], ScalarsOf<float>(new AdaGradOptions(), 1));
        sumOverlapsParameters.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("sum");
        sumOverlapsGradients.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("sum");
        gradientsOverlapParameters.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
        buffer.Should().Equal(snapshot);
    }

    [Fact]
    public void Update_OtherElementTypes_AreNotSupported()
    {
        var values = new Half[] { (Half)1, (Half)2 };

        FluentActions.Invoking(() => AdaGradKernel.Update<Half>(values, new Half[2], new Half[2], new AdaGradKernel.Scalars<Half>(1e-2, 0, 0, 1e-10, false, false, 1))).Should().Throw<NotSupportedException>();
        values.Should().Equal((Half)1, (Half)2);
    }

    public static TheoryData<string, Func<AdaGradKernel.Scalars<double>>> InvalidScalars() => new()
    {
        { "learningRate", () => new(-1e-2, 0, 0, 1e-10, false, false, 1) },
        { "learningRate", () => new(double.NaN, 0, 0, 1e-10, false, false, 1) },
        { "learningRateDecay", () => new(1e-2, -0.1, 0, 1e-10, false, false, 1) },
        { "learningRateDecay", () => new(1e-2, double.PositiveInfinity, 0, 1e-10, false, false, 1) },
        { "weightDecay", () => new(1e-2, 0, -0.1, 1e-10, false, false, 1) },
        { "epsilon", () => new(1e-2, 0, 0, -1e-10, false, false, 1) },
        { "step", () => new(1e-2, 0, 0, 1e-10, false, false, 0) },
        { "step", () => new(1e-2, 0, 0, 1e-10, false, false, -5) },
    };

    [Theory]
    [MemberData(nameof(InvalidScalars))]
    public void Scalars_InvalidArgument_ThrowsOutOfRangeNamingIt_AndNothingIsWritten(string argument, Func<AdaGradKernel.Scalars<double>> create)
    {
        double[] p = [1, 2], sum = [3, 4];
        var act = () => AdaGradKernel.Update<double>(p, [1.0, 1.0], sum, create());
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(argument);
        p.Should().Equal(1, 2);
        sum.Should().Equal(3, 4);
    }

    [Fact]
    public void Scalars_OutOfRangeMessage_MatchesTheOptions()
    {
        var act = () => new AdaGradKernel.Scalars<double>(1e-2, -2, 0, 1e-10, false, false, 1);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("learningRateDecay must be a finite number >= 0; got -2.*");
    }

    [Fact]
    public void Update_WithValidScalars_AllocatesNothing()
    {
        var p = new float[100];
        var g = Enumerable.Repeat(0.5f, 100).ToArray();
        var sum = new float[100];
        var scalars = ScalarsOf<float>(new AdaGradOptions { LearningRateDecay = 0.1, WeightDecay = 0.1 }, 3);
        AdaGradKernel.Update<float>(p, g, sum, scalars);

        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                AdaGradKernel.Update<float>(p, g, sum, scalars);
            }
        }).Should().Be(0);
    }

    private static AdaGradKernel.Scalars<T> ScalarsOf<T>(AdaGradOptions options, long step)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(options.LearningRate, options.LearningRateDecay, options.WeightDecay, options.Epsilon, options.Maximize, options.EpsilonInsideRoot, step);
}
