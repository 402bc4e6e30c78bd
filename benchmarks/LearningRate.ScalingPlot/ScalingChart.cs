using System.Globalization;
using LearningRate.Demo;
using LearningRate.Training;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace LearningRate.ScalingPlot;

/// <summary>
/// Draws a <see cref="ScalingAnalysis"/> as SVG: ns per parameter against size, both on log scales, one
/// line per row, the bands of the cache levels behind them, the DRAM rooflines dashed, the legend to the
/// right of the plot and the caption (what was measured, the cache sizes, the bandwidth) under the title.
/// </summary>
public static class ScalingChart
{
    /// <summary>The canvas width in pixels; the height grows with the legend.</summary>
    public const int Width = 1000;

    private const double TitleSize = 14, CaptionSize = 11, LegendSize = 11, BandLabelSize = 11;

    // matplotlib's tab10 and three darker tones: 13 distinguishable colours; markers tell repeats apart.
    private static readonly string[] s_palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#7f7f7f",
        "#393b79", "#ad494a", "#637939",
    ];

    private static readonly MarkerType[] s_markers = [MarkerType.Circle, MarkerType.Square, MarkerType.Diamond, MarkerType.Triangle, MarkerType.Cross, MarkerType.Plus, MarkerType.Star];

    private static readonly LineStyle[] s_rooflineStyles = [LineStyle.Dash, LineStyle.DashDot, LineStyle.LongDash, LineStyle.Dot, LineStyle.LongDashDot];

    private static readonly Dictionary<string, OxyColor> s_bandFills = new(StringComparer.Ordinal)
    {
        ["L1d"] = OxyColor.Parse("#e3f2e1"),
        ["L2"] = OxyColor.Parse("#e1ecf7"),
        ["L3"] = OxyColor.Parse("#fbf0dc"),
        ["DRAM"] = OxyColor.Parse("#f6e3ea"),
    };

    /// <summary>The caption under the title: one entry per line before wrapping.</summary>
    public static IReadOnlyList<string> Caption(ScalingAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var bandwidth = analysis.Bandwidth is { } gbps
            ? $"Dashed: DRAM roofline, bytes moved per parameter ÷ {gbps.ToString("0.0", CultureInfo.InvariantCulture)} GB/s, the Stream row's rate at {Size(analysis.BandwidthSize!.Value)} parameters (one core)."
            : analysis.BandwidthSize is { } size
                ? $"No DRAM roofline: the largest Stream size ({Size(size)}) fits the last cache level."
                : "No DRAM roofline: no Stream row.";
        return
        [
            "float, one tensor, one core, default options and NonFinitePolicy.Skip (which reads g once more per step).",
            $"Shaded: where the working set (bytes held per parameter × parameters) fits {analysis.Caches.Description}"
                + (analysis.HeaviestBytesHeld > analysis.LightestBytesHeld
                    ? $"; grey: rows leave that level, the heaviest ({Bytes(analysis.HeaviestBytesHeld)} B/param) first, the lightest ({Bytes(analysis.LightestBytesHeld)} B/param) last."
                    : "."),
            bandwidth,
        ];
    }

    /// <summary>Renders the chart and returns the SVG text.</summary>
    public static string Render(ScalingAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var model = Model(analysis, out var height);
        using var stream = new MemoryStream();
        SvgTextMeasurer.Exporter(Width, height).Export(model, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF');
    }

    /// <summary>Renders the chart into <paramref name="path"/>.</summary>
    public static void Write(ScalingAnalysis analysis, string path) => File.WriteAllText(path, Render(analysis));

    private static PlotModel Model(ScalingAnalysis analysis, out int height)
    {
        var caption = string.Join('\n', Caption(analysis).SelectMany(line => Wrap(line, CaptionSize, Width - 40)));
        var model = new PlotModel
        {
            Title = $"Optimizer Step() time per parameter, {Size(analysis.MinSize)} to {Size(analysis.MaxSize)} parameters",
            TitleFontSize = TitleSize,
            Subtitle = caption,
            SubtitleFontSize = CaptionSize,
            TitleHorizontalAlignment = TitleHorizontalAlignment.CenteredWithinView,
            DefaultFont = SvgTextMetrics.FontFamily,
            Background = OxyColors.White,
        };

        var ys = analysis.Results.Select(r => r.NanosecondsPerParameter).Concat(analysis.Rooflines.Select(r => r.NanosecondsPerParameter)).ToList();
        var (yMin, yMax) = (ys.Min() / 1.6, ys.Max() * 3);
        model.Axes.Add(new LogarithmicAxis
        {
            Position = AxisPosition.Bottom,
            Base = 4,
            Minimum = analysis.XMin,
            Maximum = analysis.XMax,
            Title = "parameters in the tensor (K = 1,024, M = 1,048,576)",
            LabelFormatter = x => Size(x),
            MajorGridlineStyle = LineStyle.Dot,
            MinorTickSize = 0,
        });
        model.Axes.Add(new LogarithmicAxis
        {
            Position = AxisPosition.Left,
            Minimum = yMin,
            Maximum = yMax,
            Title = "ns per parameter (fastest iteration)",
            AxisTitleDistance = 24,
            LabelFormatter = y => y.ToString("G3", CultureInfo.InvariantCulture),
            MajorGridlineStyle = LineStyle.Dot,
        });

        AddBands(model, analysis, yMax);

        var optimizers = 0;
        foreach (var row in analysis.Rows)
        {
            var points = analysis.Points(row);
            var stream = row == ScalingAnalysis.StreamRow;
            var index = stream ? 0 : optimizers++;
            var line = new LineSeries
            {
                Title = $"{row} ({Bytes(points[0].BytesMoved)} B/param)",
                Color = stream ? OxyColors.Black : OxyColor.Parse(s_palette[index % s_palette.Length]),
                StrokeThickness = stream ? 2.5 : 1.5,
                LineStyle = stream ? LineStyle.Dot : LineStyle.Solid,
                MarkerType = stream ? MarkerType.None : s_markers[index % s_markers.Length],
                MarkerSize = 3,
            };
            line.MarkerFill = line.Color;
            line.MarkerStroke = line.Color;
            foreach (var point in points)
            {
                line.Points.Add(new DataPoint(point.Size, point.NanosecondsPerParameter));
            }

            model.Series.Add(line);
        }

        // After the rows, so the legend lists the rows first; dashed and grey, they stay readable on top.
        for (var i = 0; i < analysis.Rooflines.Count; i++)
        {
            var roofline = analysis.Rooflines[i];
            var line = new LineSeries
            {
                Title = $"DRAM roofline, {Bytes(roofline.BytesMoved)} B/param",
                Color = OxyColor.Parse("#444444"),
                LineStyle = s_rooflineStyles[i % s_rooflineStyles.Length],
                StrokeThickness = 1.2,
            };
            line.Points.Add(new DataPoint(roofline.From, roofline.NanosecondsPerParameter));
            line.Points.Add(new DataPoint(analysis.XMax, roofline.NanosecondsPerParameter));
            model.Series.Add(line);
        }

        // Right of the plot, one entry per line; the canvas grows so every entry fits under the caption.
        model.Legends.Add(new Legend
        {
            LegendPlacement = LegendPlacement.Outside,
            LegendPosition = LegendPosition.RightTop,
            LegendOrientation = LegendOrientation.Vertical,
            LegendFontSize = LegendSize,
            LegendBackground = OxyColors.White,
        });
        var captionHeight = (caption.Split('\n').Length * SvgTextMetrics.LineHeight(CaptionSize)) + SvgTextMetrics.LineHeight(TitleSize);
        var legendHeight = model.Series.Count * (SvgTextMetrics.LineHeight(LegendSize) + 4);
        height = (int)Math.Ceiling(Math.Max(560, captionHeight + legendHeight + 120));
        return model;
    }

    /// <summary>The bands behind the lines, and each level's name at the top of its band where it fits.</summary>
    private static void AddBands(PlotModel model, ScalingAnalysis analysis, double yMax)
    {
        // The plot is about 700 px wide (the canvas less the legend and the axes): a label goes in only if its band is wider than it.
        var pixelsPerUnit = 700 / Math.Log(analysis.XMax / analysis.XMin);
        foreach (var band in analysis.Bands)
        {
            model.Annotations.Add(new RectangleAnnotation
            {
                MinimumX = band.From,
                MaximumX = band.To,
                Fill = band.IsTransition ? OxyColor.Parse("#e4e4e4") : s_bandFills.GetValueOrDefault(band.Name, OxyColor.Parse("#eeeeee")),
                Layer = AnnotationLayer.BelowAxes,
            });
            var label = band.Name == "DRAM" ? "DRAM" : band.Name + " " + analysis.Caches.Levels.First(l => l.Name == band.Name).Size;
            if (!band.IsTransition && Math.Log(band.To / band.From) * pixelsPerUnit > SvgTextMetrics.Width(label, BandLabelSize, bold: false) + 12)
            {
                model.Annotations.Add(new TextAnnotation
                {
                    Text = label,
                    TextPosition = new DataPoint(Math.Sqrt(band.From * band.To), yMax),
                    TextHorizontalAlignment = HorizontalAlignment.Center,
                    TextVerticalAlignment = VerticalAlignment.Top,
                    Offset = new ScreenVector(0, 6),
                    FontSize = BandLabelSize,
                    Stroke = OxyColors.Undefined,
                    StrokeThickness = 0,
                    Background = OxyColors.Undefined,
                    TextColor = OxyColor.Parse("#333333"),
                    Layer = AnnotationLayer.BelowSeries,
                });
            }
        }
    }

    /// <summary>Breaks a caption line at spaces so each piece fits <paramref name="width"/> pixels.</summary>
    private static IEnumerable<string> Wrap(string text, double fontSize, double width)
    {
        var line = string.Empty;
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && SvgTextMetrics.Width(candidate, fontSize, bold: false) > width)
            {
                yield return line;
                candidate = word;
            }

            line = candidate;
        }

        yield return line;
    }

    private static string Size(double n) => n switch
    {
        >= 1 << 20 => (n / (1 << 20)).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1 << 10 => (n / (1 << 10)).ToString("0.##", CultureInfo.InvariantCulture) + "K",
        _ => n.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Bytes(double bytes) => bytes.ToString("0.##", CultureInfo.InvariantCulture);
}
