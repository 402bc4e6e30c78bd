using LearningRate.Kernels;
using LearningRate.Optimizers;

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
            AdamKernel.Update<float>(functional, g, m, v, vMax, options, step);
            adam.Step();
        }

        functional.Should().Equal(viaOptimizer);
    }

    [Fact]
    public void Update_LearningRateArgument_OverridesOptions()
    {
        var options = new AdamOptions { LearningRate = 123 };
        double[] p = [0];
        AdamKernel.Update<double>(p, [1.0], new double[1], new double[1], default, options, 1, learningRate: 0.25);
        p[0].Should().BeApproximately(-0.25, 1e-7);
    }

    public static TheoryData<string, Action> InvalidCalls()
    {
        var options = new AdamOptions { AmsGrad = true };
        return new()
        {
            { "gradients", () => AdamKernel.Update<float>(new float[4], new float[3], new float[4], new float[4], new float[4], options, 1) },
            { "firstMoment", () => AdamKernel.Update<float>(new float[4], new float[4], new float[5], new float[4], new float[4], options, 1) },
            { "maxSecondMoment", () => AdamKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], Array.Empty<float>(), options, 1) },
            { "step", () => AdamKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], new float[4], options, 0) },
            { "learningRate", () => AdamKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], new float[4], options, 1, -1) },
            { "options", () => AdamKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], new float[4], null!, 1) },
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
        var act = () => AdamKernel.Update<float>(buffer.AsSpan(0, 4), new float[] { 1, 1, 1, 1 }, buffer.AsSpan(2, 4), new float[4], default, new AdamOptions(), 1);
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("firstMoment");
        buffer.Should().Equal(snapshot);
    }

    [Fact]
    public void Update_EveryPairOfOverlappingSpans_ThrowsNamingTheLaterOne_AndWritesNothing()
    {
        // The five spans in signature order; each pair (i, j) shares memory in turn, and the check
        // must name span j (the one found overlapping an earlier one) and leave every span as it was.
        string[] names = ["parameters", "gradients", "firstMoment", "secondMoment", "maxSecondMoment"];
        var options = new AdamOptions { AmsGrad = true };
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
                    AdamKernel.Update<float>(Span(0), Span(1), Span(2), Span(3), Span(4), options, 1);
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
        var act = () => AdamKernel.Update<float>(new float[4], new float[4], new float[4], new float[4], new float[3], new AdamOptions { AmsGrad = true }, 1);
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("maxSecondMoment");
    }
}
