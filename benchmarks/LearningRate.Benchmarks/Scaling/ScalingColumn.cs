using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LearningRate.Benchmarks.Scaling;

/// <summary>What a <see cref="ScalingColumn"/> shows.</summary>
public enum ScalingColumnKind
{
    /// <summary>Fastest iteration ÷ parameters, in nanoseconds.</summary>
    NanosecondsPerParameter,

    /// <summary>The row's bytes read + written per parameter.</summary>
    BytesMoved,

    /// <summary>The row's bytes read per parameter: its working set.</summary>
    BytesHeld,
}

/// <summary>
/// The scaling plot's inputs as columns of the results (and so of the CSV export the plot tool reads):
/// ns per parameter and the row's bytes per parameter, written with the invariant culture and enough
/// digits for a log scale.
/// </summary>
public sealed class ScalingColumn(ScalingColumnKind kind) : IColumn
{
    public string Id => nameof(ScalingColumn) + "." + kind;

    public string ColumnName => kind switch
    {
        ScalingColumnKind.NanosecondsPerParameter => "ns/param",
        ScalingColumnKind.BytesMoved => "B/param moved",
        _ => "B/param held",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        ScalingColumnKind.NanosecondsPerParameter => "Time per parameter in nanoseconds, fastest iteration",
        ScalingColumnKind.BytesMoved => "Bytes read and written per parameter by one step (the roofline's traffic)",
        _ => "Bytes read per parameter by one step: the working set that must fit a cache level",
    };

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Row(c) is not null);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (Row(benchmarkCase) is not { } row || Size(benchmarkCase) is not { } size)
        {
            return "-";
        }

        return kind switch
        {
            ScalingColumnKind.NanosecondsPerParameter => summary[benchmarkCase]?.ResultStatistics?.Min is > 0 and var fastest
                ? (fastest / size).ToString("G5", CultureInfo.InvariantCulture)
                : "-",
            ScalingColumnKind.BytesMoved => row.BytesMoved.ToString(CultureInfo.InvariantCulture),
            _ => row.BytesRead.ToString(CultureInfo.InvariantCulture),
        };
    }

    public override string ToString() => ColumnName;

    private static ScalingRow? Row(BenchmarkCase c) => c.Parameters.Items.FirstOrDefault(p => p.Name == "Row")?.Value as ScalingRow;

    private static int? Size(BenchmarkCase c) => c.Parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value as int?;
}
