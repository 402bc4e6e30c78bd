using LearningRate.Internal;

namespace LearningRate.Controllers;

/// <summary>
/// Options of <see cref="BoldDriver"/> (Vogl et al. 1988; Battiti 1989): raise the learning rate by
/// <see cref="IncreaseFactor"/> while the loss falls, cut it by <see cref="DecreaseFactor"/> and
/// reject the step when the loss rises by more than <see cref="Tolerance"/>, within
/// [<see cref="MinScale"/>, <see cref="MaxScale"/>]. Each value is checked as it is set.
/// </summary>
public sealed record BoldDriverOptions
{
    private readonly double _increaseFactor = 1.05;
    private readonly double _decreaseFactor = 0.5;
    private readonly double _tolerance;
    private readonly double _minScale;
    private readonly double _maxScale = double.PositiveInfinity;

    /// <summary>Gets ρ, the factor the scale is multiplied by when the loss falls: <c>scale ← min(ρ·scale, MaxScale)</c>.</summary>
    /// <value>The default value is 1.05 (the literature uses 1.05 to 1.1).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1, infinite or NaN.</exception>
    public double IncreaseFactor
    {
        get => _increaseFactor;
        init
        {
            if (!(value >= 1) || double.IsInfinity(value))
            {
                Guard.ThrowOutOfRange(nameof(IncreaseFactor), value, "must be a finite number >= 1");
            }

            _increaseFactor = value;
        }
    }

    /// <summary>Gets σ, the factor the scale is multiplied by when the loss rises beyond the tolerance: <c>scale ← max(σ·scale, MinScale)</c>.</summary>
    /// <value>The default value is 0.5.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 1).</exception>
    public double DecreaseFactor
    {
        get => _decreaseFactor;
        init
        {
            if (!(value > 0 && value < 1))
            {
                Guard.ThrowOutOfRange(nameof(DecreaseFactor), value, "must be in (0, 1)");
            }

            _decreaseFactor = value;
        }
    }

    /// <summary>
    /// Gets the relative rise of the loss that is still accepted without a cut: a loss <c>E</c> is a
    /// rise when <c>E &gt; E_ref + Tolerance·|E_ref|</c> (a magnitude, so it is right for negative losses too).
    /// </summary>
    /// <value>The default value is 0: any rise cuts; an equal loss is accepted unchanged.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Tolerance
    {
        get => _tolerance;
        init => _tolerance = Guard.NonNegative(value, nameof(Tolerance));
    }

    /// <summary>Gets the lowest scale a cut may reach (the learning-rate floor is this times the base learning rate).</summary>
    /// <value>The default value is 0 (no floor).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1].</exception>
    public double MinScale
    {
        get => _minScale;
        init => _minScale = Guard.ClosedUnitInterval(value, nameof(MinScale));
    }

    /// <summary>Gets the highest scale an increase may reach (the learning-rate ceiling is this times the base learning rate).</summary>
    /// <value>The default value is +∞ (no ceiling, the literature rule); a finite bound such as 10 is safer.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or NaN.</exception>
    public double MaxScale
    {
        get => _maxScale;
        init
        {
            if (!(value >= 1))
            {
                Guard.ThrowOutOfRange(nameof(MaxScale), value, "must be >= 1 (+infinity for no ceiling)");
            }

            _maxScale = value;
        }
    }

    /// <summary>
    /// Gets a value indicating whether a rise beyond the tolerance asks the caller to reject the step
    /// (<see cref="ControllerReport.RejectStep"/>) and keeps the previous loss as the reference.
    /// When <see langword="false"/>, the step is kept and its loss becomes the reference.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RejectOnRise { get; init; } = true;
}
