using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// How fast a benchmark is compared with another method of the same class at the same parameters
/// and job: <c>min(reference) / min(this)</c>, from the fastest iteration of each (on a shared
/// machine the fastest iteration is the one other processes disturbed least). Against the roofline this is the fraction of the
/// memory-bandwidth limit reached; against the scalar loop or MathNet it is the speed-up.
/// </summary>
public sealed class RelativeColumn(string columnName, string referenceMethod, string legend) : IColumn
{
    public string Id => nameof(RelativeColumn) + "." + referenceMethod;

    public string ColumnName => columnName;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.WorkloadMethod.Name == referenceMethod);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var key = Key(benchmarkCase);
        var reference = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type
            && c.Descriptor.WorkloadMethod.Name == referenceMethod
            && Key(c) == key);
        var mine = Fastest(summary, benchmarkCase);
        var theirs = reference is null ? null : Fastest(summary, reference);
        return mine is > 0 && theirs is > 0 ? (theirs.Value / mine.Value).ToString("0.00", style.CultureInfo) : "-";
    }

    public override string ToString() => ColumnName;

    internal static double? Fastest(Summary summary, BenchmarkCase benchmarkCase) => summary[benchmarkCase]?.ResultStatistics?.Min;

    private static string Key(BenchmarkCase c) =>
        c.Job.DisplayInfo + "|" + string.Join(";", c.Parameters.Items.Select(p => p.Name + "=" + p.Value));
}
