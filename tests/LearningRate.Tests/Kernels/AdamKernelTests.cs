using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Kernels;

/// <summary>The functional form: caller-owned state, same numbers as the optimizer, checks before writes.</summary>
public class AdamKernelTests
{
    [Fact]
    public void Update_WithCallerOwnedState_EqualsTheOptimizer()
    {
        var options = new AdamOptions { LearningRate = 0.01, AmsGrad = true, WeightDecay = 0.1 };
        float[] functional = [1, -2, 3, 0.5f, 7], viaOptimizer = [.. functional];
        float[] m = new float[5], v = new float[5], vMax = new float[5];
        float[] g = [0.3f, -0.1f, 2, 0, -5];
        var adam = new Adam<float>(options);
        adam.Add("p", viaOptimizer, g);
        for (var step = 1; step <= 3; step++)
        {
            AdamKernel.Update<float>(functional, g, m, v, vMax, ScalarsOf<float>(options, step));
            adam.Step();
        }

        functional.Should().Equal(viaOptimizer);
    }

    [Fact]
    public void Update_StepsByTheScalarsLearningRate()
    {
        var scalars = ScalarsOf<double>(new AdamOptions { LearningRate = 0.25 }, 1);
        double[] p = [0];
        AdamKernel.Update<double>(p, [1.0], new double[1], new double[1], default, scalars);
        p[0].Should().BeApproximately(-0.25, 1e-7);
    }

