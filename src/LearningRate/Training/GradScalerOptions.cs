using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>
/// The settings of a <see cref="GradScaler"/>, with the defaults of PyTorch's <c>torch.amp.GradScaler</c>
/// (<c>init_scale</c>, <c>growth_factor</c>, <c>backoff_factor</c>, <c>growth_interval</c>, <c>enabled</c>).
/// </summary>
public sealed record GradScalerOptions
{
    private readonly double _initialScale = 65536;
    private readonly double _growthFactor = 2;
    private readonly double _backoffFactor = 0.5;
    private readonly int _growthInterval = 2000;

    /// <summary>Gets the scale the loss is multiplied by before the first update (<c>init_scale</c>).</summary>
    /// <value>The default value is 2¹⁶ = 65536.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number &gt; 0.</exception>
    public double InitialScale { get => _initialScale; init => _initialScale = Guard.Positive(value, nameof(InitialScale)); }

    /// <summary>Gets the factor the scale grows by after <see cref="GrowthInterval"/> consecutive steps without a non-finite gradient (<c>growth_factor</c>).</summary>
    /// <value>The default value is 2.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number &gt; 1.</exception>
    public double GrowthFactor
    {
        get => _growthFactor;
        init
        {
            if (!(value > 1) || double.IsInfinity(value))
            {
                Guard.ThrowOutOfRange(nameof(GrowthFactor), value, "must be a finite number > 1");
            }

            _growthFactor = value;
        }
    }

    /// <summary>Gets the factor the scale shrinks by after a step with a non-finite gradient (<c>backoff_factor</c>).</summary>
    /// <value>The default value is 0.5.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 1).</exception>
    public double BackoffFactor
    {
        get => _backoffFactor;
        init
        {
            if (!(value > 0 && value < 1))
            {
                Guard.ThrowOutOfRange(nameof(BackoffFactor), value, "must be in (0, 1)");
            }

            _backoffFactor = value;
        }
    }

    /// <summary>Gets the number of consecutive steps without a non-finite gradient after which the scale grows (<c>growth_interval</c>).</summary>
    /// <value>The default value is 2000.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int GrowthInterval
    {
        get => _growthInterval;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(GrowthInterval));
            _growthInterval = value;
        }
    }

    /// <summary>
    /// Gets a value indicating whether the scaler scales at all (<c>enabled</c>). A disabled scaler leaves losses and
    /// gradients unchanged, steps every time and never changes its scale, so one training loop serves float and 16-bit runs.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; init; } = true;
}
