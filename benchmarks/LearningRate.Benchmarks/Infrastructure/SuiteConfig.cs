using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// The configuration of every run: MemoryDiagnoser and the relative and throughput columns.
/// </summary>
public static class SuiteConfig
{
    public static IConfig Create()
    {
        return ManualConfig.Create(DefaultConfig.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(
                StatisticColumn.Min,
                StatisticColumn.Median,
                new RelativeColumn("xScalar", "Scalar", "Speed-up over the naive scalar loop (min(Scalar) / min)"),
                new RelativeColumn("xMathNet", "MathNet", "Speed-up over the same update in MathNet.Numerics vector operations"),
                new RelativeColumn("ofRoofline", "Roofline", "Fraction of the same-traffic roofline reached (min(Roofline) / min)"),
                new ThroughputColumn(gigabytesPerSecond: true),
                new ThroughputColumn(gigabytesPerSecond: false),
                new PerTensorOverheadColumn(),
                new PolicyOverheadColumn(floor: false),
                new PolicyOverheadColumn(floor: true));
    }
}
