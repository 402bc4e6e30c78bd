using LearningRate.Internal;

namespace LearningRate.Kernels;

/// <summary>
/// The scalars schedule-free learning (Defazio et al., 2024, "The Road Less Scheduled") keeps per parameter group,
/// as facebookresearch/schedule_free's reference classes keep them in <c>param_groups</c>: the number k of updates
/// taken (<c>k</c>), the largest learning rate so far (<c>lr_max</c>) and the sum of the averaging weights
/// (<c>weight_sum</c>). <see cref="Next"/> advances them once per update, before any parameter is touched:
/// <code>
/// γ_k = γ·(k + 1)/W  if k &lt; W,  else γ                   (W warmup steps; upstream scheduled_lr)
/// lr_max ← max(γ_k, lr_max)
/// w = (k + 1)^r · lr_max^p;   weight_sum ← weight_sum + w
/// c = w / weight_sum  (0 while weight_sum = 0);   k ← k + 1
/// </code>
/// γ_k is the learning rate of the update's z step and c the weight with which it averages z into x. The
/// <see langword="default"/> value is the state before the first update.
/// </summary>
/// <remarks>
/// Upstream starts <c>lr_max</c> at −1; here it starts at 0. No learning rate is negative, so
/// <c>max(γ_k, lr_max)</c> is the same from the first update on.
/// </remarks>
public readonly struct ScheduleFreeAveraging
{
    /// <summary>Initializes the state after <paramref name="step"/> updates, to resume from saved values.</summary>
    /// <param name="step">k, the number of updates taken (upstream <c>group['k']</c>); ≥ 0.</param>
    /// <param name="learningRateMax">The largest γ_k so far (upstream <c>group['lr_max']</c>); finite, ≥ 0.</param>
    /// <param name="weightSum">The sum of the averaging weights so far (upstream <c>group['weight_sum']</c>); finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
    public ScheduleFreeAveraging(long step, double learningRateMax, double weightSum)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        Guard.NonNegative(learningRateMax, nameof(learningRateMax));
        Guard.NonNegative(weightSum, nameof(weightSum));
        Step = step;
        LearningRateMax = learningRateMax;
        WeightSum = weightSum;
    }

    private ScheduleFreeAveraging(long step, double learningRateMax, double weightSum, double learningRate, double averagingWeight)
    {
        Step = step;
        LearningRateMax = learningRateMax;
        WeightSum = weightSum;
        LearningRate = learningRate;
        AveragingWeight = averagingWeight;
    }

    /// <summary>Gets k, the number of updates taken (upstream <c>group['k']</c>).</summary>
    public long Step { get; }

    /// <summary>Gets the largest learning rate γ_k so far (upstream <c>group['lr_max']</c>), 0 before the first update.</summary>
    public double LearningRateMax { get; }

    /// <summary>Gets the sum of the averaging weights so far (upstream <c>group['weight_sum']</c>).</summary>
    public double WeightSum { get; }

    /// <summary>
    /// Gets γ_k, the learning rate of the update that produced this state: the group's learning rate times the warmup
    /// factor (upstream <c>group['scheduled_lr']</c>); 0 for a state built by the constructor.
    /// </summary>
    public double LearningRate { get; }

    /// <summary>Gets c, the weight of z in the average x of the update that produced this state (upstream <c>ckp1</c>); 0 for a state built by the constructor.</summary>
    public double AveragingWeight { get; }

    /// <summary>Advances the state by one update.</summary>
    /// <param name="learningRate">γ, the group's learning rate for this update (upstream <c>group['lr']</c>); finite, ≥ 0.</param>
    /// <param name="warmupSteps">W (upstream <c>warmup_steps</c>), the updates of linear warmup; ≥ 0.</param>
    /// <param name="r">r (upstream <c>r</c>), the power of the polynomial weighting (k + 1)^r; finite, ≥ 0.</param>
    /// <param name="weightLearningRatePower">p (upstream <c>weight_lr_power</c>), the power of lr_max in the weight; finite, ≥ 0.</param>
    /// <returns>The state after the update, with that update's γ_k and c.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
    public ScheduleFreeAveraging Next(double learningRate, int warmupSteps, double r, double weightLearningRatePower)
    {
        Guard.NonNegative(learningRate, nameof(learningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        Guard.NonNegative(r, nameof(r));
        Guard.NonNegative(weightLearningRatePower, nameof(weightLearningRatePower));
        return UncheckedNext(learningRate, warmupSteps, r, weightLearningRatePower);
    }

    /// <summary>Builds a state from stored values without checking them (the optimizers' group scalars).</summary>
    internal static ScheduleFreeAveraging Unchecked(long step, double learningRateMax, double weightSum) =>
        new(step, learningRateMax, weightSum, 0, 0);

    /// <summary><see cref="Next"/> without its checks, for callers whose values are already valid (the optimizers).</summary>
    internal ScheduleFreeAveraging UncheckedNext(double learningRate, int warmupSteps, double r, double weightLearningRatePower)
    {
        // Upstream's order of operations, each in double as Python floats are.
        var k = Step;
        var scheduled = k < warmupSteps ? learningRate * ((double)(k + 1) / warmupSteps) : learningRate;
        var learningRateMax = Math.Max(scheduled, LearningRateMax);
        var weight = Math.Pow(k + 1, r) * Math.Pow(learningRateMax, weightLearningRatePower);
        var weightSum = WeightSum + weight;

        // Upstream catches the ZeroDivisionError of 0/0 (γ = 0 with p > 0) and averages with weight 0.
        var averagingWeight = weightSum == 0 ? 0 : weight / weightSum;
        return new ScheduleFreeAveraging(k + 1, learningRateMax, weightSum, scheduled, averagingWeight);
    }
}
