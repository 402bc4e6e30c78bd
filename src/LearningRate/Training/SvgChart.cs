using System.Globalization;
using System.Text;

namespace LearningRate.Training;

/// <summary>
/// A small line chart written as SVG text, so the core package can draw its curves without any
/// plotting dependency: series of (x, y) points, an optional log-scale x axis, decade or 1-2-5 ticks,
/// vertical markers with labels, and a legend. Non-finite points break a line; points outside the
/// y range are clipped at the plot edge.
/// </summary>
internal sealed class SvgChart(string title, string xLabel, string yLabel, bool logX)
{
    private static readonly string[] s_palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
    private readonly List<Series> _series = [];
    private readonly List<(double X, string Label, string Color)> _markers = [];

    /// <summary>Gets or sets an upper bound for the y axis (the data maximum when null or larger).</summary>
    public double? YMax { get; set; }

    public static string Color(int index) => s_palette[index % s_palette.Length];

    public void AddSeries(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, string color, double width = 1.5, bool dashed = false) =>
        _series.Add(new Series(name, x, y, color, width, dashed));

    public void AddMarker(double x, string label, string color) => _markers.Add((x, label, color));

    public string Render(int width, int height)
    {
        const double Left = 70, Right = 20, Top = 36, Bottom = 48;
        var plotWidth = width - Left - Right;
        var plotHeight = height - Top - Bottom;

        var xs = _series.SelectMany(s => s.X).Concat(_markers.Select(m => m.X)).Where(v => double.IsFinite(v) && (!logX || v > 0)).ToList();
        var ys = _series.SelectMany(s => s.Y).Where(double.IsFinite).ToList();
        var (xMin, xMax) = xs.Count > 0 ? (xs.Min(), xs.Max()) : (logX ? 1 : 0, logX ? 10 : 1);
        var (yMin, yMax) = ys.Count > 0 ? (ys.Min(), ys.Max()) : (0, 1);
        if (YMax is { } cap && cap < yMax && cap > yMin)
        {
            yMax = cap;
        }

        if (logX)
        {
            (xMin, xMax) = (Math.Log10(xMin), Math.Log10(xMax));
        }

        (xMin, xMax) = Widen(xMin, xMax);
        (yMin, yMax) = Widen(yMin, yMax);
        var pad = (yMax - yMin) * 0.05;
        (yMin, yMax) = (yMin - pad, yMax + pad);

        double Px(double x) => Left + ((((logX ? Math.Log10(x) : x) - xMin) / (xMax - xMin)) * plotWidth);
        double Py(double y) => Top + ((1 - ((y - yMin) / (yMax - yMin))) * plotHeight);

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<defs><clipPath id=\"plot\"><rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\"/></clipPath></defs>\n"));
        svg.Append(Invariant($"<text x=\"{width / 2.0}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>\n"));

        // Grid and tick labels.
        foreach (var tick in logX ? DecadeTicks(xMin, xMax) : NiceTicks(xMin, xMax))
        {
            var value = logX ? Math.Pow(10, tick) : tick;
            var px = Px(value);
            svg.Append(Invariant($"<line x1=\"{px:F1}\" y1=\"{Top}\" x2=\"{px:F1}\" y2=\"{Top + plotHeight}\" stroke=\"#e5e5e5\"/>\n"));
            var label = logX ? $"1e{tick:0}" : Format(tick);
            svg.Append(Invariant($"<text x=\"{px:F1}\" y=\"{Top + plotHeight + 16}\" text-anchor=\"middle\">{label}</text>\n"));
        }

        foreach (var tick in NiceTicks(yMin, yMax))
        {
            var py = Py(tick);
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{py:F1}\" x2=\"{Left + plotWidth}\" y2=\"{py:F1}\" stroke=\"#e5e5e5\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{py + 4:F1}\" text-anchor=\"end\">{Format(tick)}</text>\n"));
        }

        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#333\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left + (plotWidth / 2)}\" y=\"{height - 10}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n"));
        svg.Append(Invariant($"<text transform=\"translate(16 {Top + (plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n"));

        foreach (var series in _series)
        {
            svg.Append("<g clip-path=\"url(#plot)\">");
            var line = new StringBuilder();
            for (var i = 0; i < Math.Min(series.X.Count, series.Y.Count); i++)
            {
                var (x, y) = (series.X[i], series.Y[i]);
                if (!double.IsFinite(x) || !double.IsFinite(y) || (logX && x <= 0))
                {
                    Flush();
                    continue;
                }

                line.Append(Invariant($"{Px(x):F1},{Math.Clamp(Py(y), Top - 2, Top + plotHeight + 2):F1} "));
            }

            Flush();
            svg.Append("</g>\n");

            void Flush()
            {
                if (line.Length > 0)
                {
                    var dash = series.Dashed ? " stroke-dasharray=\"5 3\"" : string.Empty;
                    svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{series.Color}\" stroke-width=\"{series.Width}\"{dash} points=\"{line.ToString().TrimEnd()}\"/>"));
                    line.Clear();
                }
            }
        }

        for (var m = 0; m < _markers.Count; m++)
        {
            var (x, label, color) = _markers[m];
            if (!double.IsFinite(x) || (logX && x <= 0))
            {
                continue;
            }

            var px = Px(x);
            svg.Append(Invariant($"<line x1=\"{px:F1}\" y1=\"{Top}\" x2=\"{px:F1}\" y2=\"{Top + plotHeight}\" stroke=\"{color}\" stroke-dasharray=\"2 3\"/>\n"));
            // Labels stack up from the bottom, clear of the legend in the top right.
            svg.Append(Invariant($"<text x=\"{px + 4:F1}\" y=\"{Top + plotHeight - 8 - (m * 14)}\" fill=\"{color}\">{Escape(label)}</text>\n"));
        }

        // Legend, top right.
        for (var s = 0; s < _series.Count; s++)
        {
            var y = Top + 14 + (s * 16);
            var x = Left + plotWidth - 170;
            svg.Append(Invariant($"<line x1=\"{x}\" y1=\"{y - 4}\" x2=\"{x + 22}\" y2=\"{y - 4}\" stroke=\"{_series[s].Color}\" stroke-width=\"2\"/>"));
            svg.Append(Invariant($"<text x=\"{x + 28}\" y=\"{y}\">{Escape(_series[s].Name)}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static (double Min, double Max) Widen(double min, double max) =>
        max > min ? (min, max) : (min - (0.5 * Math.Max(1, Math.Abs(min))), max + (0.5 * Math.Max(1, Math.Abs(max))));

    private static IEnumerable<double> DecadeTicks(double min, double max)
    {
        for (var d = Math.Ceiling(min); d <= Math.Floor(max); d++)
        {
            yield return d;
        }
    }

    /// <summary>About five ticks at 1, 2 or 5 times a power of ten.</summary>
    private static IEnumerable<double> NiceTicks(double min, double max)
    {
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (raw / magnitude) switch { < 1.5 => magnitude, < 3.5 => 2 * magnitude, < 7.5 => 5 * magnitude, _ => 10 * magnitude };
        for (var tick = Math.Ceiling(min / step) * step; tick <= max + (step * 1e-9); tick += step)
        {
            yield return Math.Abs(tick) < step * 1e-9 ? 0 : tick;
        }
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, string Color, double Width, bool Dashed);
}
