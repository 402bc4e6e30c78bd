using LearningRate.Schedules;
using LearningRate.Tests.Reference;
using Xunit.Abstractions;

namespace LearningRate.Tests.Schedules;

/// <summary>
/// Every <see cref="PyTorchSchedules"/> preset against the test-side transcription of PyTorch's scheduler loop
/// (<see cref="TorchScheduler"/>): the lr (and cycled momentum) of every step, including milestones and well past
/// each horizon, within 1e-12 relative (PyTorch's chainable forms accumulate rounding; see the golden README).
/// </summary>
public class PyTorchParityTests(ITestOutputHelper output)
{
    private const double RelativeTolerance = 1e-12;

    /// <summary>Name → (PyTorch transcription on a fresh group, our preset, steps to compare).</summary>
    private static readonly Dictionary<string, (Func<TorchGroup, TorchScheduler> Torch, Schedule Ours, int Steps)> s_cases = new()
    {
        ["LambdaLR power"] = (g => new TorchLambdaLR(g, t => Math.Pow(0.95, t)), PyTorchSchedules.LambdaLR(0.1, t => Math.Pow(0.95, t)), 60),
        ["LambdaLR integer division"] = (g => new TorchLambdaLR(g, t => t / 30), PyTorchSchedules.LambdaLR(0.1, t => t / 30), 100),
        ["MultiplicativeLR constant"] = (g => new TorchMultiplicativeLR(g, _ => 0.95), PyTorchSchedules.MultiplicativeLR(0.1, _ => 0.95), 100),
        ["MultiplicativeLR varying"] = (g => new TorchMultiplicativeLR(g, t => 1 - (0.01 * (t % 3))), PyTorchSchedules.MultiplicativeLR(0.1, t => 1 - (0.01 * (t % 3))), 100),
        ["StepLR gamma 0.5"] = (g => new TorchStepLR(g, 7, 0.5), PyTorchSchedules.StepLR(0.1, 7, 0.5), 60),
        ["StepLR default gamma"] = (g => new TorchStepLR(g, 30), PyTorchSchedules.StepLR(0.1, 30), 100),
        ["MultiStepLR repeated milestone"] = (g => new TorchMultiStepLR(g, [30, 5, 12, 12], 0.3), PyTorchSchedules.MultiStepLR(0.1, [30, 5, 12, 12], 0.3), 50),
        ["ConstantLR default"] = (g => new TorchConstantLR(g), PyTorchSchedules.ConstantLR(0.1), 20),
        ["ConstantLR 0.5 for 40"] = (g => new TorchConstantLR(g, 0.5, 40), PyTorchSchedules.ConstantLR(0.05, 0.5, 40), 60),
        ["ConstantLR total 0"] = (g => new TorchConstantLR(g, 0.25, 0), PyTorchSchedules.ConstantLR(0.1, 0.25, 0), 10),
        ["LinearLR default"] = (g => new TorchLinearLR(g), PyTorchSchedules.LinearLR(0.1), 20),
        ["LinearLR warmup 40"] = (g => new TorchLinearLR(g, 0.05, 1.0, 40), PyTorchSchedules.LinearLR(0.05, 0.05, 1.0, 40), 80),
        ["LinearLR decay"] = (g => new TorchLinearLR(g, 1.0, 0.1, 20), PyTorchSchedules.LinearLR(0.1, 1.0, 0.1, 20), 40),
        ["LinearLR total 0"] = (g => new TorchLinearLR(g, 0.5, 1.0, 0), PyTorchSchedules.LinearLR(0.1, 0.5, 1.0, 0), 10),
        ["ExponentialLR gamma 0.95"] = (g => new TorchExponentialLR(g, 0.95), PyTorchSchedules.ExponentialLR(0.1, 0.95), 200),
        ["PolynomialLR default"] = (g => new TorchPolynomialLR(g), PyTorchSchedules.PolynomialLR(0.1), 12),
        ["PolynomialLR 50 0.9"] = (g => new TorchPolynomialLR(g, 50, 0.9), PyTorchSchedules.PolynomialLR(0.05, 50, 0.9), 70),
        ["PolynomialLR square"] = (g => new TorchPolynomialLR(g, 10, 2), PyTorchSchedules.PolynomialLR(0.1, 10, 2), 20),
        ["PolynomialLR total 0"] = (g => new TorchPolynomialLR(g, 0), PyTorchSchedules.PolynomialLR(0.1, 0), 5),
        ["CosineAnnealingLR past T_max"] = (g => new TorchCosineAnnealingLR(g, 10), PyTorchSchedules.CosineAnnealingLR(0.1, 10), 65),
        ["CosineAnnealingLR eta_min"] = (g => new TorchCosineAnnealingLR(g, 25, 0.001), PyTorchSchedules.CosineAnnealingLR(0.1, 25, 0.001), 160),
        ["CosineAnnealingWarmRestarts T_mult 2"] = (g => new TorchCosineAnnealingWarmRestarts(g, 20, 2), PyTorchSchedules.CosineAnnealingWarmRestarts(0.1, 20, 2), 300),
        ["CosineAnnealingWarmRestarts eta_min"] = (g => new TorchCosineAnnealingWarmRestarts(g, 7, 1, 0.01), PyTorchSchedules.CosineAnnealingWarmRestarts(0.1, 7, 1, 0.01), 50),
        ["CosineAnnealingWarmRestarts T_mult 3"] = (g => new TorchCosineAnnealingWarmRestarts(g, 3, 3, 0.001), PyTorchSchedules.CosineAnnealingWarmRestarts(0.1, 3, 3, 0.001), 200),
        ["CyclicLR triangular"] = (g => new TorchCyclicLR(g, 0.01, 0.1, 5, 3), PyTorchSchedules.CyclicLR(0.01, 0.1, 5, 3), 60),
        ["CyclicLR triangular2"] = (g => new TorchCyclicLR(g, 0.01, 0.1, 4, mode: "triangular2"), PyTorchSchedules.CyclicLR(0.01, 0.1, 4, mode: CyclicMode.Triangular2), 60),
        ["CyclicLR exp_range"] = (g => new TorchCyclicLR(g, 0.001, 0.1, 6, 4, "exp_range", 0.99, baseMomentum: 0.85, maxMomentum: 0.95), PyTorchSchedules.CyclicLR(0.001, 0.1, 6, 4, CyclicMode.ExpRange, 0.99, 0.85, 0.95), 100),
        ["CyclicLR custom by cycle"] = (g => new TorchCyclicLR(g, 0.01, 0.1, 5, null, null, scaleFn: c => 1 / c, scaleMode: "cycle"), Schedule.CyclicCustom(0.01, 0.1, c => 1 / c, CyclicScaleMode.Cycle, 5), 60),
        ["CyclicLR custom by iteration"] = (g => new TorchCyclicLR(g, 0.01, 0.1, 5, 2, null, scaleFn: t => 1 / (1 + (0.05 * t)), scaleMode: "iterations"), Schedule.CyclicCustom(0.01, 0.1, t => 1 / (1 + (0.05 * t)), CyclicScaleMode.Iterations, 5, 2), 60),
        ["OneCycleLR cos, one step past the end"] = (g => new TorchOneCycleLR(g, 0.1, 100), PyTorchSchedules.OneCycleLR(0.1, 100), 101),
        ["OneCycleLR linear"] = (g => new TorchOneCycleLR(g, 0.1, 50, 0.25, "linear"), PyTorchSchedules.OneCycleLR(0.1, 50, 0.25, Annealing.Linear), 50),
        ["OneCycleLR three phase, fractional ends"] = (g => new TorchOneCycleLR(g, 0.2, 77, 0.33, threePhase: true, divFactor: 10, finalDivFactor: 100), PyTorchSchedules.OneCycleLR(0.2, 77, 0.33, divFactor: 10, finalDivFactor: 100, threePhase: true), 78),
        ["SequentialLR warmup then cosine"] = (
            g => new TorchSequentialLR(g, [new TorchLinearLR(g, 0.1, 1.0, 10), new TorchCosineAnnealingLR(g, 40)], [10]),
            PyTorchSchedules.SequentialLR([PyTorchSchedules.LinearLR(0.1, 0.1, 1.0, 10), PyTorchSchedules.CosineAnnealingLR(0.1, 40)], [10]),
            80),
        ["SequentialLR PyTorch docs example"] = (
            g => new TorchSequentialLR(g, [new TorchConstantLR(g, 0.1, 20), new TorchExponentialLR(g, 0.9)], [20]),
            PyTorchSchedules.SequentialLR([PyTorchSchedules.ConstantLR(0.05, 0.1, 20), PyTorchSchedules.ExponentialLR(0.05, 0.9)], [20]),
            60),
        ["SequentialLR three pieces"] = (
            g => new TorchSequentialLR(g, [new TorchLinearLR(g, 0.2, 1.0, 5), new TorchStepLR(g, 4, 0.5), new TorchPolynomialLR(g, 10, 2)], [5, 17]),
            PyTorchSchedules.SequentialLR([PyTorchSchedules.LinearLR(0.1, 0.2, 1.0, 5), PyTorchSchedules.StepLR(0.1, 4, 0.5), PyTorchSchedules.PolynomialLR(0.1, 10, 2)], [5, 17]),
            40),
        ["ChainedScheduler PyTorch docs example"] = (
            g => new TorchChainedScheduler(g, [new TorchConstantLR(g, 0.1, 20), new TorchExponentialLR(g, 0.9)]),
            PyTorchSchedules.ChainedScheduler(0.05, PyTorchSchedules.ConstantLR(0.05, 0.1, 20), PyTorchSchedules.ExponentialLR(0.05, 0.9)),
            60),
        ["ChainedScheduler step, linear and cosine"] = (
            g => new TorchChainedScheduler(g, [new TorchStepLR(g, 10, 0.5), new TorchLinearLR(g, 0.25, 1.0, 8), new TorchCosineAnnealingLR(g, 30)]),
            PyTorchSchedules.ChainedScheduler(0.1, PyTorchSchedules.StepLR(0.1, 10, 0.5), PyTorchSchedules.LinearLR(0.1, 0.25, 1.0, 8), PyTorchSchedules.CosineAnnealingLR(0.1, 30)),
            31),
        ["SWALR cos, default anneal"] = (g => new TorchSWALR(g, 0.01), PyTorchSchedules.SWALR(0.1, 0.01), 30),
        ["SWALR linear, rising to a larger swa_lr"] = (g => new TorchSWALR(g, 0.3, 7, "linear"), PyTorchSchedules.SWALR(0.1, 0.3, 7, Annealing.Linear), 20),
        ["SWALR cos, one epoch"] = (g => new TorchSWALR(g, 0.02, 1), PyTorchSchedules.SWALR(0.1, 0.02, 1), 5),
        ["SWALR anneal_epochs 0"] = (g => new TorchSWALR(g, 0.05, 0), PyTorchSchedules.SWALR(0.1, 0.05, 0), 5),
        ["SWALR long cosine anneal to 1e-4"] = (g => new TorchSWALR(g, 1e-4, 500), PyTorchSchedules.SWALR(0.1, 1e-4, 500), 520),
        ["SWALR after CosineAnnealingLR (PyTorch's recipe)"] = (
            g => new TorchSwaRecipe(g, new TorchCosineAnnealingLR(g, 100), new TorchSWALR(g, 0.005, 20), 60),
            PyTorchSchedules.CosineAnnealingLR(0.1, 100).ThenSwaAnneal(60, 0.005, 20),
            120),
        ["SWALR after StepLR, linear (PyTorch's recipe)"] = (
            g => new TorchSwaRecipe(g, new TorchStepLR(g, 10, 0.5), new TorchSWALR(g, 0.04, 5, "linear"), 25),
            PyTorchSchedules.StepLR(0.1, 10, 0.5).ThenSwaAnneal(25, 0.04, 5, Annealing.Linear),
            40),
    };

