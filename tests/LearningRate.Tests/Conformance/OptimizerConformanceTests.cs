using System.Text.Json;
using System.Text.Json.Nodes;
using LearningRate.Optimizers;
using LearningRate.Tests.Catalogue;
using Xunit.Abstractions;

namespace LearningRate.Tests.Conformance;

/// <summary>
/// Every libtorch quad golden trajectory whose PyTorch class a descriptor of the catalogue claims, reproduced step
/// by step by that descriptor's optimizer built from the golden's kwargs, in double and in float.
/// </summary>
public class OptimizerConformanceTests(ITestOutputHelper output)
{
    /// <summary>
    /// The goldens agree with an independent float64 transcription to 4.2e-15; the optimizers do the same
    /// arithmetic in double with FMA in places, so 1e-10 absolute leaves a wide margin.
    /// </summary>
    private const double DoubleTolerance = 1e-10;

    /// <summary>(descriptor, golden) for every golden file and every descriptor that reproduces it.</summary>
    public static TheoryData<string, string> Goldens()
    {
        var data = new TheoryData<string, string>();
        foreach (var golden in GoldenCase.Names.Select(GoldenCase.Load))
        {
            foreach (var descriptor in Descriptors.All.Where(d => d.Reproduces(golden)))
            {
                data.Add(descriptor.Name, golden.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Double_ReproducesGoldenTrajectory(string descriptor, string golden)
    {
        var worst = Run<double>(Descriptors.Named(descriptor), GoldenCase.Load(golden), _ => DoubleTolerance);
        output.WriteLine($"{descriptor} on {golden}, double: worst |error| / max(1, |golden|) {worst:E2}");
    }

    /// <summary>
    /// float carries 24 bits (ε ≈ 6e-8): rounding gradient, state and parameters each step perturbs the path by a
    /// few ε per step, and the quad problem is contracting, so the error stays bounded instead of compounding.
    /// Each descriptor states its bound relative to max(1, |golden|); any real mistake in the rule moves the path
    /// by far more.
    /// </summary>
    [Theory]
    [MemberData(nameof(Goldens))]
    public void Float_ReproducesGoldenTrajectoryWithinFloatPrecision(string descriptor, string golden)
    {
        var d = Descriptors.Named(descriptor);
        var worst = Run<float>(d, GoldenCase.Load(golden), expected => d.GoldenFloatTolerance * Math.Max(1, Math.Abs(expected)));
        output.WriteLine($"{descriptor} on {golden}, float: worst |error| / max(1, |golden|) {worst:E2} (tolerance {d.GoldenFloatTolerance:E1})");
    }

    /// <summary>
    /// A golden of a PyTorch class no descriptor claims yet is listed here, not skipped: it must at least be replayed
    /// by its plain-loop reference (<see cref="ReferenceGoldenTests"/>), so no golden file goes untested.
    /// </summary>
    [Fact]
    public void EveryGolden_IsReproducedByADescriptor_OrListedAsNotYetInTheCatalogue()
    {
        var notYet = GoldenCase.Names.Select(GoldenCase.Load).Where(g => !Descriptors.All.Any(d => d.Reproduces(g))).ToArray();
        foreach (var golden in notYet)
        {
            output.WriteLine($"not yet in the catalogue: {golden.Name} (torch.optim.{golden.Type})");
        }

        var replayedByReference = ((IEnumerable<object[]>)ReferenceGoldenTests.Cases()).Select(row => (string)row[0]).ToHashSet();
        notYet.Select(g => g.Name).Should().BeSubsetOf(replayedByReference, "a golden no descriptor claims is checked by its reference oracle");
        Goldens().Should().NotBeEmpty();
    }

    [Fact]
    public void Momentum_ReproducesTheFourSgdMomentumGoldens()
    {
        var momentum = Descriptors.Named("Momentum");
        GoldenCase.Names.Select(GoldenCase.Load).Where(momentum.Reproduces).Select(g => g.Name).Should().BeEquivalentTo(
            ["quad__sgd_momentum", "quad__sgd_momentum_dampening", "quad__sgd_momentum_maximize", "quad__sgd_nesterov"],
            "momentum, dampening, maximize and Nesterov; SGD without momentum is not a Momentum configuration");
    }

    /// <summary>A kwarg the descriptor's mapping does not read fails the golden instead of running with a default.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void UnknownGoldenKwarg_Throws(string descriptor)
    {
        var d = Descriptors.Named(descriptor);
        var golden = GoldenCase.Names.Select(GoldenCase.Load).First(d.Reproduces);
        var kwargs = JsonNode.Parse(golden.Optimizer.GetRawText())!.AsObject();
        kwargs.Add("foreach", true);
        var optimizer = JsonDocument.Parse(kwargs.ToJsonString()).RootElement;
        var act = () => d.CreateFromGolden<double>(new GoldenKwargs(optimizer), new double[1], new double[1]);
        act.Should().Throw<InvalidOperationException>().WithMessage("*foreach*");
        d.CreateFromGolden<double>(new GoldenKwargs(golden), new double[1], new double[1]).Should().NotBeNull("the golden as recorded maps completely");
    }

    /// <summary>Descriptors that reproduce at least one golden.</summary>
    public static TheoryData<string> Names() =>
        [.. Descriptors.All.Where(d => GoldenCase.Names.Select(GoldenCase.Load).Any(d.Reproduces)).Select(d => d.Name)];

    /// <summary>Runs the golden loop, asserting every coordinate of every step; returns the largest error relative to its bound's scale.</summary>
    private static double Run<T>(OptimizerDescriptor descriptor, GoldenCase golden, Func<double, double> tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dim = golden.X0.Length;
        var x = golden.X0.Select(T.CreateTruncating).ToArray();
        var g = new T[dim];
        var optimizer = descriptor.CreateFromGolden<T>(new GoldenKwargs(golden), x, g);
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
                var expected = golden.Trajectory[t][i];
                var error = Math.Abs(double.CreateTruncating(x[i]) - expected);
                var bound = tolerance(expected);
                worst = Math.Max(worst, error / Math.Max(1, Math.Abs(expected)));
                error.Should().BeLessThan(bound, $"{descriptor.Name} on {golden.Name}: coordinate {i} after step {t + 1}");
            }
        }

        return worst;
    }
}
