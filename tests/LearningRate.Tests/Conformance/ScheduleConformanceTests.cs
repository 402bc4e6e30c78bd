using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Tests.Reference;
using Xunit.Abstractions;

namespace LearningRate.Tests.Conformance;

/// <summary>
/// The golden loop (quad problem, its noise, PyTorch's order: read lr, gradient, optimizer step, scheduler step)
/// with a scheduler: our optimizer bound to a preset against Adam driven by the lr and β1 that the transcription of
/// PyTorch's scheduler leaves in the param group at each step.
/// </summary>
public class ScheduleConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => ["OneCycleLR cycling beta1", "SequentialLR warmup then cosine", "CyclicLR exp_range cycling beta1"];

    [Fact]
    public void ConstantScheduleBinding_ReproducesTheAdamGolden()
    {
        var golden = GoldenCase.Load("quad__adam_default");
        var x = (double[])golden.X0.Clone();
        var g = new double[x.Length];
        var adam = new Adam<double>(new AdamOptions { LearningRate = 0.01 });
        adam.Add("x", x, g);
        adam.Groups[0].Schedule = Schedule.Constant(golden.Get("lr"));
        for (var t = 0; t < golden.Trajectory.Length; t++)
        {
            golden.Gradient(x, t, g);
            adam.Step();
            x.Should().Equal(golden.Trajectory[t], (a, b) => Math.Abs(a - b) < 1e-10, $"after step {t + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AdamThroughPreset_MatchesPyTorchLoop(string name)
    {
        Check<double>(name, 1e-10);
        Check<float>(name, 2e-5);
    }

    private void Check<T>(string name, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var golden = GoldenCase.Load("quad__adam_default");
        var steps = golden.Trajectory.Length;
        var group = new TorchGroup(golden.Get("lr")) { Momentum = golden.GetBeta(0) };
        TorchScheduler torch;
        Schedule preset;
        var cyclesMomentum = true;
        switch (name)
        {
            case "OneCycleLR cycling beta1":
                torch = new TorchOneCycleLR(group, 0.1, steps);
                preset = PyTorchSchedules.OneCycleLR(0.1, steps);
                break;
            case "SequentialLR warmup then cosine":
                torch = new TorchSequentialLR(group, [new TorchLinearLR(group, 0.1, 1.0, 30), new TorchCosineAnnealingLR(group, 200, 1e-4)], [30]);
                preset = PyTorchSchedules.SequentialLR([PyTorchSchedules.LinearLR(0.05, 0.1, 1.0, 30), PyTorchSchedules.CosineAnnealingLR(0.05, 200, 1e-4)], [30]);
                cyclesMomentum = false;
                break;
            default:
                torch = new TorchCyclicLR(group, 0.001, 0.1, 40, 60, "exp_range", 0.998);
                preset = PyTorchSchedules.CyclicLR(0.001, 0.1, 40, 60, CyclicMode.ExpRange, 0.998);
                break;
        }

        var (lrs, momenta) = TorchScheduler.Run(group, torch, steps);
        var dim = golden.X0.Length;
        var x = golden.X0.Select(T.CreateTruncating).ToArray();
        var g = new T[dim];
        var adam = new Adam<T>(new AdamOptions { LearningRate = golden.Get("lr") });
        adam.Add("x", x, g);
        adam.Groups[0].Schedule = preset;
        adam.Groups[0].MomentumSchedule = cyclesMomentum ? preset.Momentum : null;

        var reference = new ScheduledAdamReference(dim);
        var xRef = (double[])golden.X0.Clone();
        var gRef = new double[dim];
        var xDouble = new double[dim];
        var gDouble = new double[dim];
        var worst = 0.0;
        for (var t = 0; t < steps; t++)
        {
            golden.Gradient(xRef, t, gRef);
            reference.Step(xRef, gRef, lrs[t], cyclesMomentum ? momenta[t] : golden.GetBeta(0));

            for (var i = 0; i < dim; i++)
            {
                xDouble[i] = double.CreateTruncating(x[i]);
            }

            golden.Gradient(xDouble, t, gDouble);
            for (var i = 0; i < dim; i++)
            {
                g[i] = T.CreateTruncating(gDouble[i]);
            }

            adam.Step();
            for (var i = 0; i < dim; i++)
            {
                var error = Math.Abs(double.CreateTruncating(x[i]) - xRef[i]);
                worst = Math.Max(worst, error);
                error.Should().BeLessThan(tolerance, $"{name} {typeof(T).Name}: coordinate {i} after step {t + 1}");
            }
        }

        output.WriteLine($"{name} {typeof(T).Name}: worst |error| {worst:E2} over {steps} steps");
    }
}