    /// <summary>The initial lr of each case's optimizer group (the lr the presets are built with).</summary>
    private static readonly Dictionary<string, double> s_groupLr = new()
    {
        ["ConstantLR 0.5 for 40"] = 0.05,
        ["LinearLR warmup 40"] = 0.05,
        ["PolynomialLR 50 0.9"] = 0.05,
        ["SequentialLR PyTorch docs example"] = 0.05,
        ["ChainedScheduler PyTorch docs example"] = 0.05,
    };

    public static TheoryData<string> Cases() => [.. s_cases.Keys];

    [Fact]
    public void Cases_CoverEveryPyTorchScheduler()
    {
        string[] schedulers = ["LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR", "CosineAnnealingLR", "ChainedScheduler", "SequentialLR", "CyclicLR", "OneCycleLR", "CosineAnnealingWarmRestarts", "SWALR"];
        foreach (var scheduler in schedulers)
        {
            s_cases.Keys.Should().Contain(k => k.StartsWith(scheduler + " ", StringComparison.Ordinal), scheduler);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Preset_MatchesPyTorchAtEveryStep(string name)
    {
        var (torch, ours, steps) = s_cases[name];
        var group = new TorchGroup(s_groupLr.GetValueOrDefault(name, 0.1));
        var (lrs, momenta) = TorchScheduler.Run(group, torch(group), steps);
        var worst = 0.0;
        for (var t = 0; t < steps; t++)
        {
            worst = Math.Max(worst, AssertClose(lrs[t], ours.At(t), $"{name}: lr of step {t}"));
            if (ours.Momentum is { } momentum)
            {
                AssertClose(momenta[t], momentum.At(t), $"{name}: momentum of step {t}");
            }
        }

        output.WriteLine($"{name}: worst relative difference {worst:E2} over {steps} steps");
    }

    [Fact]
    public void ChainedScheduler_CosinePastTMax_IsNotMultiplicativeInPyTorch()
    {
        // At step T_max + 1 PyTorch's recursive cosine adds (base − eta_min)(1 − cos(π/T))/2 to the group lr,
        // which inside a chain is not a product of factors; the preset documents that it stops at T_max there.
        var group = new TorchGroup(0.1);
        var torch = new TorchChainedScheduler(group, [new TorchStepLR(group, 10, 0.5), new TorchCosineAnnealingLR(group, 30)]);
        var (lrs, _) = TorchScheduler.Run(group, torch, 32);
        var preset = PyTorchSchedules.ChainedScheduler(0.1, PyTorchSchedules.StepLR(0.1, 10, 0.5), PyTorchSchedules.CosineAnnealingLR(0.1, 30));
        preset.At(30).Should().Be(lrs[30]).And.Be(0, "both reach the trough exactly");
        preset.At(31).Should().NotBeApproximately(lrs[31], lrs[31] / 2);
    }

    [Fact]
    public void OneCycleLR_PyTorchRaisesOneStepPastTheEnd_PresetKeepsExtrapolating()
    {
        var group = new TorchGroup(0.1);
        var torch = new TorchOneCycleLR(group, 0.1, 10);
        var run = () => TorchScheduler.Run(group, torch, 12);
        run.Should().Throw<InvalidOperationException>("PyTorch raises when stepped more than total_steps times");
        var preset = PyTorchSchedules.OneCycleLR(0.1, 10);
        preset.At(11).Should().BeGreaterThan(preset.At(10), "the cosine continues upwards past its trough");
    }

    private static double AssertClose(double expected, double actual, string because)
    {
        var scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
        var relative = scale == 0 ? 0 : Math.Abs(expected - actual) / scale;
        relative.Should().BeLessThanOrEqualTo(RelativeTolerance, $"{because}: expected {expected:R}, got {actual:R}");
        return relative;
    }
}
