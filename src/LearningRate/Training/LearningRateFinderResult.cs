using System.Globalization;

namespace LearningRate.Training;

/// <summary>
/// The curve of a <see cref="LearningRateFinder"/> sweep (learning rate, raw loss, online smoothed loss,
/// lag-free trend), whether it shows a descent, and, only if it does, the learning rates the rules suggest
/// from it, each with what it is for.
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
/// Evidence first: the rules run only when the window shows a descent. With at least 5 points, <see cref="Drop"/> is
/// the trend's largest fall in the window (max over i ≤ j of trend_i − trend_j), <see cref="Noise"/> the raw loss's
/// batch-to-batch noise σ̂ (from the median absolute deviation of second differences, which cancel a smooth trend
/// and ignore spikes), and <see cref="SignalToNoise"/> = Drop/(ρ·σ̂), where ρ = √(Σw²)/Σw is how much the trend's
/// Gaussian kernel w shrinks white noise (ρ ≈ 0.24 for the default width over 100 points, 1 without smoothing). A
/// descent counts when SignalToNoise ≥ <see cref="LearningRateFinderOptions.MinimumSignalToNoise"/> (10) and Drop ≥
/// <see cref="LearningRateFinderOptions.MinimumDrop"/> (1 %) of the loss's size (the largest |trend| in the window).
/// Otherwise <see cref="NoDescentReason"/> says why (the optimizer never stepped, the loss blew up before falling,
/// too few points, it only rose, it is noise, or it is flat), <see cref="Suggestions"/> is empty and
/// <see cref="Recommended"/> is null. Pure Gaussian noise of 50 to 200 points passed the test in at most 0.1 % of
/// seeded trials; a running median of 5 cannot remove three spikes among five neighbouring points, so a loss with
/// frequent large spikes (5 % of 3× spikes) passes in a few per cent of trials: look at the plot.
/// </para>
/// <para>
/// Every suggestion lies inside the recorded range: Steepest, Valley and LossMinimum are recorded points, and
/// MinimumOverTen is left out when a tenth of the minimum's rate falls below the first recorded rate.
/// </para>
/// <para>
/// The computation is deterministic: the same losses give the same suggestions, so a sweep whose callback
/// draws its batches from a seeded <see cref="EndlessMiniBatches"/> is reproducible end to end.
/// </para>
/// </remarks>
public sealed class LearningRateFinderResult
{
    /// <summary>The fewest recorded points from which the result judges a descent (3 second differences for the noise).</summary>
    private const int MinimumPoints = 5;

    private readonly double[] _learningRates;
    private readonly double[] _losses;
    private readonly double[] _smoothed;
    private readonly double[] _trend;
    private readonly SweepMode _mode;

