using BenchmarkDotNet.Running;
using LearningRate.Benchmarks.Infrastructure;

// A smoke run (--job Dry) runs every benchmark once: use the small sizes so it stays fast.
var jobArgument = args.Select((a, i) => (a, i)).FirstOrDefault(x => x.a is "--job" or "-j");
var job = jobArgument.a is null || jobArgument.i + 1 >= args.Length ? null : args[jobArgument.i + 1];
BenchmarkSizes.Smoke = string.Equals(job, "Dry", StringComparison.OrdinalIgnoreCase);

// Unless the command line names a job, every run uses a short job so the whole suite takes minutes:
// the comparisons are ratios within one run, where same-run pairs matter more than long runs.
// (Given as arguments rather than a config job so that --inProcess and the like apply to it;
// any of them given on the command line wins.)
if (job is null)
{
    string[][] defaults =
    [
        ["--launchCount", "1"],
        ["--warmupCount", "3"],
        ["--iterationCount", "7"],
        ["--iterationTime", "100"],
        ["--noOverheadEvaluation"],
    ];
    args = [.. args, .. defaults.Where(d => !args.Contains(d[0], StringComparer.OrdinalIgnoreCase)).SelectMany(d => d)];
}

// BenchmarkDotNet exits 0 even when a benchmark throws or the filter matches nothing;
// return non-zero then, so CI's smoke run fails loudly.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkSizes).Assembly)
    .Run(args, SuiteConfig.Create())
    .ToArray();
var failed = summaries.Length == 0
    || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
