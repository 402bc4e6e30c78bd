using System.Globalization;
using LearningRate.ScalingPlot;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Docs;

/// <summary>
/// The scaling plot tool (benchmarks/LearningRate.ScalingPlot) on synthetic BenchmarkDotNet output: it reads
/// the CSV report and the cache sizes, places the cache bands and the DRAM rooflines where the working sets
/// and the Stream bandwidth put them, and draws an SVG whose text fits.
/// </summary>
public class ScalingPlotTests
{
    private const long K = 1 << 10, M = 1 << 20;

    // BenchmarkDotNet's header (job columns shortened to two) and its quoting of times with a thousands separator.
    private const string Header = "Method,Job,InvocationCount,Row,Size,Mean,Error,Min,Median,ns/param,B/param moved,B/param held,Allocated";

    private static readonly CacheHierarchy s_caches = new([new("L1d", 48 * K), new("L2", 1 * M), new("L3", 32 * M)], "test");

    [Fact]
    public void Parse_ReadsRowSizeAndTheScalingColumns_SkipsFailedCases_KeepsTheFastestDuplicate()
    {
        var csv = string.Join(
            "\r\n",
            Header,
            "Step,Dry,1,Adam,1024,\"1,127.1 ns\",816.1 ns,497.6 ns,\"1,273.6 ns\",0.48596,28,16,0 B",
            "Step,Dry,1,Adam,16777216,\"29,939,929.8 ns\",NA,\"27,279,356.8 ns\",\"29,144,595.0 ns\",1.626,28,16,996 B",
            "Step,Dry,1,Sgd,1024,NA,NA,NA,NA,-,12,8,NA",
            "Step,Short,1,Adam,1024,\"1,000.0 ns\",1 ns,400.0 ns,\"1,000.0 ns\",0.39,28,16,0 B",
            "Step,Dry,1,\"Adam \"\"8-bit\"\", v2\",1024,1 ns,1 ns,1 ns,1 ns,1.5E-02,13.5,8.25,0 B",
            string.Empty);

        var results = ScalingCsv.Parse(csv);

        results.Should().BeEquivalentTo(new ScalingResult[]
        {
            new("Adam", 1024, 0.39, 28, 16),
            new("Adam", 16_777_216, 1.626, 28, 16),
            new("Adam \"8-bit\", v2", 1024, 0.015, 13.5, 8.25),
        });
    }

    [Fact]
    public void Parse_ReadsASemicolonSeparatedReport()
    {
        var csv = Header.Replace(',', ';') + "\nStep;Dry;1;Rprop;4096;\"1.5 us\";1 ns;1 ns;1 ns;0.25;28;16;0 B\n";

        ScalingCsv.Parse(csv).Should().Equal(new ScalingResult("Rprop", 4096, 0.25, 28, 16));
    }

    [Fact]
    public void Parse_AReportWithoutTheScalingColumns_ThrowsNamingThem()
    {
        var csv = "Method,Job,Length,Mean,ns/elem\nKernel,Dry,4099,1 ns,0.1\n";

        var parse = () => ScalingCsv.Parse(csv);

        parse.Should().Throw<FormatException>().WithMessage("*Row, Size, ns/param, B/param moved, B/param held*");
    }