    internal LearningRateFinderResult(LearningRateFinderOptions options, List<double> learningRates, List<double> losses, List<double> smoothed, FinderStopReason stopReason, long optimizerSteps)
    {
        _mode = options.Mode;
        _learningRates = [.. learningRates];
        _losses = [.. losses];
        _smoothed = [.. smoothed];
        StopReason = stopReason;
        OptimizerSteps = optimizerSteps;
        var n = _losses.Length;
        var width = options.TrendWidth ?? Math.Max(1, n / 20.0);
        _trend = LossCurves.Trend(_losses, width);

        var lo = (int)Math.Floor(n * options.SkipStart);
        var hi = n - options.SkipEnd;
        if (hi - lo < 3)
        {
            (lo, hi) = (0, n);
        }

        var fall = (From: 0, To: 0, Fall: 0.0);
        if (n >= MinimumPoints)
        {
            fall = LossCurves.LargestFall(_trend, lo, hi);
            Drop = fall.Fall;
            Noise = LossCurves.Noise(_losses, lo, hi);
            SignalToNoise = StrengthOf(Drop, LossCurves.TrendNoiseFactor(width));
        }

        NoDescentReason = Judge(options, n, lo, hi, LossCurves.TrendNoiseFactor(width));
        var suggestions = new List<LearningRateSuggestion>();
        if (NoDescentReason is null)
        {
            AddSteepest(suggestions, lo, hi);
            AddMinimumOverTen(suggestions, lo, hi);
            AddValley(suggestions, lo, hi);
            AddLossMinimum(suggestions, lo, hi);
        }

        Suggestions = suggestions;
        Summary = NoDescentReason is { } reason ? NoDescentSummary(reason, options) : DescentSummary(fall.From, fall.To);
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

    /// <summary>Gets how many steps the optimizer took during the sweep (its <see cref="Optimizers.IOptimizer.StepCount"/> advance; skipped steps do not count).</summary>
    public long OptimizerSteps { get; }

    /// <summary>Gets the trend's largest fall in the analysed window, in loss units (0 with fewer than 5 points or when it never falls).</summary>
    public double Drop { get; }

    /// <summary>Gets the robust batch-to-batch noise σ̂ of the raw losses in the analysed window, in loss units (0 with fewer than 5 points).</summary>
    public double Noise { get; }

    /// <summary>
    /// Gets the evidence for a descent: <see cref="Drop"/> over the trend's noise ρ·<see cref="Noise"/> (see the remarks).
    /// 0 for a flat curve, typically 1 to 5 for pure noise, tens to hundreds for a real descent; +∞ for a noise-free fall.
    /// A descent counts from <see cref="LearningRateFinderOptions.MinimumSignalToNoise"/> (10 by default) on.
    /// </summary>
    public double SignalToNoise { get; }

    /// <summary>Gets a value indicating whether the curve shows a descent, the condition for any suggestion.</summary>
    public bool DescentFound => NoDescentReason is null;

    /// <summary>Gets why the curve shows no descent, or null when it does.</summary>
    public NoDescentReason? NoDescentReason { get; }

    /// <summary>
    /// Gets one paragraph on the outcome: the descent and its evidence with what each suggestion is for, or "no descent
    /// found", the reason and what to change.
    /// </summary>
    public string Summary { get; }

    /// <summary>
    /// Gets every suggestion, in the order steepest, minimum/10, valley, loss minimum (a rule with no answer is absent);
    /// empty when <see cref="DescentFound"/> is false.
    /// </summary>
    public IReadOnlyList<LearningRateSuggestion> Suggestions { get; }

    /// <summary>Gets the steepest-descent suggestion, or null when there is no descent or no negative slope.</summary>
    public LearningRateSuggestion? Steepest => Find(SuggestionRule.Steepest);

    /// <summary>Gets the minimum-divided-by-10 suggestion, or null when there is no descent or a tenth of the minimum's rate lies below the sweep.</summary>
    public LearningRateSuggestion? MinimumOverTen => Find(SuggestionRule.MinimumOverTen);

    /// <summary>Gets the valley suggestion, or null when there is no descent.</summary>
    public LearningRateSuggestion? Valley => Find(SuggestionRule.Valley);

    /// <summary>Gets the rate of the lowest trend loss (the peak for a schedule with warmup and decay), or null when there is no descent.</summary>
    public LearningRateSuggestion? LossMinimum => Find(SuggestionRule.LossMinimum);

    /// <summary>
    /// Gets the suggested constant rate: the valley (fastai's default: safe, far from the blow-up, usually not the
    /// fastest), else the steepest point, else the minimum/10; null when no descent was found.
    /// </summary>
    public LearningRateSuggestion? Recommended => Valley ?? Steepest ?? MinimumOverTen;

    /// <summary>
    /// Gets how far the start rules (steepest, minimum/10, valley; not the loss minimum) lie apart, in decades:
    /// log₁₀(largest/smallest). It checks consistency, not evidence (that is <see cref="SignalToNoise"/>): the rules aim at
    /// different points of the descent, so a clean curve still spreads them by up to about a decade; much more means a
    /// noisy or oddly shaped curve. Null when no descent was found or fewer than two start rules answered.
    /// </summary>
    public double? SpreadInDecades
    {
        get
        {
            var rates = Suggestions.Where(s => s.Rule != SuggestionRule.LossMinimum).Select(s => s.LearningRate).ToArray();
            return rates.Length < 2 ? null : Math.Log10(rates.Max() / rates.Min());
        }
    }

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
    /// learning rate (log axis for an exponential sweep), a dotted line at each start suggestion (steepest, minimum/10, valley; none without a descent; the loss minimum
    /// is the trend's lowest point). The y axis
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

        // The loss minimum is the trend's lowest point, visible without a marker; a fourth label would crowd small charts.
        foreach (var suggestion in Suggestions.Where(s => s.Rule != SuggestionRule.LossMinimum))
        {
            var color = suggestion.Rule switch { SuggestionRule.Steepest => "#d62728", SuggestionRule.Valley => "#2ca02c", _ => "#9467bd" };
            chart.AddMarker(suggestion.LearningRate, string.Create(CultureInfo.InvariantCulture, $"{suggestion.Rule} {suggestion.LearningRate:G2}"), color);
        }

        return chart.Render(width, height);
    }

    private static string Rate(double rate) => rate.ToString("G3", CultureInfo.InvariantCulture);

    private double StrengthOf(double change, double trendNoiseFactor) =>
        change <= 0 ? 0 : Noise > 0 ? change / (trendNoiseFactor * Noise) : double.PositiveInfinity;

    private NoDescentReason? Judge(LearningRateFinderOptions options, int n, int lo, int hi, double trendNoiseFactor)
    {
        if (n >= 1 && OptimizerSteps == 0)
        {
            return Training.NoDescentReason.NeverStepped;
        }

        var stopped = StopReason != FinderStopReason.Completed;
        if (n < MinimumPoints)
        {
            return stopped ? Training.NoDescentReason.DivergedBeforeDescent : Training.NoDescentReason.TooFewPoints;
        }

        var size = 0.0;
        for (var i = lo; i < hi; i++)
        {
            size = Math.Max(size, Math.Abs(_trend[i]));
        }

        bool Significant(double change) =>
            change > 0 && change >= options.MinimumDrop * size && StrengthOf(change, trendNoiseFactor) >= options.MinimumSignalToNoise;

        if (Significant(Drop))
        {
            return null;
        }

        if (Significant(LossCurves.LargestRise(_trend, lo, hi)))
        {
            return stopped ? Training.NoDescentReason.DivergedBeforeDescent : Training.NoDescentReason.Rising;
        }

        return Noise > options.MinimumDrop * size ? Training.NoDescentReason.Noise : Training.NoDescentReason.Flat;
    }

