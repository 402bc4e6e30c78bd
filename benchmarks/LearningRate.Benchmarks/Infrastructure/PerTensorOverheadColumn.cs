using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// The cost per tensor beyond the arithmetic: <c>(min(this) − min(its one-tensor counterpart)) / Tensors</c>, in
/// nanoseconds, where the counterpart updates the same number of elements as one parameter: a method named
/// <c>ManyTensors…</c> against <c>OneTensor…</c> (same suffix), <c>ManyKernelCalls</c> against <c>OneKernelCall</c>.
/// </summary>
public sealed class PerTensorOverheadColumn : IColumn
{
    public string Id => nameof(PerTensorOverheadColumn);

    public string ColumnName => "ns/tensor over OneTensor";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 2;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Per-tensor overhead: (fastest iteration − OneTensor's fastest) / Tensors, in ns";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Tensors(c) is not null);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (Tensors(benchmarkCase) is not { } tensors)
        {
            return "-";
        }

        var method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        var counterpart = method.StartsWith("ManyTensors", StringComparison.Ordinal) ? "OneTensor" + method["ManyTensors".Length..]
            : method == "ManyKernelCalls" ? "OneKernelCall"
            : null;
        if (counterpart is null)
        {
            return "-";
        }

        var key = Key(benchmarkCase);
        var one = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type && c.Descriptor.WorkloadMethod.Name == counterpart && Key(c) == key);
        var mine = RelativeColumn.Fastest(summary, benchmarkCase);
        var theirs = one is null ? null : RelativeColumn.Fastest(summary, one);
        return mine is > 0 && theirs is > 0 ? ((mine.Value - theirs.Value) / tensors).ToString("0.0", style.CultureInfo) : "-";
    }

    public override string ToString() => ColumnName;

    private static int? Tensors(BenchmarkCase c) => c.Parameters.Items.FirstOrDefault(p => p.Name == "Tensors")?.Value as int?;

    private static string Key(BenchmarkCase c) =>
        c.Job.DisplayInfo + "|" + string.Join(";", c.Parameters.Items.Select(p => p.Name + "=" + p.Value));
}
