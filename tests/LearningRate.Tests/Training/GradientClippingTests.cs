using System.Runtime.InteropServices;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>clip_grad_norm_ and clip_grad_value_ against the formulas transcribed by hand, in double.</summary>
public class GradientClippingTests
{
    public static TheoryData<NormType> NormTypes() => [NormType.L2, NormType.L1, NormType.Infinity];

    [Fact]
    public void ClipByNorm_ThreeFourVector_GivesPyTorchsNumbers()
    {
        // torch: g = [3, 4], clip_grad_norm_(max_norm=1) returns 5 and leaves g * 1/(5 + 1e-6).
        double[] g = [3, 4];
        var adam = new Adam<double>();
        adam.Add("p", new double[2], g);
        var norm = GradientClipping.ClipByNorm(adam, 1.0);
        norm.Should().Be(5);
        g[0].Should().Be(3 * (1 / (5 + 1e-6)));
        g[1].Should().Be(4 * (1 / (5 + 1e-6)));
    }

    [Theory]
    [MemberData(nameof(NormTypes))]
    public void ClipByNorm_ManyParameters_MatchesTheFormula(NormType normType)
    {
        Check<float>(normType, 1e-6);
        Check<double>(normType, 1e-13);

        static void Check<T>(NormType normType, double tolerance)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(7 + (int)normType);
            foreach (var length in new[] { 0, 1, 7, 33, 300 })
            {
                foreach (var maxNorm in new[] { 0.0, 0.5, 3.0, 1e9, double.PositiveInfinity })
                {
                    var adam = new Adam<T>();
                    var group = adam.AddGroup(new AdamOptions());
                    var a = TestData.Uniform<T>(random, length, -2, 2);
                    var b = TestData.Uniform<T>(random, length / 2, -2, 2);
                    adam.Add("a", new T[a.Length], a);
                    group.Add("b", new T[b.Length], b);
                    var before = TestData.ToDouble<T>(a).Concat(TestData.ToDouble<T>(b)).ToArray();
                    var expectedNorm = normType switch
                    {
                        NormType.L2 => Math.Sqrt(before.Sum(x => x * x)),
                        NormType.L1 => before.Sum(Math.Abs),
                        _ => before.Length == 0 ? 0 : before.Max(Math.Abs),
                    };
                    var coefficient = Math.Min(1, maxNorm / (expectedNorm + 1e-6));

                    var norm = GradientClipping.ClipByNorm(adam, maxNorm, normType);

                    norm.Should().BeApproximately(expectedNorm, tolerance * Math.Max(1, expectedNorm));
                    var after = TestData.ToDouble<T>(a).Concat(TestData.ToDouble<T>(b)).ToArray();
                    for (var i = 0; i < before.Length; i++)
                    {
                        after[i].Should().BeApproximately(before[i] * coefficient, tolerance * 4);
                    }
                }
            }
        }
    }

    [Fact]
    public void ClipByNorm_BelowTheLimit_LeavesGradientsBitIdentical()
    {
        float[] g = [1e-3f, -2e-3f, float.Epsilon];
        var copy = g.ToArray();
        GradientClipping.ClipSpanByNorm<float>(g, 1.0).Should().BeApproximately(Math.Sqrt(5e-6), 1e-9);
        g.Should().Equal(copy);
    }

    [Fact]
    public void ClipByNorm_NaN_SpreadsNaN_AsPyTorch()
    {
        double[] g = [1, double.NaN, 3];
        GradientClipping.ClipSpanByNorm<double>(g, 1.0).Should().Be(double.NaN);
        g.Should().OnlyContain(x => double.IsNaN(x));
    }

    [Fact]
    public void ClipByNorm_Infinity_ZeroesFiniteAndMakesInfiniteNaN_AsPyTorch()
    {
        float[] g = [1, float.PositiveInfinity, -3];
        GradientClipping.ClipSpanByNorm<float>(g, 1.0).Should().Be(double.PositiveInfinity);
        g[0].Should().Be(0);
        float.IsNaN(g[1]).Should().BeTrue();
        g[2].Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(NormTypes))]
    public void ClipByNorm_NonFiniteWithErrorOption_Throws_AndChangesNothing(NormType normType)
    {
        double[] a = [1, 2], b = [double.NegativeInfinity, 5];
        var adam = new Adam<double>();
        adam.Add("a", new double[2], a);
        adam.Add("b", new double[2], b);
        var act = () => GradientClipping.ClipByNorm(adam, 1.0, normType, errorIfNonFinite: true);
        act.Should().Throw<NonFiniteGradientException>();
        a.Should().Equal(1, 2);
        b.Should().Equal(double.NegativeInfinity, 5);
    }

    [Fact]
    public void ClipByNorm_InfinityNorm_NaNWins()
    {
        double[] g = [100, double.NaN];
        GradientClipping.SpanNorm<double>(g, NormType.Infinity).Should().Be(double.NaN);
        var adam = new Adam<double>();
        adam.Add("a", new double[1], new double[] { double.NaN });
        adam.Add("b", new double[1], new double[] { 100 });
        GradientClipping.Norm(adam, NormType.Infinity).Should().Be(double.NaN);
    }

    [Fact]
    public void SpanFunctions_MatchTheFormulas_ForEveryNorm()
    {
        // Killed Stryker survivors: the span overloads' L2 root and their argument checks.
        double[] g = [3, -4, 12];
        GradientClipping.SpanNorm<double>(g).Should().Be(13);
        GradientClipping.SpanNorm<double>(g, NormType.L1).Should().Be(19);
        GradientClipping.SpanNorm<double>(g, NormType.Infinity).Should().Be(12);
        GradientClipping.ClipSpanByNorm<double>(g, 1.9, NormType.L1).Should().Be(19);
        g.Should().Equal(3 * (1.9 / (19 + 1e-6)), -4 * (1.9 / (19 + 1e-6)), 12 * (1.9 / (19 + 1e-6)));
        var badType = () => GradientClipping.ClipSpanByNorm<double>(g, 1, (NormType)5);
        badType.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("normType");
        var native = () => GradientClipping.SpanNorm<NFloat>([(NFloat)1]);
        native.Should().Throw<NotSupportedException>();
        var adam = new Adam<double>();
        var badOptimizerNorm = () => GradientClipping.Norm(adam, (NormType)5);
        badOptimizerNorm.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("normType");
        var nullNorm = () => GradientClipping.Norm<double>(null!);
        nullNorm.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("optimizer");
    }

    [Fact]
    public void ClipByValue_Zero_ZeroesEverythingButNaN()
    {
        float[] g = [2, -3, float.NaN];
        GradientClipping.ClipByValue<float>(g, 0);
        g[0].Should().Be(0);
        g[1].Should().Be(0);
        float.IsNaN(g[2]).Should().BeTrue();
    }

    [Fact]
    public void Norm_NoParameters_IsZero()
    {
        GradientClipping.Norm(new Adam<float>()).Should().Be(0);
        GradientClipping.SpanNorm<float>([], NormType.Infinity).Should().Be(0);
    }

    [Fact]
    public void ClipByNorm_InvalidArguments_Throw_NamingThem_AndChangeNothing()
    {
        float[] g = [10, 20];
        var adam = new Adam<float>();
        adam.Add("p", new float[2], g);
        var negative = () => GradientClipping.ClipByNorm(adam, -1);
        var nan = () => GradientClipping.ClipSpanByNorm<float>(g, double.NaN);
        var badNorm = () => GradientClipping.ClipByNorm(adam, 1, (NormType)7);
        var badNormSpan = () => GradientClipping.SpanNorm<float>(g, (NormType)(-1));
        negative.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxNorm");
        nan.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxNorm");
        badNorm.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("normType");
        badNormSpan.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("normType");
        var nullOptimizer = () => GradientClipping.ClipByNorm<float>(null!, 1);
        nullOptimizer.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("optimizer");
        g.Should().Equal(10, 20);
    }

    [Fact]
    public void ClipByValue_ClampsEveryLength_AndKeepsNaN()
    {
        Check<float>();
        Check<double>();

        static void Check<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(3);
            foreach (var length in TestData.Lengths)
            {
                var g = TestData.Uniform<T>(random, length, -3, 3);
                if (length > 2)
                {
                    g[0] = T.NaN;
                    g[1] = T.PositiveInfinity;
                    g[2] = T.NegativeInfinity;
                }

                var expected = TestData.ToDouble<T>(g).Select(x => double.IsNaN(x) ? x : Math.Clamp(x, -1.5, 1.5)).ToArray();
                var adam = new Adam<T>();
                adam.Add("p", new T[length], g);
                GradientClipping.ClipByValue(adam, 1.5);
                TestData.ToDouble<T>(g).Should().Equal(expected, (x, y) => x.Equals(y));
            }
        }
    }

    [Fact]
    public void ClipByValue_Invalid_Throws_NamingClipValue()
    {
        var act = () => GradientClipping.ClipByValue<double>(new double[3], -0.1);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("clipValue");
        var infinite = () => GradientClipping.ClipByValue<double>(new double[] { 1e300 }, double.PositiveInfinity);
        infinite.Should().NotThrow();
    }

    [Fact]
    public void ClipByValue_OverAnOptimizer_Invalid_Throws_AndChangesNothing()
    {
        double[] gradient = [5, -5];
        var adam = new Adam<double>();
        adam.Add("p", new double[2], gradient);

        var act = () => GradientClipping.ClipByValue(adam, double.NaN);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("clipValue");
        gradient.Should().Equal(5, -5);
    }

    [Fact]
    public void SpanFunctions_OtherElementTypes_AreNotSupported()
    {
        // Half and BFloat16 are supported (GradientClippingReducedPrecisionTests); other IEEE types are not.
        var native = new NFloat[] { 3, 4 };

        FluentActions.Invoking(() => GradientClipping.ClipSpanByNorm<NFloat>(native, 1)).Should().Throw<NotSupportedException>().WithMessage("*NFloat*");
        FluentActions.Invoking(() => GradientClipping.ClipByValue<NFloat>(native, 1)).Should().Throw<NotSupportedException>().WithMessage("*NFloat*");
        native.Should().Equal((NFloat)3, (NFloat)4);
    }

    [Fact]
    public void Clipping_AllocatesNothing()
    {
        var adam = new Adam<float>();
        adam.Add("a", new float[100], Enumerable.Range(0, 100).Select(i => (float)i).ToArray());
        adam.Add("b", new float[10], new float[10]);
        // Warm every path first: a first call loads types and JIT-compiles, which allocates once.
        for (var i = 0; i < 3; i++)
        {
            GradientClipping.ClipByNorm(adam, 1.0, NormType.L1);
            GradientClipping.ClipByValue(adam, 0.5);
        }

        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                GradientClipping.ClipByNorm(adam, 1.0, NormType.L1);
                GradientClipping.ClipByValue(adam, 0.5);
            }
        }).Should().Be(0);
    }
}