    public static TheoryData<string, Action> InvalidCalls()
    {
        var scalars = ScalarsOf<float>(new AdamOptions { AmsGrad = true }, 1);
        return new()
        {
            { "gradients", () => AdamKernel.Update<float>(new float[4], new float[3], new float[4], new float[4], new float[4], scalars) },
            { "firstMoment", () => AdamKernel.Update<float>(new float[4], new float[4], new float[5], new float[4], new float[4], scalars) },
            { "maxSecondMoment", () => AdamKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], Array.Empty<float>(), scalars) },
            { "step", () => AdamKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], new float[4], new AdamKernel.Scalars<float>(1e-3, 0.9, 0.999, 1e-8, 0, true, false, false, step: 0)) },
            { "learningRate", () => AdamKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], new float[4], new AdamKernel.Scalars<float>(-1, 0.9, 0.999, 1e-8, 0, true, false, false, 1)) },
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
        var act = () => AdamKernel.Update<float>(buffer.AsSpan(0, 4), new float[] { 1, 1, 1, 1 }, buffer.AsSpan(2, 4), new float[4], default, ScalarsOf<float>(new AdamOptions(), 1));
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("firstMoment");
        buffer.Should().Equal(snapshot);
    }

    [Fact]
    public void Update_EveryPairOfOverlappingSpans_ThrowsNamingTheLaterOne_AndWritesNothing()
    {
        // The five spans in signature order; each pair (i, j) shares memory in turn, and the check
        // must name span j (the one found overlapping an earlier one) and leave every span as it was.
        string[] names = ["parameters", "gradients", "firstMoment", "secondMoment", "maxSecondMoment"];
        var scalars = ScalarsOf<float>(new AdamOptions { AmsGrad = true }, 1);
        for (var i = 0; i < names.Length; i++)
        {
            for (var j = i + 1; j < names.Length; j++)
            {
                var buffers = Enumerable.Range(0, names.Length).Select(k => Enumerable.Range(0, 6).Select(x => (float)(k + x)).ToArray()).ToArray();
                var shared = Enumerable.Range(1, 10).Select(x => (float)x).ToArray();
                var sharedBefore = shared.ToArray();
                var snapshot = buffers.Select(b => b.ToArray()).ToArray();
                var (pi, pj) = (i, j);
                var act = () =>
                {
                    Span<float> Span(int k) => k == pi ? shared.AsSpan(0, 6) : k == pj ? shared.AsSpan(4, 6) : buffers[k];
                    AdamKernel.Update<float>(Span(0), Span(1), Span(2), Span(3), Span(4), scalars);
                };
                act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(names[j], $"{names[i]} overlaps {names[j]}");
                shared.Should().Equal(sharedBefore, "nothing is written before the check");
                buffers.Should().BeEquivalentTo(snapshot, o => o.WithStrictOrdering());
            }
        }
    }

    [Fact]
    public void Update_AmsGradStateOfAnotherLength_ThrowsNamingIt()
    {
        var act = () => AdamKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], new float[3], ScalarsOf<float>(new AdamOptions { AmsGrad = true }, 1));
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("maxSecondMoment");
    }

    [Fact]
    public void Update_WithoutAmsGrad_DoesNotCheckTheUnusedSpan()
    {
        double[] p = [0];
        AdamKernel.Update<double>(p, [1.0], new double[1], new double[1], new double[7], ScalarsOf<double>(new AdamOptions { LearningRate = 0.25 }, 1));
        p[0].Should().BeApproximately(-0.25, 1e-7);
    }

    public static TheoryData<string, Func<AdamKernel.Scalars<double>>> InvalidScalars() => new()
    {
        { "learningRate", () => new(double.NaN, 0.9, 0.999, 1e-8, 0, false, false, false, 1) },
        { "learningRate", () => new(-1e-3, 0.9, 0.999, 1e-8, 0, false, false, false, 1) },
        { "beta1", () => new(1e-3, 1, 0.999, 1e-8, 0, false, false, false, 1) },
        { "beta1", () => new(1e-3, -0.1, 0.999, 1e-8, 0, false, false, false, 1) },
        { "beta2", () => new(1e-3, 0.9, 1, 1e-8, 0, false, false, false, 1) },
        { "beta2", () => new(1e-3, 0.9, double.NaN, 1e-8, 0, false, false, false, 1) },
        { "epsilon", () => new(1e-3, 0.9, 0.999, -1e-8, 0, false, false, false, 1) },
        { "epsilon", () => new(1e-3, 0.9, 0.999, double.PositiveInfinity, 0, false, false, false, 1) },
        { "weightDecay", () => new(1e-3, 0.9, 0.999, 1e-8, -0.01, false, false, true, 1) },
        { "step", () => new(1e-3, 0.9, 0.999, 1e-8, 0, false, false, false, 0) },
    };

    [Theory]
    [MemberData(nameof(InvalidScalars))]
    public void Scalars_InvalidArgument_ThrowsOutOfRangeNamingIt_AndNothingIsWritten(string argument, Func<AdamKernel.Scalars<double>> create)
    {
        double[] p = [1, 2], m = [3, 4], v = [5, 6];
        var act = () => AdamKernel.Update<double>(p, [1.0, 1.0], m, v, default, create());
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(argument);
        p.Should().Equal(1, 2);
        m.Should().Equal(3, 4);
        v.Should().Equal(5, 6);
    }

    [Fact]
    public void Scalars_OutOfRangeMessage_MatchesTheOptions()
    {
        var act = () => new AdamKernel.Scalars<double>(1e-3, 1.5, 0.999, 1e-8, 0, false, false, false, 1);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("beta1 must be in [0, 1); got 1.5.*");
    }

    [Fact]
    public void Update_WithValidScalars_AllocatesNothing()
    {
        var p = new float[100];
        var g = Enumerable.Repeat(0.5f, 100).ToArray();
        float[] m = new float[100], v = new float[100], vMax = new float[100];
        var scalars = ScalarsOf<float>(new AdamOptions { AmsGrad = true, WeightDecay = 0.1 }, 3);
        AdamKernel.Update<float>(p, g, m, v, vMax, scalars);

        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                AdamKernel.Update<float>(p, g, m, v, vMax, scalars);
            }
        }).Should().Be(0);
    }

    private static AdamKernel.Scalars<T> ScalarsOf<T>(AdamOptions options, long step)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.AmsGrad, options.Maximize, options.DecoupledWeightDecay, step);
}
