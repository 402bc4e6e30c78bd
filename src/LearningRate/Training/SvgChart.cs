using System.Globalization;
using System.Text;

namespace LearningRate.Training;

/// <summary>
/// A small line chart written as SVG text, so the core package can draw its curves without any
/// plotting dependency: series of (x, y) points, an optional log-scale x axis, decade or 1-2-5 ticks,
/// vertical markers with labels, and a legend. Non-finite points break a line; points outside the
/// y range are clipped at the plot edge.
/// </summary>
/// <remarks>
/// Text is laid out with <see cref="SvgTextMetrics"/> widths in <see cref="SvgTextMetrics.FontFamily"/>, so
/// nothing leaves the canvas: the title wraps onto 18 px lines (the plot starts 36 px down, plus 18 px
/// per extra line); the left margin is 70 px or the widest y tick label plus 30 px; the right margin
/// 20 px or half the widest x tick label plus 4 px; the bottom margin 48 px (tick labels, axis label)
/// plus 18 px per legend row, the legend sitting below the plot. Tick labels are thinned to every n-th
/// tick when neighbours would touch. The canvas grows beyond the requested size only when the plot
/// would be left under 60 px either way, or narrower than a marker label.
/// </remarks>
internal sealed class SvgChart(string title, string xLabel, string yLabel, bool logX)
{
    private const int FontSize = 12, TitleSize = 15, TitleLineHeight = 18, MarkerLabelSpacing = 14;
    private const double MinLeft = 70, MinRight = 20, MinTop = 36, MinBottom = 48, MinPlotSize = 60, Pad = 10;
    private const double LegendRowHeight = 18, LegendSwatch = 22, LegendGap = 16;
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

        // The margins follow the measured text: the title's lines, the widest y tick label, half the
        // widest x tick label (the last one is centred on the right edge) and the legend's rows.
        var xTicks = (logX ? DecadeTicks(xMin, xMax) : NiceTicks(xMin, xMax)).Select(t => (Value: logX ? Math.Pow(10, t) : t, Label: logX ? $"1e{t:0}" : Format(t))).ToList();
        var yTicks = NiceTicks(yMin, yMax).Select(t => (Value: t, Label: Format(t))).ToList();
        var left = Math.Max(MinLeft, Math.Ceiling(30 + yTicks.Select(t => TextWidth(t.Label)).DefaultIfEmpty(0).Max()));
        var right = Math.Max(MinRight, Math.Ceiling(4 + (xTicks.Select(t => TextWidth(t.Label)).DefaultIfEmpty(0).Max() / 2)));
        var widestMarker = _markers.Select(m => TextWidth(m.Label) + 8).DefaultIfEmpty(0).Max();
        width = (int)Math.Ceiling(Math.Max(width, left + right + Math.Max(MinPlotSize, widestMarker)));
        var titleLines = Wrap(title, TitleSize, bold: true, width - (2 * Pad));
        var top = MinTop + (TitleLineHeight * (titleLines.Count - 1));
        var legend = LayOutLegend(width);
        var bottom = MinBottom + (LegendRowHeight * legend.Rows);
        height = (int)Math.Ceiling(Math.Max(height, top + bottom + MinPlotSize));
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;