    private string DescentSummary(int from, int to)
    {
        var evidence = double.IsPositiveInfinity(SignalToNoise)
            ? "a noise-free fall"
            : string.Create(CultureInfo.InvariantCulture, $"{SignalToNoise:F0} times the trend's noise");
        var text = string.Create(CultureInfo.InvariantCulture, $"Descent found: the loss trend falls from {_trend[from]:G4} at {Rate(_learningRates[from])} to {_trend[to]:G4} at {Rate(_learningRates[to])} ({evidence}).");
        if (Recommended is { } constant)
        {
            text += $" For a constant rate, start at the {constant.Rule} ({Rate(constant.LearningRate)}): safe, but rarely the fastest.";
        }

        if (LossMinimum is { } peak)
        {
            text += $" For a schedule with warmup and decay (1cycle, warmup + cosine), peak near the loss minimum ({Rate(peak.LearningRate)}).";
        }

        return text;
    }

    private string NoDescentSummary(NoDescentReason reason, LearningRateFinderOptions options)
    {
        var n = _losses.Length;
        var why = reason switch
        {
            Training.NoDescentReason.NeverStepped =>
                "the optimizer took no step during the sweep (its StepCount did not advance), so every loss came from the same model. The callback must call optimizer.Step() after writing the gradients; if it does, every step was skipped for non-finite gradients.",
            Training.NoDescentReason.DivergedBeforeDescent => n == 0
                ? $"the first loss was not finite (stopped: {StopReason}). Lower StartLearningRate, or check the loss and the initial weights."
                : $"the loss blew up before it fell (stopped: {StopReason} after {n} points, at {Rate(_learningRates[^1])}). The start rate is already too large (lower StartLearningRate), or the model does not learn.",
            Training.NoDescentReason.TooFewPoints =>
                $"only {n} points were recorded; telling a trend from noise needs at least {MinimumPoints}, and 100 or more is usual. Raise Steps.",
            Training.NoDescentReason.Rising =>
                $"the loss only rose over the sweep, from {Rate(_learningRates[0])} on. The start rate is already past the descent: lower StartLearningRate.",
            Training.NoDescentReason.Noise => string.Create(CultureInfo.InvariantCulture,
                $"the loss moves from batch to batch (noise {Noise:G3}), but its trend falls by only {SignalToNoise:F1} times the trend's noise, which chance alone produces (a descent needs {options.MinimumSignalToNoise:G3}). Use larger batches or more steps, or check that the loss comes from the parameters the optimizer steps."),
            _ => string.Create(CultureInfo.InvariantCulture,
                $"the loss did not move: neither its trend nor its noise reaches {options.MinimumDrop * 100:G3} % of its size. The rates may be too small to matter (raise EndLearningRate), or the gradients do not reach the parameters."),
        };
        return $"No descent found ({reason}): {why} No learning rate is suggested.";
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
                string.Create(CultureInfo.InvariantCulture, $"The loss falls fastest here ({perDecade:G3} per decade of learning rate): the most progress per step, but the rule most sensitive to noise. A bold constant rate; safer as the peak of a schedule with warmup.")));
        }
    }

    private int MinimumIndex(int lo, int hi)
    {
        var index = lo;
        for (var i = lo + 1; i < hi; i++)
        {
            index = _trend[i] < _trend[index] ? i : index;
        }

        return index;
    }

    private void AddMinimumOverTen(List<LearningRateSuggestion> suggestions, int lo, int hi)
    {
        var index = MinimumIndex(lo, hi);
        var rate = _learningRates[index] / 10;
        if (rate < _learningRates[0])
        {
            // A rate the sweep never tried is no evidence: leave the rule out rather than suggest it.
            return;
        }

        suggestions.Add(new LearningRateSuggestion(
            SuggestionRule.MinimumOverTen,
            rate,
            index,
            _trend[index],
            $"A tenth of the rate of the lowest loss ({Rate(_learningRates[index])}), fastai's \"minimum\": one decade back from where the loss stops improving. A conservative constant rate."));
    }

    private void AddLossMinimum(List<LearningRateSuggestion> suggestions, int lo, int hi)
    {
        var index = MinimumIndex(lo, hi);
        suggestions.Add(new LearningRateSuggestion(
            SuggestionRule.LossMinimum,
            _learningRates[index],
            index,
            _trend[index],
            "The loss is lowest here, and larger rates make it climb. Too high for a constant rate, it is the peak Smith takes for a schedule with warmup and decay (1cycle, warmup + cosine): the warmup protects the start and the decay the end."));
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
            $"The middle of the longest descending stretch of the loss ({Rate(_learningRates[first])} to {Rate(_learningRates[last])}), fastai's default: training surely makes progress here, far from the blow-up. A safe constant rate, usually not the fastest: a schedule with warmup and decay can peak much higher, near the loss minimum."));
    }
}
