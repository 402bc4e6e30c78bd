using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LearningRate.Tests.Infrastructure;

/// <summary>
/// Checks SVG text layout in a real browser: every SVG is inlined in one page (its ids prefixed so that
/// each clip path stays its own), and a script measures every non-empty &lt;text&gt; element with
/// getBoundingClientRect in the SVG's user units. A text is a problem when its box leaves the viewBox
/// (or the width × height canvas when there is none), leaves the rectangle of a clip path on it or one
/// of its ancestors, or overlaps another text's box, each by more than half a pixel.
/// </summary>
internal static partial class SvgTextLayout
{
    private const string Script = """
(function () {
  const tolerance = 0.5;
  const result = {};
  for (const box of document.querySelectorAll('div.case')) {
    const svg = box.querySelector('svg');
    const base = svg.viewBox && svg.viewBox.baseVal;
    const view = base && base.width > 0 ? { x: base.x, y: base.y, width: base.width, height: base.height }
      : { x: 0, y: 0, width: svg.width.baseVal.value, height: svg.height.baseVal.value };
    const frame = svg.getBoundingClientRect();
    const sx = view.width / frame.width, sy = view.height / frame.height;
    const problems = [];
    const boxes = [];
    const describe = b => `[${b.x.toFixed(1)}, ${b.y.toFixed(1)}, ${(b.x + b.w).toFixed(1)}, ${(b.y + b.h).toFixed(1)}]`;
    const outside = (b, r) => b.x < r.x - tolerance || b.y < r.y - tolerance || b.x + b.w > r.x + r.width + tolerance || b.y + b.h > r.y + r.height + tolerance;
    for (const text of svg.querySelectorAll('text')) {
      const content = text.textContent;
      if (!content.trim()) continue;
      const r = text.getBoundingClientRect();
      const b = { text: content, x: view.x + (r.left - frame.left) * sx, y: view.y + (r.top - frame.top) * sy, w: r.width * sx, h: r.height * sy };
      boxes.push(b);
      if (outside(b, view)) problems.push(`"${content}" ${describe(b)} leaves the viewBox [${view.x}, ${view.y}, ${view.x + view.width}, ${view.y + view.height}]`);
      for (let e = text; e && e !== svg.parentNode; e = e.parentElement) {
        const clip = e.getAttribute('clip-path');
        const id = clip && /url\(#([^)]+)\)/.exec(clip);
        if (!id) continue;
        const rect = svg.querySelector(`clipPath[id="${id[1]}"] rect`);
        if (!rect) continue;
        const c = { x: rect.x.baseVal.value, y: rect.y.baseVal.value, width: rect.width.baseVal.value, height: rect.height.baseVal.value };
        if (outside(b, c)) problems.push(`"${content}" ${describe(b)} is cut by clip path ${id[1]} [${c.x}, ${c.y}, ${c.x + c.width}, ${c.y + c.height}]`);
      }
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (dx > tolerance && dy > tolerance) problems.push(`"${a.text}" ${describe(a)} overlaps "${b.text}" ${describe(b)}`);
      }
    }
    result[box.dataset.name] = { texts: boxes.length, problems: problems };
  }
  document.getElementById('result').textContent = JSON.stringify(result);
})();
""";

    /// <summary>Per SVG name: how many texts were measured, and every problem found.</summary>
    public static async Task<Dictionary<string, (int Texts, List<string> Problems)>> CheckAsync(IEnumerable<(string Name, string Svg)> svgs)
    {
        var body = new StringBuilder();
        var index = 0;
        foreach (var (name, svg) in svgs)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"c{index++}-");
            var inline = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..];
            inline = Id().Replace(inline, m => $"id=\"{prefix}{m.Groups[1].Value}\"");
            inline = Reference().Replace(inline, m => $"url(#{prefix}{m.Groups[1].Value})");
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"case\" data-name=\"{System.Net.WebUtility.HtmlEncode(name)}\">{inline}</div>\n");
        }

        using var result = JsonDocument.Parse(await HeadlessChromium.RunAsync(body.ToString(), Script));
        return result.RootElement.EnumerateObject().ToDictionary(
            e => e.Name,
            e => (e.Value.GetProperty("texts").GetInt32(), e.Value.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList()));
    }

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex Id();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex Reference();
}
