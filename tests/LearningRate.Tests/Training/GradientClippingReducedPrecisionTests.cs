using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// Gradient clipping over Half and bfloat16 gradients: the norm is Σg² (Σ|g|, max|g|) of the exactly widened values,
/// accumulated in double (so it does not overflow where a 16-bit norm would), the coefficient in double, and each
/// clipped gradient the float product rounded to the gradient's type.
/// </summary>
public class GradientClippingReducedPrecisionTests
{
    [Fact]
    public void Norms_AreThoseOfTheWidenedValues_InDouble()
    {
        var random = new Random(8);
        var a = Enumerable.Range(0, 1500).Select(_ => (Half)(random.NextDouble() * 200 - 100)).ToArray();
        var b = Enumerable.Range(0, 37).Select(_ => (Half)(random.NextDouble() - 0.5)).ToArray();
        var optimizer = new StorageSgd<Half>(1).Add("a", new Half[a.Length], a).Add("b", new Half[b.Length], b);
        var widened = a.Concat(b).Select(h => (double)h).ToArray();

        GradientClipping.Norm(optimizer).Should().BeApproximately(Math.Sqrt(widened.Sum(g => g * g)), 1e-9);
        GradientClipping.Norm(optimizer, NormType.L1).Should().BeApproximately(widened.Sum(Math.Abs), 1e-9);
        GradientClipping.Norm(optimizer, NormType.Infinity).Should().Be(widened.Max(Math.Abs));
        GradientClipping.SpanNorm<Half>(b).Should().BeApproximately(Math.Sqrt(b.Sum(h => (double)h * (double)h)), 1e-12);
    }

    [Fact]
    public void Norm_DoesNotOverflow_WhereASixteenBitNormWould()
    {
        // 1000 Half gradients of 60000: the norm 60000·√1000 ≈ 1.9·10⁶ is far above Half's 65504.
        var halves = Enumerable.Repeat((Half)60000, 1000).ToArray();
        var norm = GradientClipping.ClipSpanByNorm<Half>(halves, maxNorm: 1);
        norm.Should().BeApproximately(60000 * Math.Sqrt(1000), 1e-6);
        var coefficient = (float)(1 / (norm + 1e-6));
        halves.Should().AllBeEquivalentTo((Half)(60000f * coefficient));

        // bfloat16 gradients of 10³⁰: their squares overflow float, not double.
        var bfloats = Enumerable.Repeat((BFloat16)1e30f, 100).ToArray();
        GradientClipping.SpanNorm<BFloat16>(bfloats).Should().BeApproximately((double)(BFloat16)1e30f * 10, 1e18);
    }

    [Fact]
    public void ClipByNorm_ScalesEveryRegisteredGradientInFloat()
    {
        BFloat16[] a = [(BFloat16)3f, (BFloat16)0.1f], b = [(BFloat16)4f];
        var optimizer = new StorageSgd<BFloat16>(1).Add("a", new BFloat16[2], a).Add("b", new BFloat16[1], b);
        var norm = GradientClipping.ClipByNorm(optimizer, maxNorm: 1);
        var expectedNorm = Math.Sqrt(9 + ((double)(BFloat16)0.1f * (double)(BFloat16)0.1f) + 16);
        norm.Should().BeApproximately(expectedNorm, 1e-12);
        var c = (float)(1 / (expectedNorm + 1e-6));
        a.Should().Equal((BFloat16)(3f * c), (BFloat16)((float)(BFloat16)0.1f * c));
        b.Should().Equal((BFloat16)(4f * c));

        // Below the bound nothing changes.
        GradientClipping.ClipByNorm(optimizer, maxNorm: 10);
        b.Should().Equal((BFloat16)(4f * c));
    }

    [Fact]
    public void NonFiniteNorm_FollowsPyTorch_OrThrowsBeforeChangingAnything()
    {
        Half[] gradient = [(Half)1, Half.PositiveInfinity];
        var act = () => GradientClipping.ClipSpanByNorm<Half>(gradient, 1, errorIfNonFinite: true);
        act.Should().Throw<NonFiniteGradientException>();
        gradient.Should().Equal((Half)1, Half.PositiveInfinity);

        // An infinite norm gives the coefficient 0 (∞ · 0 is NaN).
        GradientClipping.ClipSpanByNorm<Half>(gradient, 1).Should().Be(double.PositiveInfinity);
        gradient[0].Should().Be((Half)0);
        Half.IsNaN(gradient[1]).Should().BeTrue();

        GradientClipping.SpanNorm<BFloat16>([BFloat16.One, BFloat16.NaN], NormType.Infinity).Should().Be(double.NaN);
    }

    [Fact]
    public void ClipByValue_ClampsInFloat_AndKeepsNaN()
    {
        Half[] gradient = [(Half)5, (Half)(-5), (Half)0.25, Half.NaN];
        GradientClipping.ClipByValue<Half>(gradient, 0.1);
        gradient[..3].Should().Equal((Half)0.1f, (Half)(-0.1f), (Half)0.1f);
        Half.IsNaN(gradient[3]).Should().BeTrue();

        BFloat16[] bfloats = [(BFloat16)5f, (BFloat16)(-0.5f)];
        GradientClipping.ClipByValue(new StorageSgd<BFloat16>(1).Add("w", new BFloat16[2], bfloats), 1);
        bfloats.Should().Equal(BFloat16.One, (BFloat16)(-0.5f));
    }
}
