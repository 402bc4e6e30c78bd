using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="ScheduleFreeAdamW{T}"/>, with the names and defaults of facebookresearch/schedule_free's
/// <c>AdamWScheduleFreeReference(lr=0.0025, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, warmup_steps=0, r=0,
/// weight_lr_power=2, decay_at_z=False, inner_momentum=0.0)</c> (<c>foreach</c> is ignored there and has no counterpart).
/// </summary>
/// <remarks>
/// <see cref="OptimizerOptions.WeightDecay"/> is decoupled and applied to z, <c>z ← z − γ_k·λ·y</c> (or ·z with
/// <see cref="DecayAtZ"/>); its default is upstream's 0, not AdamW's 0.01. <see cref="OptimizerOptions.Maximize"/> is
/// not upstream's: it negates the gradient first, as in every optimizer here. Upstream suggests a learning rate 1 to
/// 10 times the one of a scheduled AdamW.
/// </remarks>
public record ScheduleFreeAdamWOptions : ScheduleFreeOptions
{
    /// <inheritdoc/>
    internal override string Kind => "adamw_schedulefree";

    private readonly double _beta1 = 0.9;
    private readonly double _beta2 = 0.999;
    private readonly double _epsilon = 1e-8;
    private readonly double _innerMomentum;

    /// <summary>Initializes the options with upstream's defaults.</summary>
    public ScheduleFreeAdamWOptions()
        : base(0.0025)
    {
    }

    /// <summary>
    /// Gets β1 (upstream <c>betas[0]</c>), the weight of the average x in the point y = β1·x + (1 − β1)·z where the
    /// gradient is taken; it replaces Adam's first moment. Upstream suggests 0.95 or 0.98 for very long runs.
    /// </summary>
    /// <value>The default value is 0.9.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1] (0: y = z; 1: y = x, primal averaging).</exception>
    public double Beta1
    {
        get => _beta1;
        init => _beta1 = Guard.ClosedUnitInterval(value, nameof(Beta1));
    }

    /// <summary>Gets β2 (upstream <c>betas[1]</c>), the decay of the second-moment average v.</summary>
    /// <value>The default value is 0.999.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta2
    {
        get => _beta2;
        init => _beta2 = Guard.UnitInterval(value, nameof(Beta2));
    }

    /// <summary>Gets ε (upstream <c>eps</c>), added to the bias-corrected root of v: <c>√(v / (1 − β2^t)) + ε</c>.</summary>
    /// <value>The default value is 1e-8.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }

    /// <summary>
    /// Gets a value indicating whether the weight decay is computed at z, <c>z ← z − γ_k·λ·z</c>, instead of at y
    /// (upstream <c>decay_at_z</c>).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool DecayAtZ { get; init; }

    /// <summary>
    /// Gets upstream's <c>inner_momentum</c>, an exponential average of the gradient inside the AdamW step. Only 0, its
    /// default, is supported: a non-zero value needs a fourth buffer per element (<c>exp_avg</c>) beside z, x and v,
    /// and the fused kernel streams at most three, so it throws rather than run a different algorithm.
    /// </summary>
    /// <value>The default value is 0 (no inner momentum).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not 0.</exception>
    public double InnerMomentum
    {
        get => _innerMomentum;
        init
        {
            if (value != 0)
            {
                Guard.ThrowOutOfRange(nameof(InnerMomentum), value, "must be 0: a non-zero inner momentum needs a fourth buffer per element (exp_avg) beside z, x and v, which the fused kernel does not stream");
            }

            _innerMomentum = value;
        }
    }

    /// <inheritdoc/>
    internal override double Interpolation => Beta1;
}
