using System.Globalization;
using LearningRate.Benchmarks.Infrastructure;

namespace LearningRate.Benchmarks.Scaling;

/// <summary>
/// The tensor sizes of the scaling benchmark: 1K to 256M parameters (binary: 1K = 1,024), a factor
/// of 4 apart, so that every cache level and DRAM gets at least two points.
/// </summary>
/// <remarks>
/// <c>LEARNINGRATE_BENCH_SIZES</c> picks a subset: <c>cache</c> (1K–1M), <c>dram</c> (4M–256M), <c>full</c>
/// (all, even in a smoke run), or a comma-separated list such as <c>1K,64K,16M</c> (K = 1,024,
/// M = 1,048,576; plain numbers too). A smoke run (<c>--job Dry</c>) measures 1K only unless the
/// variable says otherwise.
/// </remarks>
public static class ScalingSizes
{
    /// <summary>Gets every size, smallest first.</summary>
    public static IReadOnlyList<int> All { get; } = [.. Enumerable.Range(0, 10).Select(k => 1024 << (2 * k))];

    /// <summary>Gets the sizes to run.</summary>
    public static IEnumerable<int> Selected => Environment.GetEnvironmentVariable("LEARNINGRATE_BENCH_SIZES")?.Trim().ToLowerInvariant() switch
    {
        null or "" => BenchmarkSizes.Smoke ? [All[0]] : All,
        "full" => All,
        "cache" => All.Where(n => n <= 1 << 20),
        "dram" => All.Where(n => n >= 4 << 20),
        var list => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parse),
    };

    /// <summary>Reads <c>1K</c>, <c>16M</c> or a plain count.</summary>
    /// <exception cref="ArgumentException">The text is not a positive count that fits an array.</exception>
    public static int Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var unit = text.EndsWith('k') || text.EndsWith('K') ? 1L << 10 : text.EndsWith('m') || text.EndsWith('M') ? 1L << 20 : 1;
        var digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 && count * unit <= Array.MaxLength
            ? (int)(count * unit)
            : throw new ArgumentException($"LEARNINGRATE_BENCH_SIZES: '{text}' is not a size such as 1K, 16M or 4096 (or cache, dram, full).", nameof(text));
    }
}
