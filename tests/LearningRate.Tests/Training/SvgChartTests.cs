using System.Globalization;
using System.Xml.Linq;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// The chart's layout, checked against its documented geometry: with short labels a 70 px left margin,
/// 20 px right, 36 px top and 48 px bottom plus 18 px per legend row (one row here unless a test says
/// otherwise); x spans the data (or its log10), y spans the data widened by 5 % each side; non-finite
/// points break lines; points above <see cref="SvgChart.YMax"/> sit 2 px above the plot. Text widths are
/// DejaVu Sans advances, transcribed per test from the font's table (thousandths of an em × size).
/// </summary>
public class SvgChartTests
{
    private const double Left = 70, Top = 36;
    private const int Width = 400, Height = 300;
    private const double PlotWidth = Width - 70 - 20, PlotHeight = Height - 36 - 48 - 18;
    private const double NoLegendPlotHeight = Height - 36 - 48; // a chart without series has no legend row

    [Fact]
    public void Render_LinearAxes_PlacesPointsOnTheDocumentedGeometry()
    {
        var chart = new SvgChart("title", "x", "y", logX: false);
        chart.AddSeries("s", [0, 5, 10], [0, 1, 0.5], "#123456");

        var svg = Parse(chart.Render(Width, Height));

        svg.Attribute("width")!.Value.Should().Be("400");
        svg.Attribute("height")!.Value.Should().Be("300");
        svg.Attribute("viewBox")!.Value.Should().Be("0 0 400 300");
        var points = Points(Single(svg, "polyline"));
        // y spans [0, 1] widened by 5 % of its range on each side: [-0.05, 1.05].
        points.Select(p => p.X).Should().Equal([Left, Left + (PlotWidth / 2), Left + PlotWidth], AtPrintedPrecision);
        points.Select(p => p.Y).Should().Equal([YPixel(0, -0.05, 1.05), YPixel(1, -0.05, 1.05), YPixel(0.5, -0.05, 1.05)], AtPrintedPrecision);
        Single(svg, "polyline").Attribute("stroke")!.Value.Should().Be("#123456");
        Single(svg, "polyline").Attribute("stroke-width")!.Value.Should().Be("1.5");
        Single(svg, "polyline").Attribute("stroke-dasharray").Should().BeNull();
    }

    [Fact]
    public void Render_Frame_Title_AndAxisLabels_AreWhereDocumented()
    {
        var chart = new SvgChart("Loss <&> rate", "steps", "loss", logX: false);
        chart.AddSeries("s", [0, 1], [0, 1], "#000");

        var svg = Parse(chart.Render(Width, Height));

        var frame = Elements(svg, "rect").Single(r => r.Attribute("fill")?.Value == "none");
        frame.Attribute("x")!.Value.Should().Be("70");
        frame.Attribute("y")!.Value.Should().Be("36");
        frame.Attribute("width")!.Value.Should().Be(PlotWidth.ToString(CultureInfo.InvariantCulture));
        frame.Attribute("height")!.Value.Should().Be(PlotHeight.ToString(CultureInfo.InvariantCulture));
        var texts = Elements(svg, "text").ToList();
        var title = texts.Single(t => t.Value == "Loss <&> rate");
        title.Attribute("x")!.Value.Should().Be("200");
        texts.Single(t => t.Value == "steps").Attribute("y")!.Value.Should().Be((Top + PlotHeight + 38).ToString(CultureInfo.InvariantCulture));
        texts.Single(t => t.Value == "steps").Attribute("x")!.Value.Should().Be((Left + (PlotWidth / 2)).ToString(CultureInfo.InvariantCulture));
        texts.Single(t => t.Value == "loss").Attribute("transform")!.Value.Should().Be($"translate(16 {Top + (PlotHeight / 2)}) rotate(-90)");
    }