    [Fact]
    public void FromSysfs_ReadsDataAndUnifiedCaches_LeavesOutTheInstructionCache()
    {
        var directory = Directory.CreateTempSubdirectory("learningrate-cache-");
        try
        {
            WriteIndex(directory.FullName, 0, 1, "Data", "48K");
            WriteIndex(directory.FullName, 1, 1, "Instruction", "32K");
            WriteIndex(directory.FullName, 2, 2, "Unified", "1024K");
            WriteIndex(directory.FullName, 3, 3, "Unified", "32768K");

            var caches = CacheHierarchy.FromSysfs(directory.FullName);

            caches.Levels.Should().Equal(new CacheLevel("L1d", 49_152), new CacheLevel("L2", 1_048_576), new CacheLevel("L3", 33_554_432));
            caches.Description.Should().Be($"L1d 48 KiB, L2 1 MiB, L3 32 MiB (from {directory.FullName})");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void FromGetconf_ReadsTheDataCacheSizes_LeavesOutInstructionAndEmptyLevels()
    {
        // getconf -a on the development VM (no cache directory under /sys there).
        const string Output = """
            LEVEL1_ICACHE_SIZE                 32768
            LEVEL1_ICACHE_ASSOC                
            LEVEL1_DCACHE_SIZE                 49152
            LEVEL1_DCACHE_ASSOC                12
            LEVEL2_CACHE_SIZE                  1048576
            LEVEL2_CACHE_LINESIZE              64
            LEVEL3_CACHE_SIZE                  532676608
            LEVEL4_CACHE_SIZE                  
            """;

        var caches = CacheHierarchy.FromGetconf(Output);

        caches.Levels.Should().Equal(new CacheLevel("L1d", 49_152), new CacheLevel("L2", 1_048_576), new CacheLevel("L3", 532_676_608));
        caches.Description.Should().Be("L1d 48 KiB, L2 1 MiB, L3 508 MiB (from getconf)");
    }

    [Fact]
    public void FromArgument_ReadsNamedSizes_AndRejectsAnEntryWithoutASize()
    {
        CacheHierarchy.FromArgument("L3=32M, L1d=48K,L2=1048576").Levels
            .Should().Equal(new CacheLevel("L1d", 49_152), new CacheLevel("L2", 1_048_576), new CacheLevel("L3", 33_554_432));

        var parse = () => CacheHierarchy.FromArgument("L1d=48K,L2");

        parse.Should().Throw<FormatException>().WithMessage("*'L2'*");
    }

    [Fact]
    public void ComputeBands_EndsEachLevelWhereTheHeaviestRowLeavesIt_AndItsTransitionWhereTheLightestDoes()
    {
        // 48 KiB / 16 B = 3,072 and / 8 B = 6,144 parameters; 1 MiB: 65,536 and 131,072; 32 MiB: 2M and 4M.
        var (xMin, xMax) = (1024 / Math.Sqrt(2), 256 * M * Math.Sqrt(2));

        var bands = ScalingAnalysis.ComputeBands(s_caches, lightest: 8, heaviest: 16, xMin, xMax);

        bands.Should().Equal(
            new ScalingBand("L1d", xMin, 3_072, false),
            new ScalingBand("L1d", 3_072, 6_144, true),
            new ScalingBand("L2", 6_144, 65_536, false),
            new ScalingBand("L2", 65_536, 131_072, true),
            new ScalingBand("L3", 131_072, 2_097_152, false),
            new ScalingBand("L3", 2_097_152, 4_194_304, true),
            new ScalingBand("DRAM", 4_194_304, xMax, false));
    }

    [Fact]
    public void ComputeBands_ClipsToTheAxis_AndDropsBandsOutsideIt()
    {
        // From 16K to 1M parameters of 16 bytes: past L1 (3,072) before the axis starts, past L2 (65,536) within it.
        var bands = ScalingAnalysis.ComputeBands(s_caches, lightest: 16, heaviest: 16, 16 * K, 1 * M);

        bands.Should().Equal(new ScalingBand("L2", 16 * K, 65_536, false), new ScalingBand("L3", 65_536, 1 * M, false));
    }

    [Fact]
    public void Analysis_TakesTheBandwidthFromTheLargestStreamPoint_AndDrawsOneRooflinePerTraffic()
    {
        // Stream: 28 B/param in 0.5 ns at 256M parameters (4 GiB, beyond L3) = 56 GB/s.
        var analysis = new ScalingAnalysis(Grid(), s_caches);

        analysis.Bandwidth.Should().BeApproximately(56, 1e-12);
        analysis.BandwidthSize.Should().Be(256 * M);
        analysis.Rows.Should().Equal("Sgd", "AdaGrad", "Momentum", "Adam", "Rprop", "Stream");
        analysis.Rooflines.Should().BeEquivalentTo(
            new ScalingRoofline[]
            {
                new(12, 12 / 56.0, 32 * M / 8.0, ["Sgd"]),
                new(20, 20 / 56.0, 32 * M / 12.0, ["AdaGrad", "Momentum"]),
                new(28, 28 / 56.0, 32 * M / 16.0, ["Adam", "Rprop"]),
            },
            options => options.WithStrictOrdering().Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-9)).WhenTypeIs<double>());
    }

    [Fact]
    public void Analysis_WithoutAStreamPointBeyondTheLastCache_DrawsNoRoofline_AndTheCaptionSaysWhy()
    {
        var analysis = new ScalingAnalysis([.. Grid().Where(r => r.Size <= 1 * M)], s_caches);

        analysis.Bandwidth.Should().BeNull();
        analysis.Rooflines.Should().BeEmpty();
        ScalingChart.Caption(analysis).Should().Contain("No DRAM roofline: the largest Stream size (1M) fits the last cache level.");
    }

