using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>
/// The multi-core path against one core: one Adam update of large spans, with every core the
/// machine has (<see cref="KernelParallelism.MinimumLength"/> lowered to 1 so every length here
/// takes that path) and with one, next to the one-core roofline.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class ParallelBenchmarks<T> : KernelBenchmark<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AdamOptions _options = new() { LearningRate = 1e-3 };

    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    [Params(AdamVariant.Adam)]
    public AdamVariant Variant { get; set; }

    public static IEnumerable<int> Lengths => BenchmarkSizes.Large;

    [GlobalSetup]
    public void Setup() => Allocate(Length, 2);

    [GlobalCleanup]
    public void Cleanup()
    {
        KernelParallelism.MaxDegreeOfParallelism = 1;
        KernelParallelism.MinimumLength = 1 << 20;
    }

    [Benchmark(Baseline = true)]
    public void OneCore()
    {
        KernelParallelism.MaxDegreeOfParallelism = 1;
        AdamKernel.Update<T>(P, G, S0, S1, default, AdamBenchmarks<T>.ScalarsOf(_options, ++StepNumber));
    }

    [Benchmark]
    public void AllCores()
    {
        KernelParallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;
        KernelParallelism.MinimumLength = 1;
        AdamKernel.Update<T>(P, G, S0, S1, default, AdamBenchmarks<T>.ScalarsOf(_options, ++StepNumber));
    }

    [Benchmark]
    public void Roofline() => Infrastructure.Roofline.Update<T>(P, G, S0, S1);
}
