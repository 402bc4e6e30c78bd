using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>
/// What the default non-finite policy costs on large tensors: one <c>Step()</c> of every <see cref="StepOptimizer"/>
/// (default options) over one parameter of <c>Length</c> floats, on one core, with the default policy
/// (<see cref="NonFinitePolicy.Skip"/>: one more read of the gradient, which also computes the gradient norm) against
/// <see cref="NonFinitePolicy.Propagate"/> (no check), in the same run, over the same arrays. The <c>Skip/Propagate</c>
/// column is <c>min(Skip) / min(Propagate)</c>; <c>byte floor</c> is what the extra read alone costs at equal bandwidth,
/// <c>(bytes + 4) / bytes</c> with the bytes of one step without the check (Adam 28, plain SGD 12, SGD with momentum,
/// RMSprop and AdaGrad 20).
/// </summary>
/// <remarks>
/// Run on a quiet machine (24 cases; each step moves 50–450 MB):
/// <code>
/// nice -n -12 dotnet run -c Release --project benchmarks/LearningRate.Benchmarks -- --filter '*DefaultPolicy*' --inProcess
/// </code>
/// Smoke run, each case once at 16,387 elements:
/// <c>dotnet run -c Release --project benchmarks/LearningRate.Benchmarks -- --filter '*DefaultPolicy*' --job Dry --inProcess</c>.
/// </remarks>
/// <typeparam name="T"><see cref="float"/>.</typeparam>
[GenericTypeArguments(typeof(float))]
public class DefaultPolicyBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private IOptimizer _skip = null!;
    private IOptimizer _propagate = null!;

    /// <summary>Gets or sets the parameter's length: 4,194,307 and 16,777,219 floats (beyond every cache).</summary>
    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    /// <summary>Gets or sets the optimizer.</summary>
    [ParamsAllValues]
    public StepOptimizer Optimizer { get; set; }

    public static IEnumerable<int> Lengths => BenchmarkSizes.Smoke ? [BenchmarkSizes.L2] : [BenchmarkSizes.Dram4M, BenchmarkSizes.Dram16M];

    [GlobalSetup]
    public void Setup()
    {
        KernelParallelism.MaxDegreeOfParallelism = 1;
        var random = new Random(17);
        var value = new T[Length];
        var gradient = new T[Length];
        for (var i = 0; i < Length; i++)
        {
            value[i] = T.CreateTruncating(random.NextDouble() - 0.5);
            gradient[i] = T.CreateTruncating(random.NextDouble() - 0.5);
        }

        // Both optimizers update the same arrays: the two methods move the same bytes apart from the check.
        _skip = StepOptimizers.Create(Optimizer, NonFinitePolicy.Skip, [(value, gradient)]);
        _propagate = StepOptimizers.Create(Optimizer, NonFinitePolicy.Propagate, [(value, gradient)]);
    }

    /// <summary>No gradient check.</summary>
    [Benchmark(Baseline = true)]
    public StepReport Propagate() => _propagate.Step();

    /// <summary>The default policy: Σg² in double over the gradient, then the update.</summary>
    [Benchmark]
    public StepReport Skip() => _skip.Step();
}
