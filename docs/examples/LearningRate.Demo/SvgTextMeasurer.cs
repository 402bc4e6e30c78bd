using LearningRate.Training;
using OxyPlot;

namespace LearningRate.Demo;

/// <summary>
/// Measures text for OxyPlot's <see cref="SvgExporter"/> with the advance widths of the font the charts ask
/// for (<see cref="SvgTextMetrics.FontFamily"/>). OxyPlot's default measurer uses PDF Helvetica widths,
/// narrower than DejaVu Sans, so its legend boxes came out too small and cut their labels. Draws nothing.
/// </summary>
internal sealed class SvgTextMeasurer : RenderContextBase
{
    /// <summary>An exporter of the given size that measures with these widths and writes <see cref="SvgTextMetrics.FontFamily"/>.</summary>
    public static SvgExporter Exporter(double width, double height) =>
        new() { Width = width, Height = height, UseVerticalTextAlignmentWorkaround = true, TextMeasurer = new SvgTextMeasurer() };

    public override int ClipCount => 0;

    public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
    {
        if (string.IsNullOrEmpty(text))
        {
            return OxySize.Empty;
        }

        var lines = text.Split('\n');
        var bold = fontWeight >= FontWeights.Bold;
        return new OxySize(lines.Max(line => SvgTextMetrics.Width(line.TrimEnd('\r'), fontSize, bold)), lines.Length * SvgTextMetrics.LineHeight(fontSize));
    }

    public override void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[] dashArray, LineJoin lineJoin)
    {
    }

    public override void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[] dashArray, LineJoin lineJoin)
    {
    }

    public override void DrawText(ScreenPoint p, string text, OxyColor fill, string fontFamily, double fontSize, double fontWeight, double rotate, HorizontalAlignment halign, VerticalAlignment valign, OxySize? maxSize)
    {
    }

    public override void PushClip(OxyRect clippingRectangle)
    {
    }

    public override void PopClip()
    {
    }
}
