using System.Globalization;
using System.Net;
using System.Text;
using LearningRate.Training;

namespace LearningRate.Demo;

/// <summary>Writes the HTML report and its SVG plots.</summary>
internal static class Report
{
    public static string Write(string directory, int trainRows, int validationRows, LearningRateFinderResult range, List<RunResult> runs, TimeSpan elapsed)
    {
        Directory.CreateDirectory(directory);

        // The core package draws the range test and the monitors' curves itself (no dependency) ...
        File.WriteAllText(Path.Combine(directory, "range-test.svg"), range.ToSvg(760, 420, "Learning-rate range test: Adam, 1e-5 to 10"));
        var adam = runs.First(r => r.Optimizer == "Adam" && r.Features == "standardized");
        var watched = runs.Where(r => r == adam || r.Monitor.Diagnoses.Count > 0).ToList();
        for (var i = 0; i < watched.Count; i++)
        {
            File.WriteAllText(Path.Combine(directory, MonitorFile(i)), watched[i].Monitor.ToLossSvg(760, 420, "Learning curves: " + watched[i].Label));
        }

        using (var csv = File.CreateText(Path.Combine(directory, "range-test.csv")))
        {
            range.WriteCsv(csv);
        }

        using (var csv = File.CreateText(Path.Combine(directory, "adam-epochs.csv")))
        {
            adam.Monitor.WriteEpochsCsv(csv);
        }

        // ... and the comparisons across runs are OxyPlot charts.
        var standardized = runs.Where(r => r.Features == "standardized").ToList();
        Plots.Write(Path.Combine(directory, "validation-loss.svg"), "Validation loss per epoch (standardized features)", "epoch", "validation loss",
            standardized.Select(r => (Name(r), Epochs(r), (IReadOnlyList<double>)[.. r.Monitor.Epochs.Select(e => e.ValidationLoss)])), logY: true);
        Plots.Write(Path.Combine(directory, "raw-vs-standardized.svg"), "Training loss: raw against standardized features", "epoch", "training loss",
            runs.Where(r => r.Optimizer is "SGD" or "Adam" && r.Schedule != "constant").Select(r => ($"{r.Optimizer} · {r.Features}", Epochs(r), (IReadOnlyList<double>)[.. r.Monitor.Epochs.Select(e => e.TrainingLoss)])), logY: true);

        // Warmup starts and the cosine ends near 0: a log axis down to the smallest rate would spend most of
        // its height on the first and last few steps, so it stops at the decade below the smallest peak.
        var rateFloor = Math.Pow(10, Math.Floor(Math.Log10(standardized.Min(r => r.PeakLearningRate))));
        Plots.Write(Path.Combine(directory, "learning-rates.svg"), "Learning rate per step (standardized features)", "step", "learning rate",
            standardized.Select(r => (Name(r), (IReadOnlyList<double>)[.. r.Monitor.Steps.Select(s => (double)s.Step)], (IReadOnlyList<double>)[.. r.Monitor.Steps.Select(s => s.LearningRate)])), logY: true, yMinimum: rateFloor);

        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>LearningRate demo report</title>
            <style>
            body { font-family: "DejaVu Sans", Verdana, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; }
            table { border-collapse: collapse; font-size: 14px; } td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
            th { background: #f3f3f3; } td.l { text-align: left; } img { max-width: 100%; border: 1px solid #eee; margin: 0.5em 0; }
            .bad { color: #b00; }
            </style></head><body>

            """);
        html.Append(CultureInfo.InvariantCulture, $"""
            <h1>LearningRate demo</h1>
            <p>A 4-32-3 tanh MLP (MathNet matrices, registered in place through LearningRate.MathNet) on a generated
            three-armed spiral: {trainRows} training and {validationRows} validation rows, two informative features
            on very different scales (thousands and hundredths) and two noise features. Batches of 32 from a seeded
            <code>MiniBatches</code>, 30 epochs; every run starts from the same weights. Total time {elapsed.TotalSeconds:F1} s;
            every configuration first trains one untimed epoch, so the times below leave out JIT compilation.</p>
            <h2>1. Range test</h2>
            <p>Adam, learning rate from 1e-5 to 10 over {range.LearningRates.Count} mini-batches (stopped: {range.StopReason});
            the weights and the optimizer state were restored afterwards.</p>
            <p>{WebUtility.HtmlEncode(range.Summary)}</p>
            <p>Each rule answers a different question. The valley is a safe constant rate, not a fast one; the loss
            minimum is too high for a constant rate but is the peak for a schedule with warmup and decay. Section 2
            trains both ways: compare the constant Adam run at the valley with the warmup + cosine runs peaking at the
            loss minimum.</p>
            <table><tr><th>rule</th><th>learning rate</th><th class="l">what it is for</th></tr>
            """);
        foreach (var s in range.Suggestions)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"l\">{s.Rule}</td><td>{s.LearningRate:G3}</td><td class=\"l\">{WebUtility.HtmlEncode(s.Rationale)}</td></tr>\n");
        }

        html.Append("""
            </table>
            <img src="range-test.svg" alt="range test">
            <h2>2. Optimizers and schedules</h2>
            <table><tr><th>optimizer</th><th>features</th><th>schedule</th><th>peak lr</th><th>train loss</th><th>val. loss</th><th>val. accuracy</th><th>time</th><th>monitor</th></tr>
            """);
        foreach (var r in runs)
        {
            var issues = r.Issues == "none" ? "none" : $"<span class=\"bad\">{r.Issues}</span>";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"l\">{r.Optimizer}</td><td class=\"l\">{r.Features}</td><td class=\"l\">{r.Schedule}</td><td>{r.PeakLearningRate:G3}</td><td>{r.TrainingLoss:F4}</td><td>{r.ValidationLoss:F4}</td><td>{r.ValidationAccuracy:P1}</td><td>{r.Time.TotalMilliseconds:F0} ms</td><td class=\"l\">{issues}</td></tr>\n");
        }

        html.Append("""
            </table>
            <img src="validation-loss.svg" alt="validation loss per optimizer">
            <img src="learning-rates.svg" alt="learning rates">
            <h2>3. Why standardize</h2>
            <p>The same network, data and optimizers on the raw features: one column in the thousands saturates
            the tanh units and dominates every gradient, so training stalls or blows up. A <code>Standardizer</code>
            (z-score, fitted on the training rows only) fixes it.</p>
            <img src="raw-vs-standardized.svg" alt="raw against standardized">
            <h2>4. What the monitor saw</h2>
            <p>The learning curves of every run the <code>TrainingMonitor</code> flagged, and of Adam on standardized
            features for comparison; a dotted line marks the step of each diagnosis.</p>

            """);
        for (var i = 0; i < watched.Count; i++)
        {
            var r = watched[i];
            html.Append(CultureInfo.InvariantCulture, $"<h3>{WebUtility.HtmlEncode(r.Label)}</h3>\n<img src=\"{MonitorFile(i)}\" alt=\"learning curves of {WebUtility.HtmlEncode(r.Label)}\">\n<ul>\n");
            foreach (var d in r.Monitor.Diagnoses)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{d.Issue} at step {d.Step}. {WebUtility.HtmlEncode(d.Message)} <i>{WebUtility.HtmlEncode(d.Advice)}</i></li>\n");
            }

            if (r.Monitor.Diagnoses.Count == 0)
            {
                html.Append("<li>No issues.</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("""
            <p>Data: <a href="range-test.csv">range-test.csv</a>, <a href="adam-epochs.csv">adam-epochs.csv</a>.
            See docs/guide.md for how to read these plots.</p>
            </body></html>
            """);
        var path = Path.GetFullPath(Path.Combine(directory, "report.html"));
        File.WriteAllText(path, html.ToString());
        return path;
    }

    private static string MonitorFile(int index) => $"monitor-{index + 1}.svg";

    /// <summary>A run's name in a legend of standardized runs: the optimizer, and the schedule when it is not the usual one.</summary>
    private static string Name(RunResult run) => run.Schedule == "constant" ? run.Optimizer + " (constant rate)" : run.Optimizer;

    private static IReadOnlyList<double> Epochs(RunResult run) => [.. run.Monitor.Epochs.Select(e => (double)e.Epoch + 1)];
}
