using System.Globalization;

namespace LearningRate.ScalingPlot;

/// <summary>
/// Reads BenchmarkDotNet's CSV report of the scaling benchmark: the <c>Row</c> and <c>Size</c> parameters
/// and the <c>ns/param</c>, <c>B/param moved</c> and <c>B/param held</c> columns, which the benchmark writes
/// in the invariant culture. Fields may be quoted (<c>"1,234.5 μs"</c>); the separator is the header's
/// (a comma, or a semicolon where the culture's list separator is one).
/// </summary>
public static class ScalingCsv
{
    /// <summary>The report's file name under <c>BenchmarkDotNet.Artifacts/results</c>.</summary>
    public const string FileName = "LearningRate.Benchmarks.Scaling.ScalingBenchmarks-report.csv";

    private static readonly string[] s_columns = ["Row", "Size", "ns/param", "B/param moved", "B/param held"];

    /// <summary>
    /// Parses the report. A case without a time (<c>-</c> or <c>NA</c>: it failed) is left out; when a row
    /// and size appear more than once, the fastest is kept.
    /// </summary>
    /// <exception cref="FormatException">The header lacks a column, or a field is not a number.</exception>
    public static IReadOnlyList<ScalingResult> Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            throw new FormatException("The report is empty.");
        }

        var separator = lines[0].Contains(',', StringComparison.Ordinal) ? ',' : ';';
        var header = Fields(lines[0], separator);
        var index = s_columns.Select(name => header.IndexOf(name)).ToArray();
        if (index.Any(i => i < 0))
        {
            var missing = s_columns.Where((_, k) => index[k] < 0);
            throw new FormatException($"The report has no column {string.Join(", ", missing)}: is it the ScalingBenchmarks CSV ({FileName})?");
        }

        var results = new List<ScalingResult>();
        foreach (var line in lines.Skip(1))
        {
            var fields = Fields(line, separator);
            if (fields.Count != header.Count)
            {
                throw new FormatException($"A line has {fields.Count} fields, the header {header.Count}: {line}");
            }

            var ns = fields[index[2]];
            if (ns is "-" or "NA" or "")
            {
                continue;
            }

            results.Add(new ScalingResult(
                fields[index[0]],
                (long)Number(fields[index[1]], "Size"),
                Number(ns, "ns/param"),
                Number(fields[index[3]], "B/param moved"),
                Number(fields[index[4]], "B/param held")));
        }

        return [.. results.GroupBy(r => (r.Row, r.Size)).Select(g => g.MinBy(r => r.NanosecondsPerParameter)!)];
    }

    private static double Number(string field, string column) =>
        double.TryParse(field, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0
            ? value
            : throw new FormatException($"{column} is '{field}', not a positive number.");

    /// <summary>Splits one line at <paramref name="separator"/>, outside double quotes; <c>""</c> inside quotes is one quote.</summary>
    private static List<string> Fields(string line, char separator)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
