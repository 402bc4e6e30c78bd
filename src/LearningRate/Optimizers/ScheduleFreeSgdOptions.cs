using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="ScheduleFreeSgd{T}"/>, with the names and defaults of facebookresearch/schedule_free's
/// <c>SGDScheduleFreeReference(lr=1.0, momentum=0.9, weight_decay=0, warmup_steps=0, r=0.0, weight_lr_power=2)</c>
/// (<c>foreach</c> only picks an implementation there and has no counterpart).
/// </summary>
/// <remarks>
/// <see cref="OptimizerOptions.WeightDecay"/> is L2 added to the gradient at y, <c>g ← g + λ·y</c>, as upstream.
/// <see cref="OptimizerOptions.Maximize"/> is not upstream's: it negates the gradient first, as in every optimizer here.
/// Upstream suggests a learning rate 10 to 50 times the one of classical SGD as a starting point.
/// </remarks>
public record ScheduleFreeSgdOptions : ScheduleFreeOptions
{
    /// <inheritdoc/>
    internal override string Kind => "sgd_schedulefree";

    private readonly double _momentum = 0.9;

    /// <summary>Initializes the options with upstream's defaults.</summary>
    public ScheduleFreeSgdOptions()
        : base(1.0)
    {
    }

    /// <summary>
    /// Gets β (upstream <c>momentum</c>), the weight of the average x in the point y = β·x + (1 − β)·z where the
    /// gradient is taken. It replaces classical momentum; upstream suggests 0.95 or 0.98 for very long runs.
    /// </summary>
    /// <value>The default value is 0.9.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 1), the range upstream accepts.</exception>
    public double Momentum
    {
        get => _momentum;
        init
        {
            if (!(value > 0 && value < 1))
            {
                Guard.ThrowOutOfRange(nameof(Momentum), value, "must be in (0, 1)");
            }

            _momentum = value;
        }
    }

    /// <inheritdoc/>
    internal override double Interpolation => Momentum;
}