        double Px(double x) => left + ((((logX ? Math.Log10(x) : x) - xMin) / (xMax - xMin)) * plotWidth);
        double Py(double y) => top + ((1 - ((y - yMin) / (yMax - yMin))) * plotHeight);

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"{SvgTextMetrics.FontFamily}\" font-size=\"{FontSize}\">\n"));
        svg.Append(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<defs><clipPath id=\"plot\"><rect x=\"{left}\" y=\"{top}\" width=\"{plotWidth}\" height=\"{plotHeight}\"/></clipPath></defs>\n"));
        for (var i = 0; i < titleLines.Count; i++)
        {
            svg.Append(Invariant($"<text x=\"{width / 2.0}\" y=\"{22 + (i * TitleLineHeight)}\" text-anchor=\"middle\" font-size=\"{TitleSize}\" font-weight=\"bold\">{Escape(titleLines[i])}</text>\n"));
        }

        // Grid lines on every tick; labels on every tick, or every second, fifth... when they would touch.
        var xSpacing = xTicks.Count > 1 ? Math.Abs(Px(xTicks[1].Value) - Px(xTicks[0].Value)) : double.PositiveInfinity;
        var xStride = Stride(xTicks.Select(t => TextWidth(t.Label)).DefaultIfEmpty(0).Max() + 8, xSpacing);
        for (var i = 0; i < xTicks.Count; i++)
        {
            var px = Px(xTicks[i].Value);
            svg.Append(Invariant($"<line x1=\"{px:F1}\" y1=\"{top}\" x2=\"{px:F1}\" y2=\"{top + plotHeight}\" stroke=\"#e5e5e5\"/>\n"));
            if (i % xStride == 0)
            {
                svg.Append(Invariant($"<text x=\"{px:F1}\" y=\"{top + plotHeight + 16}\" text-anchor=\"middle\">{xTicks[i].Label}</text>\n"));
            }
        }

        var ySpacing = yTicks.Count > 1 ? Math.Abs(Py(yTicks[1].Value) - Py(yTicks[0].Value)) : double.PositiveInfinity;
        var yStride = Stride(SvgTextMetrics.LineHeight(FontSize) + 2, ySpacing);
        for (var i = 0; i < yTicks.Count; i++)
        {
            var py = Py(yTicks[i].Value);
            svg.Append(Invariant($"<line x1=\"{left}\" y1=\"{py:F1}\" x2=\"{left + plotWidth}\" y2=\"{py:F1}\" stroke=\"#e5e5e5\"/>\n"));
            if (i % yStride == 0)
            {
                svg.Append(Invariant($"<text x=\"{left - 6}\" y=\"{py + 4:F1}\" text-anchor=\"end\">{yTicks[i].Label}</text>\n"));
            }
        }

        svg.Append(Invariant($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#333\"/>\n"));
        svg.Append(Invariant($"<text x=\"{left + (plotWidth / 2)}\" y=\"{top + plotHeight + 38}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n"));
        svg.Append(Invariant($"<text transform=\"translate(16 {top + (plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n"));

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

                line.Append(Invariant($"{Px(x):F1},{Math.Clamp(Py(y), top - 2, top + plotHeight + 2):F1} "));
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

        // Marker labels stack up from the bottom of the plot (starting again at the bottom when the
        // stack would leave the plot), right of their line, or left of it when the plot ends first.
        var stack = Math.Max(1, (int)((plotHeight - 12) / MarkerLabelSpacing));
        for (var m = 0; m < _markers.Count; m++)
        {
            var (x, label, color) = _markers[m];
            if (!double.IsFinite(x) || (logX && x <= 0))
            {
                continue;
            }

            var px = Px(x);
            var labelWidth = TextWidth(label);
            var labelX = px + 4 + labelWidth <= left + plotWidth ? px + 4 : Math.Max(left + 2, px - 4 - labelWidth);
            svg.Append(Invariant($"<line x1=\"{px:F1}\" y1=\"{top}\" x2=\"{px:F1}\" y2=\"{top + plotHeight}\" stroke=\"{color}\" stroke-dasharray=\"2 3\"/>\n"));
            svg.Append(Invariant($"<text x=\"{labelX:F1}\" y=\"{top + plotHeight - 8 - (m % stack * MarkerLabelSpacing)}\" fill=\"{color}\">{Escape(label)}</text>\n"));
        }

        // Legend below the x-axis label: rows centred on the canvas.
        var legendTop = top + plotHeight + 38;
        for (var s = 0; s < _series.Count; s++)
        {
            var (row, x, name) = legend.Entries[s];
            var y = legendTop + (LegendRowHeight * (row + 1));
            svg.Append(Invariant($"<line x1=\"{x:F1}\" y1=\"{y - 4}\" x2=\"{x + LegendSwatch:F1}\" y2=\"{y - 4}\" stroke=\"{_series[s].Color}\" stroke-width=\"2\"/>"));
            svg.Append(Invariant($"<text x=\"{x + LegendSwatch + 6:F1}\" y=\"{y}\">{Escape(name)}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>
    /// Places the legend entries (a 22 px line, 6 px, the name) in rows of at most the canvas width less
    /// 10 px each side, 16 px apart, each row centred; a name too long for a row of its own is shortened
    /// with an ellipsis.
    /// </summary>
    private (int Rows, List<(int Row, double X, string Name)> Entries) LayOutLegend(int width)
    {
        var available = width - (2.0 * Pad);
        var rows = new List<List<(string Name, double Width)>>();
        foreach (var series in _series)
        {
            var name = series.Name;
            while (name.Length > 0 && LegendSwatch + 6 + TextWidth(name) > available)
            {
                name = name[..^(name.EndsWith('…') ? 2 : 1)] + "…";
            }

            var entryWidth = LegendSwatch + 6 + TextWidth(name);
            var row = rows.Count > 0 ? rows[^1] : null;
            if (row is null || row.Sum(e => e.Width) + (row.Count * LegendGap) + entryWidth > available)
            {
                row = [];
                rows.Add(row);
            }

            row.Add((name, entryWidth));
        }

        var entries = new List<(int Row, double X, string Name)>();
        for (var r = 0; r < rows.Count; r++)
        {
            var x = (width - (rows[r].Sum(e => e.Width) + ((rows[r].Count - 1) * LegendGap))) / 2;
            foreach (var (name, entryWidth) in rows[r])
            {
                entries.Add((r, x, name));
                x += entryWidth + LegendGap;
            }
        }

        return (rows.Count, entries);
    }

    /// <summary>Breaks <paramref name="text"/> at spaces into lines no wider than <paramref name="maxWidth"/> (a single word may be wider).</summary>
    private static List<string> Wrap(string text, double fontSize, bool bold, double maxWidth)
    {
        var lines = new List<string>();
        var current = string.Empty;
        foreach (var word in text.Split(' '))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && SvgTextMetrics.Width(candidate, fontSize, bold) > maxWidth)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        lines.Add(current);
        return lines;
    }

    /// <summary>Label every n-th tick, the smallest n that leaves <paramref name="needed"/> pixels per label.</summary>
    private static int Stride(double needed, double spacing) => spacing >= needed ? 1 : (int)Math.Ceiling(needed / Math.Max(spacing, 1e-9));

    private static double TextWidth(string text) => SvgTextMetrics.Width(text, FontSize);

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
