using System.Globalization;

namespace LearningRate.Training;

/// <summary>
/// The curve of a <see cref="LearningRateFinder"/> sweep (learning rate, raw loss, online smoothed loss,
/// lag-free trend) and the learning rates the rules suggest from it, each with its rationale.
/// </summary>
/// <remarks>
/// <para>
/// Every rule reads the <see cref="TrendLosses"/> (a running median, then a centred Gaussian: robust to
/// spikes, and without the lag of the online average, which shifts a fastai-style curve towards larger
/// rates by about β/(1 − β) points) over the window that skips the first
/// <see cref="LearningRateFinderOptions.SkipStart"/> fraction and the last
/// <see cref="LearningRateFinderOptions.SkipEnd"/> points (the whole curve when that leaves fewer than 3).
/// Slopes are taken against ln γ, per decade when reported, whatever the sweep mode.
/// </para>
/// <para>
/// The computation is deterministic: the same losses give the same suggestions, so a sweep whose callback
/// draws its batches from a seeded <see cref="MiniBatches"/> is reproducible end to end.
/// </para>
/// </remarks>
public sealed class LearningRateFinderResult
{
    private readonly double[] _learningRates;
    private readonly double[] _losses;
    private readonly double[] _smoothed;
    private readonly double[] _trend;
    private readonly SweepMode _mode;

    internal LearningRateFinderResult(LearningRateFinderOptions options, List<double> learningRates, List<double> losses, List<double> smoothed, FinderStopReason stopReason)
    {
        _mode = options.Mode;
        _learningRates = [.. learningRates];
        _losses = [.. losses];
        _smoothed = [.. smoothed];
        StopReason = stopReason;
        var n = _losses.Length;
        _trend = LossCurves.Trend(_losses, options.TrendWidth ?? Math.Max(1, n / 20.0));

        var lo = (int)Math.Floor(n * options.SkipStart);
        var hi = n - options.SkipEnd;
        if (hi - lo < 3)
        {
            (lo, hi) = (0, n);
        }

        var suggestions = new List<LearningRateSuggestion>();
        if (n >= 3)
        {
            AddSteepest(suggestions, lo, hi);
            AddMinimum(suggestions, lo, hi);
            AddValley(suggestions, lo, hi);
        }

        Suggestions = suggestions;
    }

    /// <summary>Gets the learning rate of each recorded step.</summary>
    public IReadOnlyList<double> LearningRates => _learningRates;

