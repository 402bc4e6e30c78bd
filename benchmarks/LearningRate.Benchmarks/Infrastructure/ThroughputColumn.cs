using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// Throughput from the <c>Length</c> parameter: nanoseconds per element, or the GB/s of the
/// configuration's required traffic (the <see cref="TrafficAttribute"/> of its <c>Variant</c>
/// parameter, or the traffic a catalogue row declares), whatever extra traffic a method causes
/// (MathNet's temporaries count for nothing).
/// </summary>
public sealed class ThroughputColumn(bool gigabytesPerSecond) : IColumn
{
    public string Id => nameof(ThroughputColumn) + (gigabytesPerSecond ? ".GBps" : ".ns");

    public string ColumnName => gigabytesPerSecond ? "GB/s" : "ns/elem";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => gigabytesPerSecond
        ? "Required bytes (arrays read + arrays written, per element) moved per nanosecond, fastest iteration"
        : "Time per element in nanoseconds, fastest iteration";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Length(c) is not null);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var fastest = RelativeColumn.Fastest(summary, benchmarkCase);
        if (fastest is not > 0 || Length(benchmarkCase) is not { } length)
        {
            return "-";
        }

        if (!gigabytesPerSecond)
        {
            return (fastest.Value / length).ToString("0.000", style.CultureInfo);
        }

        var traffic = benchmarkCase.Parameters.Items.Select(p => TrafficAttribute.Of(p.Value)).FirstOrDefault(t => t is not null);
        if (traffic is null)
        {
            return "-";
        }

        var type = benchmarkCase.Descriptor.Type;
        var elementSize = type.IsGenericType && type.GetGenericArguments()[0] == typeof(float) ? 4 : 8;
        var bytes = length * traffic.BytesPerElement(elementSize);
        return (bytes / fastest.Value).ToString("0.0", style.CultureInfo);
    }

    public override string ToString() => ColumnName;

    private static int? Length(BenchmarkCase c) => c.Parameters.Items.FirstOrDefault(p => p.Name == "Length")?.Value as int?;
}