    [Fact]
    public void Render_DrawsEveryRowTheBandsTheRooflinesAndTheCaption()
    {
        var svg = ScalingChart.Render(new ScalingAnalysis(Grid(), s_caches));

        svg.Should().StartWith("<?xml");
        foreach (var text in new[] { "Sgd (12 B/param)", "Momentum (20 B/param)", "Adam (28 B/param)", "Stream (28 B/param)", "DRAM roofline, 20 B/param", "L1d 48 KiB", "L2 1 MiB", "L3 32 MiB", ">DRAM<", "56.0 GB/s", "1K to 256M parameters", ">256M<" })
        {
            svg.Should().Contain(text);
        }
    }

    [Fact]
    public void Program_WritesTheSvgFromAReport_AndFailsWithoutOne()
    {
        var directory = Directory.CreateTempSubdirectory("learningrate-scaling-");
        try
        {
            var report = Path.Combine(directory.FullName, "report.csv");
            var svg = Path.Combine(directory.FullName, "scaling.svg");
            File.WriteAllLines(report, [Header, .. Grid().Select(r => string.Create(CultureInfo.InvariantCulture, $"Step,Short,1,{r.Row},{r.Size},1 ns,1 ns,1 ns,1 ns,{r.NanosecondsPerParameter:R},{r.BytesMoved},{r.BytesHeld},0 B"))]);

            Run(["--results", report, "--output", svg, "--cache", "L1d=48K,L2=1M,L3=32M"]).Should().Be(0);
            File.ReadAllText(svg).Should().Contain("L3 32 MiB (given on the command line)");

            Run(["--results", Path.Combine(directory.FullName, "missing.csv"), "--output", svg]).Should().Be(1);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [BrowserFact]
    [Trait("Category", "Browser")]
    public async Task Render_EveryText_FitsItsCanvasAndClip_WithoutOverlap_WithSixteenRows()
    {
        // The twelve optimizers, the baseline and three more rows (other state formats and element types).
        string[] more = ["Adam 8-bit", "Adam Half", "Adam BFloat16"];
        var rows = Grid().Concat(Sizes().SelectMany(n => more.Select((name, i) => new ScalingResult(name, n, Time(n, 12 + i, 8), 12 + i, 8))))
            .Concat(Sizes().SelectMany(n => new[] { "RmsProp", "AdamW", "NAdam", "RAdam", "Adamax", "Adadelta", "Asgd" }
                .Select((name, i) => new ScalingResult(name, n, Time(n, i < 1 || i == 6 ? 20 : 28, i < 1 || i == 6 ? 12 : 16) * (1 + (0.05 * i)), i < 1 || i == 6 ? 20 : 28, i < 1 || i == 6 ? 12 : 16))))
            .ToList();
        rows.Select(r => r.Row).Distinct().Should().HaveCount(16);

        await PlotTextInBrowserTests.AssertTextFits([("scaling.svg", ScalingChart.Render(new ScalingAnalysis(rows, s_caches)))]);
    }

    /// <summary>Five rows and the baseline at 1K to 256M, with a per-step overhead and each level's bandwidth.</summary>
    private static List<ScalingResult> Grid()
    {
        (string Name, double Moved, double Held)[] rows = [("Sgd", 12, 8), ("Momentum", 20, 12), ("AdaGrad", 20, 12), ("Adam", 28, 16), ("Rprop", 28, 16)];
        return [.. Sizes().SelectMany(n => rows.Select(r => new ScalingResult(r.Name, n, Time(n, r.Moved, r.Held), r.Moved, r.Held))
            .Append(new ScalingResult("Stream", n, n == 256 * M ? 0.5 : Time(n, 28, 16) * 0.9, 28, 16)))];
    }

    private static IEnumerable<long> Sizes() => Enumerable.Range(0, 10).Select(k => 1024L << (2 * k));

    /// <summary>200 ns per step plus the moved bytes at 400, 200, 100 or 56 GB/s by where the working set fits.</summary>
    private static double Time(long n, double moved, double held)
    {
        var set = held * n;
        var bandwidth = set <= 48 * K ? 400 : set <= M ? 200 : set <= 32 * M ? 100 : 56;
        return (200.0 / n) + (moved / bandwidth);
    }

    private static int Run(string[] arguments)
    {
        var main = typeof(ScalingCsv).Assembly.EntryPoint!;
        var output = Console.Out;
        try
        {
            Console.SetOut(TextWriter.Null);
            return (int)main.Invoke(null, [arguments])!;
        }
        finally
        {
            Console.SetOut(output);
        }
    }

    private static void WriteIndex(string root, int index, int level, string type, string size)
    {
        var directory = Directory.CreateDirectory(Path.Combine(root, $"index{index}")).FullName;
        File.WriteAllText(Path.Combine(directory, "level"), $"{level}\n");
        File.WriteAllText(Path.Combine(directory, "type"), $"{type}\n");
        File.WriteAllText(Path.Combine(directory, "size"), $"{size}\n");
    }
}