    /// <summary>Gets the loss the callback returned at each recorded step.</summary>
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>Gets the debiased online average of the losses (fastai's plotted curve; the divergence stop reads it).</summary>
    public IReadOnlyList<double> SmoothedLosses => _smoothed;

    /// <summary>Gets the lag-free trend of the losses that every suggestion reads.</summary>
    public IReadOnlyList<double> TrendLosses => _trend;

    /// <summary>Gets why the sweep ended.</summary>
    public FinderStopReason StopReason { get; }

    /// <summary>Gets every suggestion the curve supports, in the order steepest, minimum/10, valley (a rule with no answer is absent).</summary>
    public IReadOnlyList<LearningRateSuggestion> Suggestions { get; }

    /// <summary>Gets the steepest-descent suggestion, or null when the trend never falls.</summary>
    public LearningRateSuggestion? Steepest => Find(SuggestionRule.Steepest);

    /// <summary>Gets the minimum-divided-by-10 suggestion, or null when fewer than 3 points were recorded.</summary>
    public LearningRateSuggestion? MinimumOverTen => Find(SuggestionRule.MinimumOverTen);

    /// <summary>Gets the valley suggestion, or null when the trend has no descending stretch.</summary>
    public LearningRateSuggestion? Valley => Find(SuggestionRule.Valley);

    /// <summary>
    /// Gets the recommended start: the valley (fastai's default, which sits inside the fast-falling region
    /// rather than on its edge), else the steepest point, else the minimum/10; null when none exists.
    /// </summary>
    public LearningRateSuggestion? Recommended => Valley ?? Steepest ?? MinimumOverTen;

    /// <summary>
    /// Gets how far the suggestions disagree, in decades: log₁₀(largest/smallest). Below about 0.5 the
    /// curve is clear; above 1, look at the plot (noisy loss, too short a sweep, or a range that misses
    /// the descent). 0 with fewer than two suggestions.
    /// </summary>
    public double SpreadInDecades => Suggestions.Count < 2 ? 0 : Math.Log10(Suggestions.Max(s => s.LearningRate) / Suggestions.Min(s => s.LearningRate));

    /// <summary>Writes the curve as CSV: <c>step,learning_rate,loss,smoothed_loss,trend_loss</c>, invariant culture.</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("step,learning_rate,loss,smoothed_loss,trend_loss");
        for (var i = 0; i < _losses.Length; i++)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{_learningRates[i]:R},{_losses[i]:R},{_smoothed[i]:R},{_trend[i]:R}"));
        }
    }

    /// <summary>
    /// Draws the curve as a self-contained SVG document: raw loss, smoothed loss and trend against the
    /// learning rate (log axis for an exponential sweep), a dotted line at each suggestion. The y axis
    /// stops at twice the initial trend's distance above its minimum, so the blow-up does not flatten the rest.
    /// The legend sits below the plot; a long title wraps, and the canvas grows past the requested height
    /// only if the plot would be left under 60 px.
    /// </summary>
    /// <param name="width">The width in pixels, at least 200.</param>
    /// <param name="height">The height in pixels, at least 150.</param>
    /// <param name="title">The chart's title, "Learning-rate range test" by default.</param>
    /// <returns>The SVG text.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is too small.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="title"/> is null.</exception>
    public string ToSvg(int width = 720, int height = 420, string title = "Learning-rate range test")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);
        ArgumentNullException.ThrowIfNull(title);
        var chart = new SvgChart(title, "learning rate", "loss", _mode == SweepMode.Exponential);
        chart.AddSeries("loss", _learningRates, _losses, "#b0c4de", 1);
        chart.AddSeries("smoothed (online)", _learningRates, _smoothed, "#ff7f0e", 1.5, dashed: true);
        chart.AddSeries("trend", _learningRates, _trend, "#1f77b4", 2);
        if (_trend.Length > 0)
        {
            var min = _trend.Min();
            if (_trend[0] > min)
            {
                chart.YMax = _trend[0] + (2 * (_trend[0] - min));
            }
        }

        foreach (var suggestion in Suggestions)
        {
            var color = suggestion.Rule switch { SuggestionRule.Steepest => "#d62728", SuggestionRule.Valley => "#2ca02c", _ => "#9467bd" };
            chart.AddMarker(suggestion.LearningRate, string.Create(CultureInfo.InvariantCulture, $"{suggestion.Rule} {suggestion.LearningRate:G2}"), color);
        }

        return chart.Render(width, height);
    }

    private LearningRateSuggestion? Find(SuggestionRule rule) => Suggestions.FirstOrDefault(s => s.Rule == rule);

    private void AddSteepest(List<LearningRateSuggestion> suggestions, int lo, int hi)
    {
        var logRates = _learningRates[lo..hi].Select(rate => Math.Log(rate)).ToArray();
        var slopes = LossCurves.Slopes(logRates, _trend[lo..hi]);
        var best = 0;
        for (var i = 1; i < slopes.Length; i++)
        {
            best = slopes[i] < slopes[best] ? i : best;
        }

        if (slopes[best] < 0)
        {
            var index = lo + best;
            var perDecade = slopes[best] * Math.Log(10);
            suggestions.Add(new LearningRateSuggestion(
                SuggestionRule.Steepest,
                _learningRates[index],
                index,
                _trend[index],
                string.Create(CultureInfo.InvariantCulture, $"The loss falls fastest here ({perDecade:G3} per decade of learning rate), so each step makes the most progress; an aggressive start, best with warmup or a decaying schedule.")));
        }
    }

    private void AddMinimum(List<LearningRateSuggestion> suggestions, int lo, int hi)
    {
        var index = lo;
        for (var i = lo + 1; i < hi; i++)
        {
            index = _trend[i] < _trend[index] ? i : index;
        }

        suggestions.Add(new LearningRateSuggestion(
            SuggestionRule.MinimumOverTen,
            _learningRates[index] / 10,
            index,
            _trend[index],
            string.Create(CultureInfo.InvariantCulture, $"The loss is lowest at {_learningRates[index]:G3}, the edge of stability, where the next rates already make it climb; a tenth of it stays clear of that edge: a conservative start.")));
    }

    private void AddValley(List<LearningRateSuggestion> suggestions, int lo, int hi)
    {
        var (first, last, length) = LossCurves.LongestDescent(_trend, lo, hi);
        if (length < 2)
        {
            return;
        }

        var index = first + ((last - first) / 2);
        suggestions.Add(new LearningRateSuggestion(
            SuggestionRule.Valley,
            _learningRates[index],
            index,
            _trend[index],
            string.Create(CultureInfo.InvariantCulture, $"The longest descending stretch of the loss runs from {_learningRates[first]:G3} to {_learningRates[last]:G3}; its middle is well inside the region where training makes progress and far from the blow-up: a robust default.")));
    }
}
