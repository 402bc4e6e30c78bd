using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Docs;

/// <summary>
/// The documentation's plots and the demo report's plots, rendered by headless Chromium: every title,
/// tick label, axis label and legend entry stays inside its SVG canvas and clip, and no two overlap.
/// </summary>
[Trait("Category", "Browser")]
public partial class PlotTextInBrowserTests
{
    [BrowserFact]
    public async Task DocsPlots_EveryText_FitsItsCanvasAndClip_WithoutOverlap()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "plots"), "*.svg");
        files.Should().HaveCountGreaterThanOrEqualTo(19, "docs/schedules.md shows one plot per schedule");

        await AssertTextFits(files.Select(f => (Path.GetFileName(f), File.ReadAllText(f))));
    }

    [BrowserFact]
    public async Task DemoReport_EveryPlotText_FitsItsCanvasAndClip_WithoutOverlap_AndMonitorPlotsNameTheirRun()
    {
        var output = Directory.CreateTempSubdirectory("learningrate-demo-");
        try
        {
            await RunDemo(output.FullName);
            var report = await File.ReadAllTextAsync(Path.Combine(output.FullName, "report.html"));
            var images = Image().Matches(report).Select(m => (Source: m.Groups[1].Value, Alt: WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
            images.Should().HaveCountGreaterThanOrEqualTo(6, "the report shows the range test, three comparisons and the monitors' curves");
            var svgs = images.Select(i => (i.Source, File.ReadAllText(Path.Combine(output.FullName, i.Source)))).ToList();

            await AssertTextFits(svgs);

            var monitors = images.Where(i => i.Alt.StartsWith("learning curves of ", StringComparison.Ordinal)).ToList();
            monitors.Should().HaveCountGreaterThanOrEqualTo(2, "Adam's curves and those of every flagged run");
            foreach (var (source, alt) in monitors)
            {
                var run = alt["learning curves of ".Length..];
                File.ReadAllText(Path.Combine(output.FullName, source)).Should().Contain($">Learning curves: {run}</text>", "each monitor plot is titled with its run");
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    internal static async Task AssertTextFits(IEnumerable<(string Name, string Svg)> svgs)
    {
        var cases = svgs.ToList();
        var results = await SvgTextLayout.CheckAsync(cases);

        results.Keys.Should().BeEquivalentTo(cases.Select(c => c.Name));
        results.Should().AllSatisfy(r => r.Value.Texts.Should().BeGreaterThanOrEqualTo(5, $"{r.Key} has a title, axis labels and tick labels"));
        var problems = results.SelectMany(r => r.Value.Problems.Select(p => $"{r.Key}: {p}")).ToList();
        problems.Should().BeEmpty("every text must fit its canvas and clip and keep clear of the others; all problems:\n{0}", string.Join('\n', problems));
    }

    /// <summary>Runs the demo built next to these tests (same configuration and framework) with its report going to <paramref name="output"/>.</summary>
    private static async Task RunDemo(string output)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var demo = Path.Combine(RepositoryRoot(), "docs", "examples", "LearningRate.Demo", "bin", framework.Parent!.Name, framework.Name, "LearningRate.Demo.dll");
        File.Exists(demo).Should().BeTrue($"the test project's build builds the demo ({demo})");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(demo);
        start.ArgumentList.Add(output);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the demo did not finish within 5 minutes.");
        }

        process.ExitCode.Should().Be(0, $"the demo succeeds:\n{await stdout}\n{await stderr}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LearningRate.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("LearningRate.sln not found above the test binaries.");
    }

    [GeneratedRegex("<img src=\"([^\"]+\\.svg)\" alt=\"([^\"]*)\">")]
    private static partial Regex Image();
}
