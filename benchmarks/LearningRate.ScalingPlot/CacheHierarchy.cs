using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LearningRate.ScalingPlot;

/// <summary>
/// The data caches one core sees, smallest first, and where the sizes came from: Linux's
/// <c>/sys/devices/system/cpu/cpu0/cache</c>, else glibc's <c>getconf</c> (which asks CPUID; some virtual
/// machines have no cache directory in /sys), else sizes given on the command line.
/// </summary>
/// <remarks>
/// The sizes are what the system reports. A virtual machine may report the whole socket's L3 where one
/// core can use only its complex's share: pass <c>--cache</c> with the real sizes then, and the caption says so.
/// </remarks>
public sealed partial class CacheHierarchy
{
    /// <summary>The directory Linux describes cpu0's caches in.</summary>
    public const string SysfsDirectory = "/sys/devices/system/cpu/cpu0/cache";

    /// <param name="levels">The data cache levels, in any order; sorted by size.</param>
    /// <param name="source">Where the sizes came from, for the caption.</param>
    public CacheHierarchy(IEnumerable<CacheLevel> levels, string source)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Levels = [.. levels.OrderBy(l => l.Bytes)];
        Source = source;
    }

    /// <summary>Gets the data cache levels, smallest first.</summary>
    public IReadOnlyList<CacheLevel> Levels { get; }

    /// <summary>Gets where the sizes came from.</summary>
    public string Source { get; }

    /// <summary>Gets the caption's description, e.g. <c>L1d 48 KiB, L2 1 MiB, L3 32 MiB (from getconf)</c>.</summary>
    public string Description => Levels.Count == 0
        ? $"no cache sizes ({Source})"
        : $"{string.Join(", ", Levels.Select(l => $"{l.Name} {l.Size}"))} ({Source})";

    /// <summary>
    /// The caches of this machine: <paramref name="sysfs"/> when it lists any data cache, else <c>getconf -a</c>;
    /// empty when neither answers.
    /// </summary>
    public static CacheHierarchy Detect(string sysfs = SysfsDirectory)
    {
        var fromSysfs = FromSysfs(sysfs);
        if (fromSysfs.Levels.Count > 0)
        {
            return fromSysfs;
        }

        try
        {
            var start = new ProcessStartInfo("getconf", "-a") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return FromGetconf(output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new CacheHierarchy([], "no " + sysfs + " and no getconf");
        }
    }

    /// <summary>
    /// Reads <c>index*/level</c>, <c>type</c> and <c>size</c> (e.g. <c>48K</c>) under <paramref name="directory"/>;
    /// instruction caches are left out, and of two data caches of one level the first index is kept.
    /// </summary>
    public static CacheHierarchy FromSysfs(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var levels = new Dictionary<int, CacheLevel>();
        if (Directory.Exists(directory))
        {
            foreach (var index in Directory.GetDirectories(directory, "index*").Order(StringComparer.Ordinal))
            {
                string Read(string name) => File.Exists(Path.Combine(index, name)) ? File.ReadAllText(Path.Combine(index, name)).Trim() : string.Empty;
                if (!int.TryParse(Read("level"), NumberStyles.None, CultureInfo.InvariantCulture, out var level)
                    || Read("type") is not ("Data" or "Unified")
                    || ParseSize(Read("size")) is not { } bytes
                    || levels.ContainsKey(level))
                {
                    continue;
                }

                levels[level] = new CacheLevel(level == 1 ? "L1d" : $"L{level}", bytes);
            }
        }

        return new CacheHierarchy(levels.Values, "from " + directory);
    }

    /// <summary>Reads the <c>LEVELn_DCACHE_SIZE</c> / <c>LEVELn_CACHE_SIZE</c> lines of <c>getconf -a</c>'s output; empty or zero sizes are left out.</summary>
    public static CacheHierarchy FromGetconf(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var levels = new List<CacheLevel>();
        foreach (Match match in GetconfLine().Matches(output))
        {
            var level = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var bytes = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (bytes > 0)
            {
                levels.Add(new CacheLevel(level == 1 ? "L1d" : $"L{level}", bytes));
            }
        }

        return new CacheHierarchy(levels, "from getconf");
    }

    /// <summary>Reads sizes given as <c>L1d=48K,L2=1M,L3=32M</c> (K, M, G binary; plain bytes too).</summary>
    /// <exception cref="FormatException">An entry is not <c>name=size</c>.</exception>
    public static CacheHierarchy FromArgument(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var levels = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var parts = entry.Split('=', StringSplitOptions.TrimEntries);
            return parts.Length == 2 && parts[0].Length > 0 && ParseSize(parts[1]) is { } bytes
                ? new CacheLevel(parts[0], bytes)
                : throw new FormatException($"--cache: '{entry}' is not name=size, e.g. L2=1M.");
        });
        return new CacheHierarchy(levels, "given on the command line");
    }

    /// <summary>Reads <c>48K</c>, <c>1M</c>, <c>1G</c> (binary) or a plain byte count; null if it is none of these.</summary>
    public static long? ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var unit = text.Length == 0 ? 1 : char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            _ => 1,
        };
        var digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count * unit : null;
    }

    [GeneratedRegex(@"^LEVEL(\d)_(?:D?CACHE)_SIZE\s+(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex GetconfLine();
}
