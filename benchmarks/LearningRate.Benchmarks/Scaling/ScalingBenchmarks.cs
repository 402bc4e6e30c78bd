using System.Runtime;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LearningRate.Kernels;

namespace LearningRate.Benchmarks.Scaling;

/// <summary>
/// One <c>Step()</c> of each optimizer on a single float tensor of 1K to 256M parameters, on one core, and
/// the Stream baseline at the same sizes: ns per parameter from L1 to DRAM. The results' CSV
/// (<c>BenchmarkDotNet.Artifacts/results/LearningRate.Benchmarks.Scaling.ScalingBenchmarks-report.csv</c>)
/// is the input of <c>benchmarks/LearningRate.ScalingPlot</c>, which draws docs/plots/scaling.svg.
/// </summary>
/// <remarks>
/// Each case allocates its arrays once, in <see cref="Setup"/> (256M parameters of Adam: θ, g, m and v,
/// 4 GB), and <see cref="Cleanup"/> releases them before the next case starts, so in-process runs never
/// hold two sizes. The job is the suite's default (3 warm-up and 7 measured iterations of at least
/// 100 ms): BenchmarkDotNet's pilot calls a small step hundreds of thousands of times per iteration and
/// a 256M step once.
/// </remarks>
[Config(typeof(ScalingConfig))]
public class ScalingBenchmarks
{
    private Action? _step;

    [ParamsSource(nameof(Rows))]
    public ScalingRow Row { get; set; } = null!;

    /// <summary>Gets or sets the number of parameters, all in one tensor.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    public static IEnumerable<ScalingRow> Rows => ScalingRows.Selected;

    public static IEnumerable<int> Sizes => ScalingSizes.Selected;

    [GlobalSetup]
    public void Setup()
    {
        KernelParallelism.MaxDegreeOfParallelism = 1;
        _step = Row.Setup(Size);
    }

    /// <summary>One step of the row over all <see cref="Size"/> parameters.</summary>
    [Benchmark]
    public void Step() => _step!();

    /// <summary>Drops the case's arrays and state (the state arenas are native memory, freed by their finalizers).</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _step = null;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>The columns the plot reads: ns/param and the row's bytes per parameter.</summary>
    private sealed class ScalingConfig : ManualConfig
    {
        public ScalingConfig() => AddColumn(
            new ScalingColumn(ScalingColumnKind.NanosecondsPerParameter),
            new ScalingColumn(ScalingColumnKind.BytesMoved),
            new ScalingColumn(ScalingColumnKind.BytesHeld));
    }
}