    [Fact]
    public void Render_YTicks_AreOneTwoOrFiveTimesAPowerOfTen_InsideTheRange()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0, 1], [0, 1], "#000");

        var svg = Parse(chart.Render(Width, Height));

        // Range [-0.05, 1.05]: a fifth is 0.22, so the step is 0.2.
        var yLabels = Elements(svg, "text").Where(t => t.Attribute("text-anchor")?.Value == "end").Select(t => t.Value);
        yLabels.Should().Equal("0", "0.2", "0.4", "0.6", "0.8", "1");
        var xLabels = Elements(svg, "text").Where(t => t.Attribute("y")?.Value == (Top + PlotHeight + 16).ToString(CultureInfo.InvariantCulture)).Select(t => t.Value);
        xLabels.Should().Equal("0", "0.2", "0.4", "0.6", "0.8", "1");
    }

    [Theory]
    [InlineData(0, 12, new[] { "0", "2", "4", "6", "8", "10", "12" })]   // fifth 2.4 → step 2
    [InlineData(0, 30, new[] { "0", "5", "10", "15", "20", "25", "30" })] // fifth 6 → step 5
    [InlineData(0, 40, new[] { "0", "10", "20", "30", "40" })]            // fifth 8 → step 10
    [InlineData(-3, 3, new[] { "-3", "-2", "-1", "0", "1", "2", "3" })]   // fifth 1.2 → step 1, 0 exact
    [InlineData(0, 7.5, new[] { "0", "2", "4", "6" })]                    // fifth exactly 1.5 → step 2
    [InlineData(0, 17.5, new[] { "0", "5", "10", "15" })]                 // fifth exactly 3.5 → step 5
    [InlineData(0, 37.5, new[] { "0", "10", "20", "30" })]                // fifth exactly 7.5 → step 10
    [InlineData(0, 0.3, new[] { "0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3" })] // fifth 0.06 → step 5·0.01
    [InlineData(0, 0.4, new[] { "0", "0.1", "0.2", "0.3", "0.4" })]                   // fifth 0.08 → step 10·0.01
    [InlineData(1.3, 9.1, new[] { "2", "4", "6", "8" })]                  // the first tick is the first multiple of the step
    public void Render_XTicks_FollowTheOneTwoFiveRule(double min, double max, string[] expected)
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [min, max], [0, 1], "#000");

        var svg = Parse(chart.Render(Width, Height));

        var tickY = (Top + PlotHeight + 16).ToString(CultureInfo.InvariantCulture);
        Elements(svg, "text").Where(t => t.Attribute("y")?.Value == tickY).Select(t => t.Value).Should().Equal(expected);
    }

    [Fact]
    public void Render_LogX_UsesDecadeTicks_AndSkipsNonPositiveX()
    {
        var chart = new SvgChart("t", "lr", "loss", logX: true);
        chart.AddSeries("s", [-1, 0, 1e-3, 1e-2, 1e-1, 1], [5, 5, 1, 2, 3, 4], "#000");

        var svg = Parse(chart.Render(Width, Height));

        var tickY = (Top + PlotHeight + 16).ToString(CultureInfo.InvariantCulture);
        Elements(svg, "text").Where(t => t.Attribute("y")?.Value == tickY).Select(t => t.Value).Should().Equal("1e-3", "1e-2", "1e-1", "1e0");
        var points = Points(Single(svg, "polyline"));
        points.Select(p => p.X).Should().Equal([Left, Left + (PlotWidth / 3), Left + (2 * PlotWidth / 3), Left + PlotWidth], AtPrintedPrecision);
    }

    [Fact]
    public void Render_NonFinitePoints_BreakTheLine()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0, 1, 2, 3, 4, 5], [1, 2, double.NaN, 3, double.PositiveInfinity, 4], "#000");
        chart.AddSeries("t", [0, double.NaN, 2], [1, 1, 1], "#111", width: 2, dashed: true);

        var svg = Parse(chart.Render(Width, Height));

        var lines = Elements(svg, "polyline").ToList();
        lines.Select(l => Points(l).Count).Should().Equal(2, 1, 1, 1, 1);
        lines.Take(3).Select(l => Points(l)[0].X).Should().Equal([Left, Left + (3 * PlotWidth / 5), Left + PlotWidth], AtPrintedPrecision);
        lines[3].Attribute("stroke-dasharray")!.Value.Should().Be("5 3");
        lines[3].Attribute("stroke-width")!.Value.Should().Be("2");
    }

    [Fact]
    public void Render_YMax_CapsTheAxis_AndClampsPointsAboveIt()
    {
        var chart = new SvgChart("t", "x", "y", logX: false) { YMax = 2 };
        chart.AddSeries("s", [0, 1, 2], [0, 2, 100], "#000");

        var points = Points(Single(Parse(chart.Render(Width, Height)), "polyline"));

        points[1].Y.Should().BeApproximately(YPixel(2, -0.1, 2.1), 0.05);
        points[2].Y.Should().Be(Top - 2);
    }

    [Theory]
    [InlineData(3.0)]  // cap above the data maximum: ignored
    [InlineData(0.0)]  // cap at the data minimum: ignored
    [InlineData(-1.0)] // cap below the data: ignored
    public void Render_YMax_OutsideTheData_IsIgnored(double cap)
    {
        var chart = new SvgChart("t", "x", "y", logX: false) { YMax = cap };
        chart.AddSeries("s", [0, 1], [0, 2], "#000");

        var points = Points(Single(Parse(chart.Render(Width, Height)), "polyline"));

        points.Select(p => p.Y).Should().Equal([YPixel(0, -0.1, 2.1), YPixel(2, -0.1, 2.1)], AtPrintedPrecision);
    }

    [Fact]
    public void Render_ConstantSeries_WidensTheRange_AroundIt()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [4, 4], [-6, -6], "#000");

        var points = Points(Single(Parse(chart.Render(Width, Height)), "polyline"));

        // x: 4 ± 0.5·max(1, 4) = [2, 6]; y: -6 ± 3 = [-9, -3], then 5 % of 6 on each side.
        points.Should().AllSatisfy(p => p.X.Should().Be(Left + (PlotWidth / 2)));
        points.Should().AllSatisfy(p => p.Y.Should().BeApproximately(YPixel(-6, -9.3, -2.7), 0.05));
    }

    [Fact]
    public void Render_SmallConstant_WidensByAtLeastHalfAUnit()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0.1, 0.1], [0.1, 0.1], "#000");

        // 0.1 ± 0.5·max(1, 0.1) on both axes: the point sits in the middle of the plot.
        var point = Points(Single(Parse(chart.Render(Width, Height)), "polyline"))[0];
        point.X.Should().Be(Left + (PlotWidth / 2));
        point.Y.Should().Be(Top + (PlotHeight / 2));
    }

    [Fact]
    public void Render_Markers_DrawALineAndAStackedLabel_AndSkipUnplottableOnes()
    {
        var chart = new SvgChart("t", "x", "y", logX: true);
        chart.AddSeries("s", [1e-4, 1], [1, 2], "#000");
        chart.AddMarker(1e-2, "first <", "#f00");
        chart.AddMarker(0, "nowhere", "#0f0");
        chart.AddMarker(double.NaN, "nan", "#0f0");
        chart.AddMarker(1e-1, "fourth", "#00f");

        var svg = Parse(chart.Render(Width, Height));

        var markerLines = Elements(svg, "line").Where(l => l.Attribute("stroke-dasharray")?.Value == "2 3").ToList();
        markerLines.Select(l => l.Attribute("stroke")!.Value).Should().Equal("#f00", "#00f");
        markerLines[0].Attribute("x1")!.Value.Should().Be(Format(Left + (PlotWidth / 2)));
        markerLines[0].Attribute("y1")!.Value.Should().Be("36");
        markerLines[0].Attribute("y2")!.Value.Should().Be((Top + PlotHeight).ToString(CultureInfo.InvariantCulture));
        var labels = Elements(svg, "text").Where(t => t.Attribute("fill") is not null).ToList();
        labels.Select(t => t.Value).Should().Equal("first <", "fourth");
        labels[0].Attribute("x")!.Value.Should().Be(Format(Left + (PlotWidth / 2) + 4));
        labels[0].Attribute("y")!.Value.Should().Be((Top + PlotHeight - 8).ToString(CultureInfo.InvariantCulture));
        labels[1].Attribute("y")!.Value.Should().Be((Top + PlotHeight - 8 - (3 * 14)).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Render_Legend_ListsSeriesBelowThePlot_InOneCentredRow_InTheirColours()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("a & b", [0, 1], [0, 1], SvgChart.Color(0));
        chart.AddSeries("c", [0, 1], [1, 0], SvgChart.Color(1));

        var svg = Parse(chart.Render(Width, Height));

        // "a & b" = a 613 + space 318 + & 780 + space 318 + b 635 = 2664/1000 em = 31.968 px; "c" = 550 → 6.6 px.
        // Entries are 22 px of line, 6 px, the name; 16 px apart; the row (110.568 px) is centred on the 400 px canvas.
        var x0 = (Width - ((28 + 31.968) + 16 + (28 + 6.6))) / 2;
        var baseline = Top + PlotHeight + 38 + 18;
        var legend = Elements(svg, "line").Where(l => l.Attribute("stroke-width")?.Value == "2").ToList();
        legend.Select(l => l.Attribute("stroke")!.Value).Should().Equal(SvgChart.Color(0), SvgChart.Color(1));
        var lineY = (baseline - 4).ToString(CultureInfo.InvariantCulture);
        legend.Select(l => l.Attribute("y1")!.Value).Should().Equal(lineY, lineY);
        legend.Select(l => l.Attribute("y2")!.Value).Should().Equal(lineY, lineY);
        legend.Select(l => l.Attribute("x1")!.Value).Should().Equal(Format(x0), Format(x0 + 28 + 31.968 + 16));
        legend.Select(l => l.Attribute("x2")!.Value).Should().Equal(Format(x0 + 22), Format(x0 + 28 + 31.968 + 16 + 22));
        var names = Elements(svg, "text").Where(t => t.Value is "a & b" or "c").ToList();
        names.Select(t => t.Attribute("x")!.Value).Should().Equal(Format(x0 + 28), Format(x0 + 28 + 31.968 + 16 + 28));
        names.Select(t => t.Attribute("y")!.Value).Should().Equal(baseline.ToString(CultureInfo.InvariantCulture), baseline.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Render_Legend_WrapsIntoRows_AndTheBottomMarginGrowsByEighteenPixelsARow()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        for (var s = 0; s < 5; s++)
        {
            chart.AddSeries(new string('M', 10), [0, 1], [0, 1], SvgChart.Color(s));
        }

        var svg = Parse(chart.Render(Width, Height));

        // "MMMMMMMMMM" = 10 × 863/1000 em × 12 = 103.56 px, an entry 131.56 px: two fit in 380 px (279.12), three do not (426.68).
        var frameHeight = Height - Top - 48 - (3 * 18);
        Elements(svg, "rect").Single(r => r.Attribute("fill")?.Value == "none").Attribute("height")!.Value.Should().Be(frameHeight.ToString(CultureInfo.InvariantCulture));
        var rows = Elements(svg, "text").Where(t => t.Value == new string('M', 10)).Select(t => double.Parse(t.Attribute("y")!.Value, CultureInfo.InvariantCulture)).ToList();
        var first = Top + frameHeight + 38 + 18;
        rows.Should().Equal(first, first, first + 18, first + 18, first + 36);
        var lastRow = Elements(svg, "text").Where(t => t.Value == new string('M', 10)).Last();
        lastRow.Attribute("x")!.Value.Should().Be(Format(((Width - 131.56) / 2) + 28), "a row of one is centred too");
    }

    [Fact]
    public void Render_Legend_ShortensANameWiderThanTheCanvas_WithAnEllipsis()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries(new string('M', 40), [0, 1], [0, 1], "#000");

        var svg = Parse(chart.Render(Width, Height));

        // 28 px + k × 10.356 px (M) + 12 px (…, a full em) must fit 380 px: k = 32.
        var name = Elements(svg, "text").Single(t => t.Value.StartsWith("MMM", StringComparison.Ordinal));
        name.Value.Should().Be(new string('M', 32) + "…");
    }

    [Fact]
    public void Render_LongTitle_WrapsOntoEighteenPixelLines_AndPushesThePlotDown()
    {
        var chart = new SvgChart("MMMM MMMM MMMM", "x", "y", logX: false);
        chart.AddSeries("s", [0, 1], [0, 1], "#000");

        var svg = Parse(chart.Render(200, 300));

        // Bold M = 995/1000 em at 15 px: "MMMM MMMM" = (8 × 995 + 348) × 0.015 = 124.6 px fits 180 px; all three words (189.5 px) do not.
        var titles = Elements(svg, "text").Where(t => t.Attribute("font-weight")?.Value == "bold").ToList();
        titles.Select(t => t.Value).Should().Equal("MMMM MMMM", "MMMM");
        titles.Select(t => t.Attribute("y")!.Value).Should().Equal("22", "40");
        Elements(svg, "rect").Single(r => r.Attribute("fill")?.Value == "none").Attribute("y")!.Value.Should().Be("54");
    }

    [Fact]
    public void Render_WideTickLabels_WidenTheMargins_AndThinTheXLabels()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0, 1.2e7], [0, 1.2e7], "#000");

        var svg = Parse(chart.Render(Width, Height));

        // "1.2E+07" = 1 636 + . 318 + 2 636 + E 632 + + 838 + 0 636 + 7 636 = 4332/1000 em = 51.984 px:
        // left = ceil(30 + 51.984) = 82, right = ceil(4 + 25.992) = 30.
        var frame = Elements(svg, "rect").Single(r => r.Attribute("fill")?.Value == "none");
        frame.Attribute("x")!.Value.Should().Be("82");
        frame.Attribute("width")!.Value.Should().Be((Width - 82 - 30).ToString(CultureInfo.InvariantCulture));
        // Ticks every 2E+06 are 288/6 = 48 px apart, under the 59.984 px a label needs: every second one is labelled.
        var tickY = (Top + PlotHeight + 16).ToString(CultureInfo.InvariantCulture);
        Elements(svg, "text").Where(t => t.Attribute("y")?.Value == tickY).Select(t => t.Value).Should().Equal("0", "4E+06", "8E+06", "1.2E+07");
        Elements(svg, "line").Count(l => l.Attribute("stroke")?.Value == "#e5e5e5" && l.Attribute("y1")!.Value == "36").Should().Be(7, "every tick keeps its grid line");
    }

    [Fact]
    public void Render_MarkerLabelThatWouldLeaveThePlot_SitsLeftOfItsLine()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0, 10], [0, 1], "#000");
        chart.AddMarker(10, "edge", "#f00");

        var svg = Parse(chart.Render(Width, Height));

        // "edge" = e 615 + d 635 + g 635 + e 615 = 2500/1000 em = 30 px; the line is at the plot's right edge.
        Elements(svg, "text").Single(t => t.Value == "edge").Attribute("x")!.Value.Should().Be(Format(Left + PlotWidth - 4 - 30));
    }

    [Fact]
    public void Render_TooSmallForItsText_GrowsTheCanvas_ToKeepASixtyPixelPlot()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0, 1], [0, 1], "#000");
        chart.AddMarker(0.5, new string('M', 20), "#f00");

        var svg = Parse(chart.Render(200, 150));

        // Height: 36 + 60 + 48 + 18 = 162. Width: the 207.12 px marker label plus 8 px, plus 70 + 20 px of margins.
        svg.Attribute("height")!.Value.Should().Be("162");
        svg.Attribute("width")!.Value.Should().Be("306");
        svg.Attribute("viewBox")!.Value.Should().Be("0 0 306 162");
    }

    [Fact]
    public void Render_AsksForTheChartFont()
    {
        var svg = Parse(new SvgChart("t", "x", "y", logX: false).Render(Width, Height));

        svg.Attribute("font-family")!.Value.Should().Be("DejaVu Sans, Verdana, sans-serif");
        svg.Attribute("font-size")!.Value.Should().Be("12");
    }

    [Fact]
    public void Render_GridLines_SitOnTheTicks_AcrossThePlot()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0, 1], [0, 1], "#000");

        var svg = Parse(chart.Render(Width, Height));

        var grid = Elements(svg, "line").Where(l => l.Attribute("stroke")?.Value == "#e5e5e5").ToList();
        var vertical = grid.Where(l => l.Attribute("x1")!.Value == l.Attribute("x2")!.Value).ToList();
        var horizontal = grid.Where(l => l.Attribute("y1")!.Value == l.Attribute("y2")!.Value).ToList();
        vertical.Select(l => double.Parse(l.Attribute("x1")!.Value, CultureInfo.InvariantCulture))
            .Should().Equal(new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 }.Select(x => Left + (x * PlotWidth)), AtPrintedPrecision);
        vertical.Should().AllSatisfy(l =>
        {
            l.Attribute("y1")!.Value.Should().Be("36");
            l.Attribute("y2")!.Value.Should().Be((Top + PlotHeight).ToString(CultureInfo.InvariantCulture));
        });
        horizontal.Select(l => double.Parse(l.Attribute("y1")!.Value, CultureInfo.InvariantCulture))
            .Should().Equal(new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 }.Select(y => YPixel(y, -0.05, 1.05)), AtPrintedPrecision);
        horizontal.Should().AllSatisfy(l =>
        {
            l.Attribute("x1")!.Value.Should().Be("70");
            l.Attribute("x2")!.Value.Should().Be((Left + PlotWidth).ToString(CultureInfo.InvariantCulture));
        });
        var yLabels = Elements(svg, "text").Where(t => t.Attribute("text-anchor")?.Value == "end").ToList();
        yLabels.Should().AllSatisfy(t => t.Attribute("x")!.Value.Should().Be("64"));
        double.Parse(yLabels[0].Attribute("y")!.Value, CultureInfo.InvariantCulture).Should().BeApproximately(YPixel(0, -0.05, 1.05) + 4, 0.051);
    }

    [Fact]
    public void Render_LogGridLines_SitOnTheDecades()
    {
        var chart = new SvgChart("t", "x", "y", logX: true);
        chart.AddSeries("s", [1e-2, 1], [0, 1], "#000");

        var svg = Parse(chart.Render(Width, Height));

        Elements(svg, "line").Where(l => l.Attribute("stroke")?.Value == "#e5e5e5" && l.Attribute("y1")!.Value == "36")
            .Select(l => double.Parse(l.Attribute("x1")!.Value, CultureInfo.InvariantCulture))
            .Should().Equal([Left, Left + (PlotWidth / 2), Left + PlotWidth], AtPrintedPrecision);
    }

    [Fact]
    public void Render_Background_AndClipping_AreInPlace()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0, 1], [0, 1], "#000");

        var svg = Parse(chart.Render(Width, Height));

        var background = Elements(svg, "rect").First();
        background.Attribute("fill")!.Value.Should().Be("white");
        background.Attribute("width")!.Value.Should().Be("400");
        background.Attribute("height")!.Value.Should().Be("300");
        var clip = Elements(svg, "clipPath").Should().ContainSingle().Subject;
        clip.Attribute("id")!.Value.Should().Be("plot");
        var clipRect = clip.Elements().Single();
        (clipRect.Attribute("x")!.Value, clipRect.Attribute("y")!.Value, clipRect.Attribute("width")!.Value, clipRect.Attribute("height")!.Value)
            .Should().Be(("70", "36", "310", "198"));
        Elements(svg, "g").Should().AllSatisfy(g => g.Attribute("clip-path")!.Value.Should().Be("url(#plot)"));
        Single(svg, "polyline").Parent!.Name.LocalName.Should().Be("g");
    }

    [Fact]
    public void Render_AsymmetricRange_PadsByFivePercentOfItsWidth()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0, 1], [1, 3], "#000");

        var points = Points(Single(Parse(chart.Render(Width, Height)), "polyline"));

        // [1, 3] widened by 0.05·2 on each side.
        points.Select(p => p.Y).Should().Equal([YPixel(1, 0.9, 3.1), YPixel(3, 0.9, 3.1)], AtPrintedPrecision);
    }

    [Fact]
    public void Render_MarkersWidenTheXRange()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0, 1], [0, 1], "#000");
        chart.AddMarker(2, "beyond", "#f00");

        var svg = Parse(chart.Render(Width, Height));

        Points(Single(svg, "polyline")).Select(p => p.X).Should().Equal([Left, Left + (PlotWidth / 2)], AtPrintedPrecision);
        Elements(svg, "line").Single(l => l.Attribute("stroke")?.Value == "#f00").Attribute("x1")!.Value.Should().Be(Format(Left + PlotWidth));
    }

    [Fact]
    public void Render_SeriesOfUnequalLengths_UsesTheCommonPoints()
    {
        var chart = new SvgChart("t", "x", "y", logX: false);
        chart.AddSeries("s", [0, 1, 2], [0, 1], "#000");
        chart.AddSeries("t", [0, 1], [0, 1, 2], "#111");

        var svg = Parse(chart.Render(Width, Height));

        Elements(svg, "polyline").Select(l => Points(l).Count).Should().Equal(2, 2);
    }

    [Fact]
    public void Render_EmptyLinearChart_SpansZeroToOne()
    {
        var svg = Parse(new SvgChart("t", "x", "y", logX: false).Render(Width, Height));

        var tickY = (Top + NoLegendPlotHeight + 16).ToString(CultureInfo.InvariantCulture);
        Elements(svg, "text").Where(t => t.Attribute("y")?.Value == tickY).Select(t => t.Value).Should().Equal("0", "0.2", "0.4", "0.6", "0.8", "1");
        Elements(svg, "text").Where(t => t.Attribute("text-anchor")?.Value == "end").Select(t => t.Value).Should().Equal("0", "0.2", "0.4", "0.6", "0.8", "1");
    }

    [Fact]
    public void Color_CyclesThroughEightDistinctColours()
    {
        var colours = Enumerable.Range(0, 8).Select(SvgChart.Color).ToList();
        colours.Should().OnlyHaveUniqueItems().And.AllSatisfy(c => c.Should().MatchRegex("^#[0-9a-f]{6}$"));
        SvgChart.Color(8).Should().Be(colours[0]);
        SvgChart.Color(13).Should().Be(colours[5]);
    }

    [Fact]
    public void Render_EmptyChart_IsValidSvg_WithoutLines()
    {
        var linear = Parse(new SvgChart("t", "x", "y", logX: false).Render(Width, Height));
        var log = Parse(new SvgChart("t", "x", "y", logX: true).Render(Width, Height));

        Elements(linear, "polyline").Should().BeEmpty();
        Elements(log, "polyline").Should().BeEmpty();
        var tickY = (Top + NoLegendPlotHeight + 16).ToString(CultureInfo.InvariantCulture);
        // An empty log axis spans 1 to 10, widened: 10^0 and 10^1 are its decades.
        Elements(log, "text").Where(t => t.Attribute("y")?.Value == tickY).Select(t => t.Value).Should().Equal("1e0", "1e1");
    }

    private static double YPixel(double y, double yMin, double yMax) => Top + ((1 - ((y - yMin) / (yMax - yMin))) * PlotHeight);

    /// <summary>Pixels are printed with one decimal.</summary>
    private static bool AtPrintedPrecision(double printed, double exact) => Math.Abs(printed - exact) <= 0.05 + 1e-9;

    private static string Format(double pixel) => pixel.ToString("F1", CultureInfo.InvariantCulture);

    private static XElement Parse(string svg) => XDocument.Parse(svg).Root!;

    private static IEnumerable<XElement> Elements(XElement root, string name) => root.Descendants().Where(e => e.Name.LocalName == name);

    private static XElement Single(XElement root, string name) => Elements(root, name).Should().ContainSingle().Subject;

    private static List<(double X, double Y)> Points(XElement polyline) =>
        polyline.Attribute("points")!.Value.Split(' ')
            .Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
}
