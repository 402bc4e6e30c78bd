namespace LearningRate.Training;

/// <summary>
/// Text widths for laying out SVG charts without a font engine: the advance widths of DejaVu Sans and
/// DejaVu Sans Bold (the first family of <see cref="FontFamily"/>, present on Linux and the width
/// reference for Verdana-like faces), in thousandths of an em. Kerning only ever narrows a string, so a
/// sum of advances is an upper bound for the rendered width. Characters missing from the table count
/// as a full em, wider than any glyph of the tables, so unknown text errs on the wide side.
/// </summary>
internal static class SvgTextMetrics
{
    /// <summary>The font family every chart asks for: DejaVu Sans, else Verdana, else the generic sans-serif.</summary>
    public const string FontFamily = "DejaVu Sans, Verdana, sans-serif";

    /// <summary>The font's ascent above the baseline, in ems (hhea ascender 1901 / 2048).</summary>
    public const double Ascent = 0.928;

    /// <summary>The font's descent below the baseline, in ems (hhea descender 483 / 2048).</summary>
    public const double Descent = 0.236;

    // Advance widths of U+0020..U+007E in 1/1000 em, read from DejaVuSans.ttf and DejaVuSans-Bold.ttf
    // (2048 units per em, rounded to the nearest thousandth).
    private static readonly short[] s_regular =
    [
        318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
        636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
        1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
        603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
        500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
        635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
    ];

    private static readonly short[] s_bold =
    [
        348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
        696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
        1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
        733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
        500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
        716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
    ];

    /// <summary>The width of <paramref name="text"/> on one line, in pixels: the sum of its advance widths.</summary>
    public static double Width(string text, double fontSize, bool bold = false)
    {
        var table = bold ? s_bold : s_regular;
        var thousandths = 0;
        foreach (var c in text)
        {
            thousandths += c switch
            {
                >= ' ' and <= '~' => table[c - ' '],
                '·' => bold ? 380 : 318,
                'γ' => bold ? 681 : 592,
                '–' => 500,
                '→' or '×' or '≤' or '≥' or '±' => 838,
                _ => 1000,
            };
        }

        return thousandths * fontSize / 1000;
    }

    /// <summary>The height of one line, ascent plus descent, in pixels.</summary>
    public static double LineHeight(double fontSize) => (Ascent + Descent) * fontSize;
}
