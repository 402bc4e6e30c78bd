using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// LAMB behaviour the generic tests do not see: one trust ratio per registered parameter, the ratio 1 when a norm is 0,
/// and a first step by hand.
/// </summary>
public class LambTests
{
    /// <summary>
    /// Step 1 by hand: m̂ = g, v̂ = g², so u = g/(|g| + ε) = ±1/(1 + ε) for g = ±1, and θ = (3, 4) has ‖θ‖ = 5, ‖u‖ = √2/(1 + ε):
    /// θ ← θ − γ·(5(1 + ε)/√2)·u = θ ∓ γ·5/√2.
    /// </summary>
    [Fact]
    public void FirstStep_ScalesTheAdamDirection_ByTheNormRatio()
    {
        double[] value = [3, 4], gradient = [1, -1];
        var lamb = new Lamb<double>(new LambOptions { LearningRate = 0.1 });
        lamb.Add("p", value, gradient);
        lamb.Step();
        var move = 0.1 * 5 / Math.Sqrt(2);
        value[0].Should().BeApproximately(3 - move, 1e-14);
        value[1].Should().BeApproximately(4 + move, 1e-14);
    }

    /// <summary>
    /// θ = 0 has norm 0, so the ratio is 1 and the step is the plain γ·u (a ratio of 0 would never move θ off 0); a zero
    /// gradient on fresh state gives u = 0, so the ratio is 1 and θ stays (0/0 would make it NaN).
    /// </summary>
    [Fact]
    public void ZeroNorm_GivesRatioOne()
    {
        double[] zero = [0, 0], gradient = [2, -0.5];
        var lamb = new Lamb<double>(new LambOptions { LearningRate = 0.1, Epsilon = 0.5 });
        lamb.Add("zero", zero, gradient);
        double[] still = [1, -2], noGradient = [0, 0];
        lamb.Add("still", still, noGradient);
        lamb.Step();
        zero.Should().Equal([-0.1 * 2 / (2 + 0.5), -0.1 * -0.5 / (0.5 + 0.5)], (actual, expected) => Math.Abs(actual - expected) < 1e-15);
        still.Should().Equal(1, -2);
    }

    /// <summary>
    /// Each registered parameter is one tensor with its own ratio: two parameters in one optimizer step bit for bit as two
    /// optimizers of one parameter each, and not as one optimizer over both concatenated (one global ratio).
    /// </summary>
    [Fact]
    public void TrustRatio_IsPerRegisteredParameter()
    {
        var random = new Random(3);
        var small = TestData.Uniform<float>(random, 37, -0.1, 0.1);
        var large = TestData.Uniform<float>(random, 21, -5, 5);
        var options = new LambOptions { LearningRate = 0.01, WeightDecay = 0.01 };
        float[] a = [.. small], b = [.. large], ga = new float[37], gb = new float[21];
        var together = new Lamb<float>(options);
        together.Add("a", a, ga);
        together.Add("b", b, gb);
        float[] a1 = [.. small], b1 = [.. large], ga1 = new float[37], gb1 = new float[21];
        var first = new Lamb<float>(options);
        first.Add("a", a1, ga1);
        var second = new Lamb<float>(options);
        second.Add("b", b1, gb1);
        float[] joined = [.. small, .. large], gj = new float[58];
        var global = new Lamb<float>(options);
        global.Add("all", joined, gj);
        for (var step = 0; step < 3; step++)
        {
            var g = TestData.Uniform<float>(random, 58, -1, 1);
            g.AsSpan(0, 37).CopyTo(ga);
            g.AsSpan(37).CopyTo(gb);
            g.AsSpan(0, 37).CopyTo(ga1);
            g.AsSpan(37).CopyTo(gb1);
            g.CopyTo(gj, 0);
            together.Step();
            first.Step();
            second.Step();
            global.Step();
        }

        TestData.ShouldHaveSameBits<float>(a, a1, "a");
        TestData.ShouldHaveSameBits<float>(b, b1, "b");
        joined.AsSpan(0, 37).ToArray().Should().NotEqual(a, "one global ratio moves the small tensor by the large one's scale");
    }

    [Fact]
    public void Functional_InvalidScalars_Throw_NamingThem()
    {
        FluentActions.Invoking(() => new LambKernel.Scalars<double>(1e-3, 0.9, 0.999, 1e-6, -1, 0, false, 1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("epsilonRoot");
        FluentActions.Invoking(() => new LambKernel.Scalars<double>(1e-3, 0.9, 0.999, double.NaN, 0, 0, false, 1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("epsilon");
        FluentActions.Invoking(() => new LambKernel.Scalars<double>(1e-3, 0.9, 1, 1e-6, 0, 0, false, 1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("beta2");
        FluentActions.Invoking(() => new LambKernel.Scalars<double>(1e-3, 0.9, 0.999, 1e-6, 0, 0, false, 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("step");
        var act = () => LambKernel.Update<double>(new double[4], new double[4], new double[4], new double[5], new LambKernel.Scalars<double>(1e-3, 0.9, 0.999, 1e-6, 0, 0, false, 1));
        act.Should().Throw<ArgumentException>().WithParameterName("secondMoment");
    }
}
