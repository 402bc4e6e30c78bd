namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// The span lengths every kernel benchmark runs at. None is a multiple of a vector width, so the
/// scalar tail always runs. For Adam in float (16 bytes of data and state per element) they sit in
/// L1/L2 (4,099 → 64 KB; L1 is 48 KB, L2 1 MB per core here), L2 (16,387 → 256 KB), L3 (262,147 → 4 MB)
/// and DRAM (4,194,307 → 64 MB; 16,777,219 → 256 MB).
/// </summary>
/// <remarks>
/// A smoke run (<c>--job Dry</c>, as CI does) runs every benchmark once; 16M-element arrays would
/// spend the smoke budget allocating, so <see cref="Smoke"/> switches to small lengths that still
/// cover the vector body and the tail. <c>LEARNINGRATE_BENCH_SIZES</c> picks a subset: <c>cache</c>
/// (4,099; 262,147), <c>dram</c> (4,194,307; 16,777,219), or <c>full</c> (all, even in a smoke run).
/// </remarks>
public static class BenchmarkSizes
{
    public const int L1 = 1_027;
    public const int L2a = 4_099;
    public const int L2 = 16_387;
    public const int L3 = 262_147;
    public const int Dram4M = 4_194_307;
    public const int Dram16M = 16_777_219;

    /// <summary>Gets or sets a value indicating whether this is a smoke run (set by Program from the arguments).</summary>
    public static bool Smoke { get; set; }

    /// <summary>Gets the lengths of the per-optimizer kernel benchmarks.</summary>
    public static IEnumerable<int> Kernel => Selection switch
    {
        "full" => [L2a, L2, L3, Dram4M, Dram16M],
        "cache" => [L2a, L3],
        "dram" => [Dram4M, Dram16M],
        _ => Smoke ? [L1] : [L2a, L2, L3, Dram4M, Dram16M],
    };

    /// <summary>Gets the lengths of the single-core against multi-core comparison.</summary>
    public static IEnumerable<int> Large => Smoke && Selection != "full" ? [L2] : [L3, 1_048_579, Dram4M, Dram16M];

    /// <summary>Gets the lengths of the abstraction-cost comparison (in cache and in DRAM).</summary>
    public static IEnumerable<int> Abstraction => Selection switch
    {
        "cache" => [L2a],
        "dram" => [Dram16M],
        "full" => [L2a, Dram16M],
        _ => Smoke ? [L1] : [L2a, Dram16M],
    };

    private static string? Selection => Environment.GetEnvironmentVariable("LEARNINGRATE_BENCH_SIZES")?.ToLowerInvariant();
}
