using LearningRate.Training;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LearningRate.Demo;

/// <summary>Multi-series line charts for the report, drawn with OxyPlot (demo only: the core package draws its own SVG).</summary>
internal static class Plots
{
    // Distinct, readable colours (matplotlib's tab10); OxyPlot's default repeats reds and uses a pale yellow.
    private static readonly string[] s_palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"];

    /// <summary>Writes a 900 × 420 SVG; <paramref name="yMinimum"/> cuts the y axis off below that value (the data's minimum when null).</summary>
    public static void Write(string path, string title, string xTitle, string yTitle, IEnumerable<(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series, bool logY = false, double? yMinimum = null)
    {
        var model = new PlotModel { Title = title, Background = OxyColors.White, DefaultFont = SvgTextMetrics.FontFamily };
        model.DefaultColors = [.. s_palette.Select(OxyColor.Parse)];
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle, MajorGridlineStyle = LineStyle.Dot });
        Axis left = logY ? new LogarithmicAxis() : new LinearAxis();
        left.Position = AxisPosition.Left;
        left.Title = yTitle;
        left.AxisTitleDistance = 24;   // otherwise the title overlaps the tick labels (toolchain.md §6.11)
        left.MajorGridlineStyle = LineStyle.Dot;
        left.Minimum = yMinimum ?? double.NaN;
        model.Axes.Add(left);
        model.Legends.Add(new OxyPlot.Legends.Legend { LegendPlacement = OxyPlot.Legends.LegendPlacement.Outside, LegendPosition = OxyPlot.Legends.LegendPosition.RightTop });
        foreach (var (name, x, y) in series)
        {
            var line = new LineSeries { Title = name, StrokeThickness = 1.8 };
            for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                if (double.IsFinite(y[i]) && (!logY || y[i] > 0))
                {
                    line.Points.Add(new DataPoint(x[i], y[i]));
                }
            }

            model.Series.Add(line);
        }

        using var stream = File.Create(path);
        SvgTextMeasurer.Exporter(900, 420).Export(model, stream);
    }
}
