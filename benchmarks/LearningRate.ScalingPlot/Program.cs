using LearningRate.ScalingPlot;

// Draws docs/plots/scaling.svg from the CSV report of the scaling benchmark.
//   dotnet run -c Release --project benchmarks/LearningRate.ScalingPlot -- [--results <csv>] [--output <svg>] [--cache L1d=48K,L2=1M,L3=32M] [--sysfs <dir>]
// Defaults: the report under ./BenchmarkDotNet.Artifacts/results (where the benchmark run from the repository root writes it),
// docs/plots/scaling.svg, and the cache sizes this machine reports (/sys, else getconf).
string? results = null, output = null, cache = null, sysfs = null;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--results" when value is not null:
            results = value;
            break;
        case "--output" when value is not null:
            output = value;
            break;
        case "--cache" when value is not null:
            cache = value;
            break;
        case "--sysfs" when value is not null:
            sysfs = value;
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: [--results <csv>] [--output <svg>] [--cache L1d=48K,L2=1M,L3=32M] [--sysfs <dir>]");
            return 2;
    }

    i++;
}

results ??= Path.Combine("BenchmarkDotNet.Artifacts", "results", ScalingCsv.FileName);
output ??= Path.Combine(FindRepositoryRoot(), "docs", "plots", "scaling.svg");
if (!File.Exists(results))
{
    Console.Error.WriteLine($"No results at {Path.GetFullPath(results)}: run the scaling benchmark first (docs/performance.md, Scaling with size).");
    return 1;
}

var caches = cache is not null ? CacheHierarchy.FromArgument(cache) : CacheHierarchy.Detect(sysfs ?? CacheHierarchy.SysfsDirectory);
var analysis = new ScalingAnalysis(ScalingCsv.Parse(File.ReadAllText(results)), caches);
ScalingChart.Write(analysis, output);
foreach (var line in ScalingChart.Caption(analysis))
{
    Console.WriteLine(line);
}

Console.WriteLine($"{analysis.Rows.Count} rows, {analysis.Results.Count} points -> {output}");
return 0;

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "LearningRate.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("LearningRate.sln not found above " + Directory.GetCurrentDirectory() + "; pass --output.");
}
