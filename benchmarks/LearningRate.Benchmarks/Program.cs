using BenchmarkDotNet.Running;
using LearningRate.Benchmarks;

// BenchmarkDotNet exits 0 even when a benchmark throws or the filter matches nothing;
// return non-zero then, so CI's smoke run fails loudly.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(AdamStepBenchmarks<>).Assembly).Run(args).ToArray();
var failed = summaries.Length == 0
    || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
