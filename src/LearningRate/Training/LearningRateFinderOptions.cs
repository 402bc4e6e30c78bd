using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>
/// Settings of a <see cref="LearningRateFinder"/> sweep. The sweep defaults are fastai's <c>lr_find</c>: 1e-7 to 10
/// over 100 steps on fastai's grid <c>γᵢ = γ_start·(γ_end/γ_start)^(i/Steps)</c> (so the last step runs at
/// 10^0.92 ≈ 8.3, not at 10), debiased smoothing β = 0.98, stop once the smoothed loss exceeds 4× its best.
/// </summary>
/// <remarks>
/// Differences from fastai: <see cref="IncludeEnd"/> offers the grid that ends exactly at the end rate; fastai raises
/// fewer than 6 steps to 6, this sweep runs the <see cref="Steps"/> it is given; and the suggestions read a lag-free
/// trend, not fastai's online average, and are withheld when the curve shows no descent (see
/// <see cref="LearningRateFinderResult"/>).
/// </remarks>
public sealed record LearningRateFinderOptions
{
    private readonly double _startLearningRate = 1e-7;
    private readonly double _endLearningRate = 10;
    private readonly int _steps = 100;
    private readonly double _smoothing = 0.98;
    private readonly double _divergenceThreshold = 4;
    private readonly double _skipStart = 0.1;
    private readonly int _skipEnd = 5;
    private readonly double? _trendWidth;
    private readonly SweepMode _mode = SweepMode.Exponential;
    private readonly double _minimumDrop = 0.01;
    private readonly double _minimumSignalToNoise = 10;

    /// <summary>Gets the learning rate of the first step.</summary>
    /// <value>The default value is 1e-7.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and &gt; 0.</exception>
    public double StartLearningRate
    {
        get => _startLearningRate;
        init => _startLearningRate = Guard.Positive(value, nameof(StartLearningRate));
    }

    /// <summary>
    /// Gets the learning rate the sweep moves towards; must exceed <see cref="StartLearningRate"/> (checked by the
    /// finder). The last step runs exactly at it only with <see cref="IncludeEnd"/>.
    /// </summary>
    /// <value>The default value is 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and &gt; 0.</exception>
    public double EndLearningRate
    {
        get => _endLearningRate;
        init => _endLearningRate = Guard.Positive(value, nameof(EndLearningRate));
    }

    /// <summary>Gets the number of steps (mini-batches) of the sweep, at least 2.</summary>
    /// <value>The default value is 100.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 2.</exception>
    public int Steps
    {
        get => _steps;
        init
        {
            if (value < 2)
            {
                Guard.ThrowOutOfRange(nameof(Steps), value, "must be >= 2");
            }

            _steps = value;
        }
    }

    /// <summary>
    /// Gets a value indicating whether the last step runs exactly at <see cref="EndLearningRate"/>: step i takes the
    /// fraction <c>r = i/(Steps − 1)</c> of the way. The default, false, is fastai's grid, <c>r = i/Steps</c>, whose last
    /// step stops one step short of the end (at γ_start·(γ_end/γ_start)^((Steps − 1)/Steps) when exponential). Near the
    /// end the inclusive grid's rates are higher by up to (γ_end/γ_start)^(1/Steps), 1.2× for the defaults.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (fastai's grid).</value>
    public bool IncludeEnd { get; init; }

    /// <summary>Gets how the rate moves from start to end.</summary>
    /// <value>The default value is <see cref="SweepMode.Exponential"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="SweepMode"/>.</exception>
    public SweepMode Mode
    {
        get => _mode;
        init => _mode = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Mode), value, $"{nameof(Mode)} must be a defined {nameof(SweepMode)}; got {value}.");
    }

    /// <summary>
    /// Gets β of the debiased exponential average that smooths the loss online (<c>a ← β·a + (1 − β)·ℓ;
    /// ℓ̄ = a/(1 − β^(i+1))</c>); the divergence stop reads it. 0 turns smoothing off.
    /// </summary>
    /// <value>The default value is 0.98.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Smoothing
    {
        get => _smoothing;
        init => _smoothing = Guard.UnitInterval(value, nameof(Smoothing));
    }

    /// <summary>
    /// Gets the factor k of the divergence stop: the sweep ends once the smoothed loss exceeds
    /// <c>best + (k − 1)·|best|</c> (k times the best for a positive loss). <see cref="double.PositiveInfinity"/> never stops.
    /// </summary>
    /// <value>The default value is 4.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or not greater than 1.</exception>
    public double DivergenceThreshold
    {
        get => _divergenceThreshold;
        init
        {
            if (!(value > 1))
            {
                Guard.ThrowOutOfRange(nameof(DivergenceThreshold), value, "must be > 1");
            }

            _divergenceThreshold = value;
        }
    }

    /// <summary>Gets the fraction of the recorded points, from the start, that the suggestions ignore (the loss barely moves there).</summary>
    /// <value>The default value is 0.1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double SkipStart
    {
        get => _skipStart;
        init => _skipStart = Guard.UnitInterval(value, nameof(SkipStart));
    }

    /// <summary>Gets the number of recorded points, at the end, that the suggestions ignore (the blow-up).</summary>
    /// <value>The default value is 5.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int SkipEnd
    {
        get => _skipEnd;
        init
        {
            if (value < 0)
            {
                Guard.ThrowOutOfRange(nameof(SkipEnd), value, "must be >= 0");
            }

            _skipEnd = value;
        }
    }

    /// <summary>
    /// Gets the width σ, in points, of the centred Gaussian smoothing (after a 5-point running median) that
    /// makes the trend curve the suggestions read; null picks max(1, n/20) for n recorded points (5 points for 100), 0 uses
    /// the raw losses. Centred smoothing has no lag, unlike the online average.
    /// </summary>
    /// <value>The default value is null (automatic).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double? TrendWidth
    {
        get => _trendWidth;
        init => _trendWidth = value is { } width ? Guard.NonNegative(width, nameof(TrendWidth)) : null;
    }

    /// <summary>
    /// Gets the smallest fall of the trend, as a fraction of the loss's size (the largest |trend| in the analysed
    /// window), that can count as a descent; below it the curve is <see cref="NoDescentReason.Flat"/> (or noise).
    /// </summary>
    /// <value>The default value is 0.01 (1 %).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double MinimumDrop
    {
        get => _minimumDrop;
        init => _minimumDrop = Guard.UnitInterval(value, nameof(MinimumDrop));
    }

    /// <summary>
    /// Gets the smallest <see cref="LearningRateFinderResult.SignalToNoise"/> (the trend's fall over the trend's own
    /// noise) that counts as a descent. Pure Gaussian noise of 50 or more points stays below 10 in more than 99.9 % of
    /// seeded trials; isolated spikes raise that risk (see <see cref="LearningRateFinderResult"/>).
    /// </summary>
    /// <value>The default value is 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double MinimumSignalToNoise
    {
        get => _minimumSignalToNoise;
        init => _minimumSignalToNoise = Guard.NonNegative(value, nameof(MinimumSignalToNoise));
    }

    /// <summary>
    /// Gets a value indicating whether the parameters, gradients and optimizer state (moments, step counts,
    /// group learning rates) are restored after the sweep, as if it never ran.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RestoreState { get; init; } = true;
}
