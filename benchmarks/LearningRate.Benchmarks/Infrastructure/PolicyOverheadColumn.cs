using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// On a <c>Skip</c> row: <c>min(Skip) / min(Propagate)</c> at the same parameters (measured), or, with
/// <paramref name="floor"/>, the byte floor of the gradient check, <c>(reads + writes + 1) / (reads + writes)</c>
/// with the traffic of the row's <c>Optimizer</c> (<see cref="TrafficAttribute"/>): what one more read of g costs
/// when every byte moves at the same speed.
/// </summary>
public sealed class PolicyOverheadColumn(bool floor) : IColumn
{
    public string Id => nameof(PolicyOverheadColumn) + (floor ? ".floor" : ".measured");

    public string ColumnName => floor ? "byte floor" : "Skip/Propagate";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 3;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => floor
        ? "Step bytes with the gradient check over step bytes without it (one more read of g)"
        : "Fastest Skip iteration over the fastest Propagate iteration at the same parameters";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.WorkloadMethod.Name == "Propagate");

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Descriptor.WorkloadMethod.Name != "Skip")
        {
            return "-";
        }

        if (floor)
        {
            var traffic = benchmarkCase.Parameters.Items.Select(p => TrafficAttribute.Of(p.Value)).FirstOrDefault(t => t is not null);
            var bytes = traffic is null ? 0 : traffic.Reads + traffic.Writes;
            return bytes == 0 ? "-" : ((bytes + 1.0) / bytes).ToString("0.000", style.CultureInfo);
        }

        var key = Key(benchmarkCase);
        var propagate = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type && c.Descriptor.WorkloadMethod.Name == "Propagate" && Key(c) == key);
        var mine = RelativeColumn.Fastest(summary, benchmarkCase);
        var theirs = propagate is null ? null : RelativeColumn.Fastest(summary, propagate);
        return mine is > 0 && theirs is > 0 ? (mine.Value / theirs.Value).ToString("0.000", style.CultureInfo) : "-";
    }

    public override string ToString() => ColumnName;

    private static string Key(BenchmarkCase c) =>
        c.Job.DisplayInfo + "|" + string.Join(";", c.Parameters.Items.Select(p => p.Name + "=" + p.Value));
}
