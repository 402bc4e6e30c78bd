using LearningRate.Schedules;

namespace LearningRate.Tests.Schedules;

/// <summary>At() allocates nothing, for every schedule in the catalogue and every composition.</summary>
public class ScheduleAllocationTests
{
    public static TheoryData<string> Names() => [.. AllSchedules().Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void At_AllocatesNothing(string name)
    {
        var schedule = AllSchedules()[name];
        var sum = 0.0;
        for (var step = 0; step < 100; step++)
        {
            sum += schedule.At(step);
        }

        // A real allocation in At happens at every call, so it shows in every window; the best of three windows
        // ignores a one-off allocation the runtime may charge to this thread under a loaded test run.
        var fewest = long.MaxValue;
        for (var window = 0; window < 3 && fewest > 0; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var step = 0; step < 1000; step++)
            {
                sum += schedule.At(step);
                sum += schedule.Momentum?.At(step) ?? 0;
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0, name);
        sum.Should().BeGreaterThan(0);
    }

    /// <summary>One instance of every schedule type and composition.</summary>
    internal static Dictionary<string, Schedule> AllSchedules() => new()
    {
        ["Constant"] = Schedule.Constant(0.1),
        ["StepDecay"] = Schedule.StepDecay(0.1, 30),
        ["MultiStep"] = Schedule.MultiStep(0.1, [30, 80, 200]),
        ["Exponential"] = Schedule.Exponential(0.1, 0.99),
        ["ExponentialStaircase"] = Schedule.Exponential(0.1, 0.5, 100, staircase: true),
        ["InverseTime"] = Schedule.InverseTime(0.1, 0.5, 10),
        ["InverseSqrt"] = Schedule.InverseSqrt(0.1, 100),
        ["Linear"] = Schedule.Linear(0.1, 0.01, 500),
        ["Polynomial"] = Schedule.Polynomial(0.1, 500, 2, 1e-4),
        ["Cosine"] = Schedule.Cosine(0.1, 500, 1e-4),
        ["CosineContinued"] = Schedule.Cosine(0.1, 300, 1e-4, AfterEnd.Continue),
        ["CosineWarmRestarts"] = Schedule.CosineWarmRestarts(0.1, 50, 2, 1e-4, 0.8),
        ["Cyclic"] = Schedule.Cyclic(0.01, 0.1, 100, mode: CyclicMode.Triangular2),
        ["CyclicCustom"] = Schedule.CyclicCustom(0.01, 0.1, static c => 1 / c, CyclicScaleMode.Cycle, 100),
        ["OneCycle"] = Schedule.OneCycle(0.1, 1000, threePhase: true),
        ["WarmupStableDecay"] = Schedule.WarmupStableDecay(0.1, 100, 300, 200, Annealing.OneMinusSqrt, 1e-4),
        ["SwaAnneal"] = Schedule.SwaAnneal(0.1, 0.01, 50),
        ["ThenSwaAnneal"] = Schedule.Cosine(0.1, 500).ThenSwaAnneal(300, 0.01, 50),
        ["FromFunction"] = Schedule.FromFunction(static t => 1.0 / (t + 1)),
        ["Sequence"] = Schedule.Warmup(100, 0.1).Then(Schedule.Cosine(0.1, 500)).Then(Schedule.Constant(1e-3), 700),
        ["WithWarmup"] = Schedule.InverseSqrt(0.1, 100).WithWarmup(100),
        ["Times"] = Schedule.Cosine(0.1, 500).Times(0.5).Times(Schedule.StepDecay(1, 100)),
        ["Clamp"] = Schedule.Exponential(0.1, 0.99).Clamp(1e-3, 0.05),
        ["MultiplicativeLR"] = PyTorchSchedules.MultiplicativeLR(0.1, static _ => 0.999),
        ["LambdaLR"] = PyTorchSchedules.LambdaLR(0.1, static t => Math.Pow(0.99, t)),
        ["ChainedScheduler"] = PyTorchSchedules.ChainedScheduler(0.1, PyTorchSchedules.StepLR(0.1, 10), PyTorchSchedules.ExponentialLR(0.1, 0.99)),
    };
}
