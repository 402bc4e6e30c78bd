using BenchmarkDotNet.Attributes;
using LearningRate.Schedules;

namespace LearningRate.Benchmarks;

/// <summary>
/// The cost of one <see cref="Schedule.At"/> evaluation for each schedule family and composition, averaged over
/// 1,000 consecutive steps from step 10,000 (so horizons, restarts and milestones are crossed). What a training
/// loop pays per step and group for a bound schedule.
/// </summary>
[MemoryDiagnoser]
public class ScheduleBenchmarks
{
    private const int Steps = 1_000;
    private const long FirstStep = 10_000;

    private static readonly Dictionary<string, Schedule> s_schedules = new()
    {
        ["Constant"] = Schedule.Constant(0.1),
        ["StepDecay"] = Schedule.StepDecay(0.1, 300),
        ["MultiStep"] = Schedule.MultiStep(0.1, [3_000, 8_000, 10_500, 20_000]),
        ["Exponential"] = Schedule.Exponential(0.1, 0.9999),
        ["InverseTime"] = Schedule.InverseTime(0.1, 0.5, 100),
        ["InverseSqrt"] = Schedule.InverseSqrt(0.1, 1_000),
        ["Linear"] = Schedule.Linear(0.1, 0.001, 10_500),
        ["Polynomial"] = Schedule.Polynomial(0.1, 10_500, 2, 1e-4),
        ["Cosine"] = Schedule.Cosine(0.1, 10_500, 1e-4),
        ["CosineWarmRestarts"] = Schedule.CosineWarmRestarts(0.1, 100, 2),
        ["Cyclic"] = Schedule.Cyclic(0.01, 0.1, 200, mode: CyclicMode.Triangular2),
        ["OneCycle"] = Schedule.OneCycle(0.1, 10_500, threePhase: true),
        ["WarmupStableDecay"] = Schedule.WarmupStableDecay(0.1, 1_000, 8_000, 3_000, Annealing.OneMinusSqrt),
        ["FromFunction"] = Schedule.FromFunction(static t => 0.1 / Math.Sqrt(t + 1)),
        ["WarmupThenCosine"] = Schedule.Warmup(500, 0.1).Then(Schedule.Cosine(0.1, 10_000, 1e-4)),
        ["TimesClamp"] = Schedule.Cosine(0.1, 20_000).Times(Schedule.StepDecay(1, 1_000, 0.9)).Clamp(1e-4, 0.05),
        ["CosineThenSwaAnneal"] = Schedule.Cosine(0.1, 20_000).ThenSwaAnneal(9_500, 0.01, 1_000),
        ["PyTorchChained"] = PyTorchSchedules.ChainedScheduler(0.1, PyTorchSchedules.StepLR(0.1, 1_000), PyTorchSchedules.ExponentialLR(0.1, 0.9999)),
    };

    private Schedule _schedule = null!;

    [ParamsSource(nameof(Names))]
    public string Name { get; set; } = "Constant";

    public static IEnumerable<string> Names() => s_schedules.Keys;

    [GlobalSetup]
    public void Setup() => _schedule = s_schedules[Name];

    [Benchmark(OperationsPerInvoke = Steps)]
    public double At()
    {
        var sum = 0.0;
        for (var step = FirstStep; step < FirstStep + Steps; step++)
        {
            sum += _schedule.At(step);
        }

        return sum;
    }
}
