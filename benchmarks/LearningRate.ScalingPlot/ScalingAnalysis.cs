namespace LearningRate.ScalingPlot;

/// <summary>
/// What the scaling plot shows, computed from the results and the caches: the rows and their points,
/// the bands where the working sets fit each cache level, the stream bandwidth and each traffic's DRAM
/// roofline.
/// </summary>
/// <remarks>
/// A row's working set at n parameters is its bytes held per parameter × n; it fits a level of C bytes
/// while that is at most C, so the level ends at n = C / bytes held. With rows of different weights the
/// levels end at different sizes: a level's band runs to where the heaviest row leaves it, and a
/// transition band from there to where the lightest row leaves it. The bandwidth is the Stream row's
/// bytes moved ÷ its time per parameter at its largest size, and counts only when its working set there
/// exceeds the last cache level (otherwise it is not a DRAM figure and no roofline is drawn).
/// </remarks>
public sealed class ScalingAnalysis
{
    /// <summary>The name of the bandwidth baseline row (the benchmark's <c>ScalingRows.StreamName</c>).</summary>
    public const string StreamRow = "Stream";

    /// <param name="results">The measured cases; at least one.</param>
    /// <param name="caches">The data cache levels.</param>
    /// <exception cref="ArgumentException">There are no results.</exception>
    public ScalingAnalysis(IReadOnlyList<ScalingResult> results, CacheHierarchy caches)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(caches);
        if (results.Count == 0)
        {
            throw new ArgumentException("There are no results to plot.", nameof(results));
        }

        Caches = caches;
        Results = results;

        // Legend order: by traffic (the roofline groups), then by name; the baseline last.
        Rows = [.. results.GroupBy(r => r.Row)
            .Select(g => (Name: g.Key, g.First().BytesMoved))
            .OrderBy(r => r.Name == StreamRow)
            .ThenBy(r => r.BytesMoved)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .Select(r => r.Name)];
        MinSize = results.Min(r => r.Size);
        MaxSize = results.Max(r => r.Size);
        XMin = MinSize / Math.Sqrt(2);
        XMax = MaxSize * Math.Sqrt(2);
        var held = results.Select(r => r.BytesHeld).Distinct().ToList();
        LightestBytesHeld = held.Min();
        HeaviestBytesHeld = held.Max();
        Bands = ComputeBands(caches, LightestBytesHeld, HeaviestBytesHeld, XMin, XMax);

        var stream = results.Where(r => r.Row == StreamRow).MaxBy(r => r.Size);
        var lastCache = caches.Levels.Count > 0 ? caches.Levels[^1].Bytes : 0;
        if (stream is not null && stream.WorkingSet > lastCache)
        {
            BandwidthSize = stream.Size;
            Bandwidth = stream.BytesMoved / stream.NanosecondsPerParameter;
            Rooflines = [.. results.Where(r => r.Row != StreamRow)
                .GroupBy(r => r.BytesMoved)
                .OrderBy(g => g.Key)
                .Select(g => new ScalingRoofline(
                    g.Key,
                    g.Key / Bandwidth.Value,
                    Math.Max(XMin, lastCache / g.Min(r => r.BytesHeld)),
                    [.. Rows.Where(row => g.Any(r => r.Row == row))]))];
        }
        else
        {
            BandwidthSize = stream?.Size;
            Rooflines = [];
        }
    }

    /// <summary>Gets the data cache levels the bands are drawn from.</summary>
    public CacheHierarchy Caches { get; }

    /// <summary>Gets every measured case.</summary>
    public IReadOnlyList<ScalingResult> Results { get; }

    /// <summary>Gets the row names in legend order: by bytes moved, then by name, <see cref="StreamRow"/> last.</summary>
    public IReadOnlyList<string> Rows { get; }

    /// <summary>Gets the smallest measured size.</summary>
    public long MinSize { get; }

    /// <summary>Gets the largest measured size.</summary>
    public long MaxSize { get; }

    /// <summary>Gets the left end of the x axis: half a factor of 2 below <see cref="MinSize"/>.</summary>
    public double XMin { get; }

    /// <summary>Gets the right end of the x axis: half a factor of 2 above <see cref="MaxSize"/>.</summary>
    public double XMax { get; }

    /// <summary>Gets the smallest working set per parameter among the rows.</summary>
    public double LightestBytesHeld { get; }

    /// <summary>Gets the largest working set per parameter among the rows.</summary>
    public double HeaviestBytesHeld { get; }

    /// <summary>Gets the bands from <see cref="XMin"/> to <see cref="XMax"/>, left to right, none empty.</summary>
    public IReadOnlyList<ScalingBand> Bands { get; }

    /// <summary>Gets the stream bandwidth in GB/s (bytes per nanosecond), or null when no Stream point lies beyond the last cache.</summary>
    public double? Bandwidth { get; }

    /// <summary>Gets the size the bandwidth was measured at (the largest Stream size, also when it does not count).</summary>
    public long? BandwidthSize { get; }

    /// <summary>Gets one roofline per distinct traffic among the optimizer rows, lightest first; empty without a <see cref="Bandwidth"/>.</summary>
    public IReadOnlyList<ScalingRoofline> Rooflines { get; }

    /// <summary>Gets the points of one row, smallest size first.</summary>
    public IReadOnlyList<ScalingResult> Points(string row) => [.. Results.Where(r => r.Row == row).OrderBy(r => r.Size)];

    /// <summary>The bands of <see cref="Bands"/>: each level to where the heaviest row leaves it, then its transition to where the lightest does; DRAM after the last.</summary>
    public static IReadOnlyList<ScalingBand> ComputeBands(CacheHierarchy caches, double lightest, double heaviest, double xMin, double xMax)
    {
        ArgumentNullException.ThrowIfNull(caches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lightest);
        ArgumentOutOfRangeException.ThrowIfLessThan(heaviest, lightest);
        var bands = new List<ScalingBand>();
        var start = xMin;
        foreach (var level in caches.Levels)
        {
            var heaviestLeaves = level.Bytes / heaviest;
            var lightestLeaves = level.Bytes / lightest;
            Add(level.Name, start, heaviestLeaves, transition: false);
            Add(level.Name, Math.Max(start, heaviestLeaves), lightestLeaves, transition: true);
            start = Math.Max(start, lightestLeaves);
        }

        Add("DRAM", start, xMax, transition: false);
        return bands;

        void Add(string name, double from, double to, bool transition)
        {
            (from, to) = (Math.Max(from, xMin), Math.Min(to, xMax));
            if (to > from)
            {
                bands.Add(new ScalingBand(name, from, to, transition));
            }
        }
    }
}
