using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// The options the schedule-free optimizers share, with the names and defaults of facebookresearch/schedule_free's
/// reference classes (<c>warmup_steps=0, r=0, weight_lr_power=2</c>): the internal warmup and the weights of the
/// average x. Update k (from 0) of a group uses γ_k = γ·(k + 1)/W while k &lt; W, γ afterwards, and averages z
/// into x with c = w_k / Σw, where w_k = (k + 1)^r · max(γ_0 … γ_k)^p (see
/// <see cref="Kernels.ScheduleFreeAveraging"/>).
/// </summary>
/// <remarks>
/// With the defaults and a constant learning rate every update weighs the same, so x is the plain mean of the z
/// iterates; during warmup the weights grow as γ_k², so the early, small-step iterates count little.
/// </remarks>
public abstract record ScheduleFreeOptions : OptimizerOptions
{
    private readonly int _warmupSteps;
    private readonly double _r;
    private readonly double _weightLearningRatePower = 2;

    /// <summary>Initializes the shared options with an optimizer's default learning rate.</summary>
    /// <param name="learningRate">The default learning rate of the deriving optimizer.</param>
    private protected ScheduleFreeOptions(double learningRate)
        : base(learningRate)
    {
    }

    /// <summary>
    /// Gets W (upstream <c>warmup_steps</c>), the updates of the built-in linear warmup: update k (from 0) of a group
    /// uses γ·(k + 1)/W while k &lt; W. It multiplies whatever learning rate the group has, a schedule's included.
    /// </summary>
    /// <value>The default value is 0 (no warmup).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int WarmupSteps
    {
        get => _warmupSteps;
        init
        {
            if (value < 0)
            {
                Guard.ThrowOutOfRange(nameof(WarmupSteps), value, "must be >= 0");
            }

            _warmupSteps = value;
        }
    }

    /// <summary>Gets r (upstream <c>r</c>), the power of the polynomial weighting (k + 1)^r of the average.</summary>
    /// <value>The default value is 0 (no polynomial weighting).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double R
    {
        get => _r;
        init => _r = Guard.NonNegative(value, nameof(R));
    }

    /// <summary>
    /// Gets p (upstream <c>weight_lr_power</c>), the power of the largest learning rate so far in each update's
    /// weight in the average; 0 weighs warmup updates like the others.
    /// </summary>
    /// <value>The default value is 2.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double WeightLearningRatePower
    {
        get => _weightLearningRatePower;
        init => _weightLearningRatePower = Guard.NonNegative(value, nameof(WeightLearningRatePower));
    }

    /// <summary>Gets β, the weight of x in y = β·x + (1 − β)·z (AdamW's β1, SGD's momentum).</summary>
    internal abstract double Interpolation { get; }
}
