using LearningRate.Optimizers;
using Xunit.Abstractions;

namespace LearningRate.Tests.Conformance;

/// <summary>
/// Every SGD, Adagrad, RMSprop, Adam and AdamW golden trajectory of libtorch, reproduced step by step.
/// </summary>
public class OptimizerConformanceTests(ITestOutputHelper output)
{
    /// <summary>
    /// The goldens agree with an independent float64 transcription to 4.2e-15; we do the same
    /// arithmetic in double with FMA in places, so 1e-10 absolute leaves a wide margin.
    /// </summary>
    private const double DoubleTolerance = 1e-10;

    /// <summary>
    /// float carries 24 bits (ε ≈ 6e-8). Rounding the gradient, the moments and the parameters to
    /// float each step perturbs the path by a few ε per step; the quad problem is contracting, so the
    /// error stays bounded instead of compounding. Measured worst case over all cases and 300 steps:
    /// about 1e-6 (see the test output); 2e-5 (≈ 300 ε on O(1) parameters) keeps a margin while still
    /// failing for any real mistake in the rule, which moves the path by far more than that.
    /// </summary>
    private const double FloatTolerance = 2e-5;

    public static TheoryData<string> Cases() => [.. SupportedNames()];

    [Fact]
    public void Cases_CoverEveryFoundationGoldenFile() =>
        Cases().Count.Should().Be(18, "every quad golden of SGD (7), Adagrad (2), RMSprop (4), Adam (4) and AdamW (1) runs; only Adamax's waits for its optimizer");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_ReproducesGoldenTrajectory(string name)
    {
        var golden = GoldenCase.Load(name);
        var worst = Run<double>(golden, DoubleTolerance);
        output.WriteLine($"{name} double: worst |error| {worst:E2}");
        worst.Should().BeLessThan(DoubleTolerance);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_ReproducesGoldenTrajectoryWithinFloatPrecision(string name)
    {
        var golden = GoldenCase.Load(name);
        var worst = Run<float>(golden, FloatTolerance);
        output.WriteLine($"{name} float: worst |error| {worst:E2}");
        worst.Should().BeLessThan(FloatTolerance);
    }

    public static TheoryData<string> SgdMomentumCases() =>
    [
        .. SupportedNames()
            .Where(name => GoldenCase.Load(name) is var golden
                && golden.Optimizer.GetProperty("type").GetString() == "SGD"
                && golden.Get("momentum") > 0),
    ];

    [Fact]
    public void SgdMomentumCases_AreTheFourMomentumGoldens() =>
        SgdMomentumCases().Count.Should().Be(4, "momentum, dampening, maximize and Nesterov");

    /// <summary><see cref="Momentum{T}"/> is torch SGD with momentum: it reproduces SGD's momentum goldens.</summary>
    [Theory]
    [MemberData(nameof(SgdMomentumCases))]
    public void Momentum_ReproducesSgdMomentumGoldens(string name)
    {
        var golden = GoldenCase.Load(name);
        var options = new MomentumOptions
        {
            LearningRate = golden.Get("lr"),
            Momentum = golden.Get("momentum"),
            Dampening = golden.Get("dampening"),
            WeightDecay = golden.Get("weight_decay"),
            Nesterov = golden.GetBool("nesterov"),
            Maximize = golden.GetBool("maximize"),
        };
        Run<double>(golden, DoubleTolerance, (x, g) => Register(new Momentum<double>(options), x, g)).Should().BeLessThan(DoubleTolerance);
        Run<float>(golden, FloatTolerance, (x, g) => Register(new Momentum<float>(options), x, g)).Should().BeLessThan(FloatTolerance);
    }

    private static IEnumerable<string> SupportedNames() =>
        Directory.EnumerateFiles(GoldenCase.Directory, "quad__*.json")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Where(GoldenOptimizers.IsSupported)
            .Order(StringComparer.Ordinal);

    private static IOptimizer Register<T>(Momentum<T> optimizer, T[] x, T[] g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        optimizer.Add("x", x, g);
        return optimizer;
    }

    /// <summary>Runs the golden loop and returns the largest deviation over every step and coordinate.</summary>
    private static double Run<T>(GoldenCase golden, double tolerance, Func<T[], T[], IOptimizer>? create = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dim = golden.X0.Length;
        var x = golden.X0.Select(T.CreateTruncating).ToArray();
        var g = new T[dim];
        var optimizer = create is null ? GoldenOptimizers.Create<T>(golden, x, g) : create(x, g);
        var xDouble = new double[dim];
        var gDouble = new double[dim];
        var worst = 0.0;
        for (var t = 0; t < golden.Trajectory.Length; t++)
        {
            optimizer.Groups[0].LearningRate.Should().Be(golden.LearningRates[t]);
            for (var i = 0; i < dim; i++)
            {
                xDouble[i] = double.CreateTruncating(x[i]);
            }

            golden.Gradient(xDouble, t, gDouble);
            for (var i = 0; i < dim; i++)
            {
                g[i] = T.CreateTruncating(gDouble[i]);
            }

            optimizer.Step();
            for (var i = 0; i < dim; i++)
            {
                var error = Math.Abs(double.CreateTruncating(x[i]) - golden.Trajectory[t][i]);
                worst = Math.Max(worst, error);
                error.Should().BeLessThan(tolerance, $"{golden.Name}: coordinate {i} after step {t + 1}");
            }
        }

        return worst;
    }
}
