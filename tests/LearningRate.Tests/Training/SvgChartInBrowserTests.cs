using System.Globalization;
using System.Text;
using System.Text.Json;
using LearningRate.Tests.Docs;
using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// The core package's SVG charts in headless Chromium: the width table of <see cref="SvgTextMetrics"/> is
/// the font the browser really uses, and every text of the range test and monitor charts, at the default
/// and the smallest sizes and with long names, stays on the canvas without overlapping another.
/// </summary>
[Trait("Category", "Browser")]
public class SvgChartInBrowserTests
{
    [BrowserFact]
    public async Task TextMetrics_AreTheWidthsTheBrowserRenders_InTheChartFont()
    {
        // Every table entry alone at 100 px (the table is rounded to 1/1000 em: 0.05 px here), then strings
        // at the charts' sizes, where kerning may only narrow the rendered text a little.
        var glyphs = Enumerable.Range(' ', '~' - ' ' + 1).Select(c => ((char)c).ToString()).Concat(["·", "γ", "–", "→", "×"]).ToList();
        var single = glyphs.SelectMany(g => new[] { (Text: g, Size: 100.0, Bold: false), (Text: g, Size: 100.0, Bold: true) }).ToList();
        string[] phrases =
        [
            "Learning-rate range test: Adam, 1e-5 to 10", "MinimumOverTen 0.0026", "SGD · standardized · warmup+cosine",
            "continue (PyTorch CosineAnnealingLR)", "exp_range, γ = 0.995", "amplitude decay 0.6", "1.2E+07 -0.05 1e-3",
        ];
        var strings = phrases.SelectMany(p => new[] { (Text: p, Size: 12.0, Bold: false), (Text: p, Size: 15.0, Bold: true) }).ToList();

        var widths = await MeasureAsync([.. single, .. strings]);

        for (var i = 0; i < single.Count; i++)
        {
            var (text, size, bold) = single[i];
            widths[i].Should().BeApproximately(SvgTextMetrics.Width(text, size, bold), 0.1, $"'{text}'{(bold ? " bold" : string.Empty)} is DejaVu Sans's advance");
        }

        for (var i = 0; i < strings.Count; i++)
        {
            var (text, size, bold) = strings[i];
            var estimate = SvgTextMetrics.Width(text, size, bold);
            widths[single.Count + i].Should().BeInRange(estimate * 0.97, estimate + 0.1, $"'{text}' at {size} px{(bold ? " bold" : string.Empty)} is at most its advance sum");
        }
    }

    [BrowserFact]
    public async Task LibraryCharts_EveryText_FitsItsCanvas_WithoutOverlap()
    {
        using var monitor = Monitor();
        await PlotTextInBrowserTests.AssertTextFits(
        [
            ("range test 720×420", RangeTest().ToSvg()),
            ("range test 200×150", RangeTest().ToSvg(200, 150)),
            ("range test, long title, 300×200", RangeTest().ToSvg(300, 200, "Learning-rate range test of a network with a rather long name, Adam, 1e-5 to 10")),
            ("monitor loss 720×420", monitor.ToLossSvg()),
            ("monitor loss 200×150", monitor.ToLossSvg(200, 150, "Learning curves: SGD · raw · warmup+cosine")),
            ("monitor rate 200×150", monitor.ToLearningRateSvg(200, 150)),
            ("many long names, wide ticks", ManyLongNames()),
            ("marker labels at both edges", MarkersAtTheEdges()),
        ]);
    }

    private static async Task<List<double>> MeasureAsync(List<(string Text, double Size, bool Bold)> texts)
    {
        var body = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4000\" height=\"200\">");
        foreach (var (text, size, bold) in texts)
        {
            body.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"150\" style=\"white-space: pre\" font-family=\"{SvgTextMetrics.FontFamily}\" font-size=\"{size}\" font-weight=\"{(bold ? "bold" : "normal")}\">{System.Net.WebUtility.HtmlEncode(text)}</text>");
        }

        body.Append("</svg>");
        const string Script = "document.getElementById('result').textContent = JSON.stringify([...document.querySelectorAll('text')].map(t => t.getComputedTextLength()));";
        var json = await HeadlessChromium.RunAsync(body.ToString(), Script);
        var widths = JsonSerializer.Deserialize<List<double>>(json)!;
        widths.Should().HaveCount(texts.Count);
        return widths;
    }

    private static LearningRateFinderResult RangeTest()
    {
        var rates = Enumerable.Range(0, 100).Select(i => Math.Pow(10, -5 + (i * 6.0 / 99))).ToArray();
        var losses = rates.Select(r => 1.2 - (0.4 * Math.Tanh(Math.Log10(r) + 3)) + (r > 0.3 ? 3 * r : 0)).ToArray();
        return new LearningRateFinderResult(new LearningRateFinderOptions(), [.. rates], [.. losses], [.. losses], FinderStopReason.Completed, optimizerSteps: losses.Length);
    }

    private static TrainingMonitor Monitor()
    {
        var monitor = new TrainingMonitor(new TrainingMonitorOptions { DivergenceWarmup = 0 });
        for (var k = 0; k < 300; k++)
        {
            monitor.RecordStep(k < 280 ? 2.0 / (1 + (k / 30.0)) : 1000, 0.1 * (1 - (k / 300.0)), TimeSpan.FromMilliseconds(1));
            if (k % 60 == 59)
            {
                monitor.RecordEpoch(2.0 / (1 + (k / 30.0)), 2.2 / (1 + (k / 30.0)));
            }
        }

        monitor.Diagnoses.Should().NotBeEmpty("the jump to 1000 is a divergence, drawn as a marker");
        return monitor;
    }

    private static string ManyLongNames()
    {
        var chart = new SvgChart("Seven series whose names are long enough to need several legend rows", "step", "value", logX: false);
        for (var s = 0; s < 7; s++)
        {
            chart.AddSeries($"series {s}: the optimizer, its features and its schedule", [0, 5e6, 1.2e7], [s * 1e6, 1.234e7, s * 2e6], SvgChart.Color(s));
        }

        return chart.Render(400, 300);
    }

    private static string MarkersAtTheEdges()
    {
        var chart = new SvgChart("Markers", "learning rate", "loss", logX: true);
        chart.AddSeries("loss", [1e-5, 1e-3, 1], [2, 1, 3], SvgChart.Color(0));
        chart.AddMarker(1e-5, "MinimumOverTen 0.00001", SvgChart.Color(1));
        chart.AddMarker(1, "Steepest 1 at the right edge", SvgChart.Color(2));
        chart.AddMarker(0.9, "Valley 0.9", SvgChart.Color(3));
        return chart.Render(220, 160);
    }
}
