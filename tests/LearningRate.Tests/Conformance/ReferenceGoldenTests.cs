using LearningRate.Tests.Reference;
using Xunit.Abstractions;

namespace LearningRate.Tests.Conformance;

/// <summary>
/// The plain-loop references of NAdam, RAdam, Adamax, Adadelta, ASGD and Rprop replay their libtorch quad goldens:
/// the oracles the optimizers are tested against are themselves checked against PyTorch's trajectories.
/// </summary>
public class ReferenceGoldenTests(ITestOutputHelper output)
{
    /// <summary>The goldens agree with a float64 transcription to 4.2e-15; 1e-10 absolute is the suite's threshold.</summary>
    private const double Tolerance = 1e-10;

    public static TheoryData<string> Cases() =>
        ["quad__nadam", "quad__radam", "quad__adamax", "quad__adadelta", "quad__asgd", "quad__rprop"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference_ReproducesGoldenTrajectory(string name)
    {
        var golden = GoldenCase.Load(name);
        var reference = Create(golden, out var kwargs);
        kwargs.Unread().Should().BeEmpty("every hyper-parameter of the golden must reach the reference");

        var x = (double[])golden.X0.Clone();
        var g = new double[x.Length];
        var worst = 0.0;
        for (var t = 0; t < golden.Trajectory.Length; t++)
        {
            golden.LearningRates[t].Should().Be(golden.Get("lr"), "the quad goldens of these optimizers have no scheduler");
            golden.Gradient(x, t, g);
            reference.Step(x, g);
            for (var i = 0; i < x.Length; i++)
            {
                var error = Math.Abs(x[i] - golden.Trajectory[t][i]);
                worst = Math.Max(worst, error);
                error.Should().BeLessThan(Tolerance, $"{name}: coordinate {i} after step {t + 1}");
            }
        }

        output.WriteLine($"{name}: {golden.Trajectory.Length} steps, worst |error| {worst:E2}");
    }

    [Fact]
    public void RAdamGolden_CoversBothBranches()
    {
        // ρ_t > 5 first holds at t = 6 for β2 = 0.999: steps 1–5 take the un-rectified branch.
        var golden = GoldenCase.Load("quad__radam");
        golden.GetBeta(1).Should().Be(0.999);
        golden.Trajectory.Length.Should().BeGreaterThan(6);
        RhoT(0.999, 5).Should().BeLessThanOrEqualTo(5);
        RhoT(0.999, 6).Should().BeGreaterThan(5);
    }

    /// <summary>
    /// PyTorch negates the gradient before weight decay, so maximizing −f with the negated gradient walks exactly the
    /// path of minimizing f, weight decay included (Rprop has none). Fails if the negation came after the decay or
    /// were missing.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference_MaximizeOnNegatedGradient_WalksTheMinimizePath(string name)
    {
        var golden = GoldenCase.Load(name);
        var minimize = Create(golden, out _, maximize: false, weightDecay: 0.05);
        var maximize = Create(golden, out _, maximize: true, weightDecay: 0.05);
        var x = (double[])golden.X0.Clone();
        var y = (double[])golden.X0.Clone();
        var g = new double[x.Length];
        var h = new double[y.Length];
        for (var t = 0; t < golden.Trajectory.Length; t++)
        {
            golden.Gradient(x, t, g);
            golden.Gradient(y, t, h);
            for (var i = 0; i < h.Length; i++)
            {
                h[i] = -h[i];
            }

            minimize.Step(x, g);
            maximize.Step(y, h);
            y.Should().Equal(x, $"{name}: step {t + 1}");
        }
    }

    /// <summary>
    /// ASGD's μ = 1/max(1, t − t0) is read one step late, so from step t0 + 2 on the average is the plain mean of the
    /// iterates θ_(t0+2) … θ_t (before that it is the iterate itself): a closed form over the golden's own trajectory.
    /// </summary>
    [Fact]
    public void AsgdAverage_IsTheMeanOfTheIteratesFromStepT0Plus2()
    {
        var golden = GoldenCase.Load("quad__asgd");
        var t0 = (int)golden.Get("t0");
        var reference = (AsgdReference)Create(golden, out _);
        var x = (double[])golden.X0.Clone();
        var g = new double[x.Length];
        for (var t = 1; t <= golden.Trajectory.Length; t++)
        {
            golden.Gradient(x, t - 1, g);
            reference.Step(x, g);
            var first = Math.Min(t, t0 + 2);
            for (var i = 0; i < x.Length; i++)
            {
                var mean = 0.0;
                for (var k = first; k <= t; k++)
                {
                    mean += golden.Trajectory[k - 1][i];
                }

                mean /= t - first + 1;
                reference.Ax[i].Should().BeApproximately(mean, 1e-12, $"coordinate {i} after step {t}");
            }
        }
    }

    private static double RhoT(double beta2, int t)
    {
        var rhoInf = (2 / (1 - beta2)) - 1;
        return rhoInf - (2 * t * Math.Pow(beta2, t) / (1 - Math.Pow(beta2, t)));
    }

    /// <summary>Builds the reference from the golden's kwargs; <paramref name="maximize"/> and <paramref name="weightDecay"/> override them.</summary>
    private static IReferenceOptimizer Create(GoldenCase golden, out GoldenKwargs kwargs, bool? maximize = null, double? weightDecay = null)
    {
        var k = kwargs = new GoldenKwargs(golden.Optimizer, maximize, weightDecay);
        var dim = golden.X0.Length;
        return k.Type switch
        {
            "NAdam" => new NAdamReference(
                new NAdamSettings
                {
                    LearningRate = k.Number("lr"),
                    Beta1 = k.Pair("betas", 0),
                    Beta2 = k.Pair("betas", 1),
                    Epsilon = k.Number("eps"),
                    WeightDecay = k.Number("weight_decay"),
                    MomentumDecay = k.Number("momentum_decay"),
                    DecoupledWeightDecay = k.Flag("decoupled_weight_decay"),
                    Maximize = k.Flag("maximize"),
                },
                dim),
            "RAdam" => new RAdamReference(
                new RAdamSettings
                {
                    LearningRate = k.Number("lr"),
                    Beta1 = k.Pair("betas", 0),
                    Beta2 = k.Pair("betas", 1),
                    Epsilon = k.Number("eps"),
                    WeightDecay = k.Number("weight_decay"),
                    DecoupledWeightDecay = k.Flag("decoupled_weight_decay"),
                    Maximize = k.Flag("maximize"),
                },
                dim),
            "Adamax" => new AdamaxReference(
                new AdamaxSettings
                {
                    LearningRate = k.Number("lr"),
                    Beta1 = k.Pair("betas", 0),
                    Beta2 = k.Pair("betas", 1),
                    Epsilon = k.Number("eps"),
                    WeightDecay = k.Number("weight_decay"),
                    Maximize = k.Flag("maximize"),
                },
                dim),
            "Adadelta" => new AdadeltaReference(
                new AdadeltaSettings
                {
                    LearningRate = k.Number("lr"),
                    Rho = k.Number("rho"),
                    Epsilon = k.Number("eps"),
                    WeightDecay = k.Number("weight_decay"),
                    Maximize = k.Flag("maximize"),
                },
                dim),
            "ASGD" => new AsgdReference(
                new AsgdSettings
                {
                    LearningRate = k.Number("lr"),
                    Lambd = k.Number("lambd"),
                    Alpha = k.Number("alpha"),
                    T0 = k.Number("t0"),
                    WeightDecay = k.Number("weight_decay"),
                    Maximize = k.Flag("maximize"),
                },
                dim),
            "Rprop" => new RpropReference(
                new RpropSettings
                {
                    LearningRate = k.Number("lr"),
                    EtaMinus = k.Pair("etas", 0),
                    EtaPlus = k.Pair("etas", 1),
                    StepSizeMin = k.Pair("step_sizes", 0),
                    StepSizeMax = k.Pair("step_sizes", 1),
                    Maximize = k.Flag("maximize"),
                },
                dim),
            _ => throw new NotSupportedException($"{golden.Name}: no reference for PyTorch optimizer {k.Type}."),
        };
    }
}
