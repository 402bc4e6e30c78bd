using LearningRate.Internal;
using LearningRate.Schedules;

namespace LearningRate.Training;

/// <summary>
/// Rules for carrying a learning rate tuned at one batch size B₀ to another batch size B, and the
/// warmup they need.
/// </summary>
/// <remarks>
/// <para>
/// <b>Linear</b> (Goyal et al. 2017, "Accurate, Large Minibatch SGD"): γ = γ₀·B/B₀. The right rule for
/// SGD with momentum: k times the batch averages k times fewer, k times less noisy gradients per
/// sample, so k times the step keeps the distance per epoch. It breaks early in training, when the
/// weights change fast, hence the gradual warmup: start at γ₀ and rise linearly to γ over about 5
/// epochs (<see cref="WarmupSteps"/>, <see cref="GradualWarmup"/>). It stops holding past a
/// problem-dependent critical batch size.
/// </para>
/// <para>
/// <b>Square root</b> (Krizhevsky 2014, "One weird trick"; Hoffer et al. 2017; Malladi et al. 2022 for
/// Adam): γ = γ₀·√(B/B₀), which keeps the variance of the update constant. The usual choice for
/// Adam-type optimizers, whose normalized steps do not grow with the batch as SGD's do; it is gentler
/// and often needs only a short warmup.
/// </para>
/// </remarks>
public static class BatchScaling
{
    /// <summary>Goyal et al.'s warmup length, in epochs.</summary>
    public const double DefaultWarmupEpochs = 5;

    /// <summary>Returns the linearly scaled learning rate γ₀·B/B₀.</summary>
    /// <param name="baseLearningRate">γ₀, tuned at <paramref name="baseBatchSize"/>; finite, non-negative.</param>
    /// <param name="baseBatchSize">B₀, at least 1.</param>
    /// <param name="batchSize">B, at least 1.</param>
    /// <returns>The learning rate for batch size B.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static double Linear(double baseLearningRate, int baseBatchSize, int batchSize) =>
        Check(baseLearningRate, baseBatchSize, batchSize) * batchSize / baseBatchSize;

    /// <summary>Returns the square-root scaled learning rate γ₀·√(B/B₀).</summary>
    /// <param name="baseLearningRate">γ₀, tuned at <paramref name="baseBatchSize"/>; finite, non-negative.</param>
    /// <param name="baseBatchSize">B₀, at least 1.</param>
    /// <param name="batchSize">B, at least 1.</param>
    /// <returns>The learning rate for batch size B.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static double SquareRoot(double baseLearningRate, int baseBatchSize, int batchSize) =>
        Check(baseLearningRate, baseBatchSize, batchSize) * Math.Sqrt((double)batchSize / baseBatchSize);

    /// <summary>
    /// Returns the warmup length a scaled rate needs: ⌈warmupEpochs · stepsPerEpoch⌉ when B &gt; B₀ (the
    /// rate grew), otherwise 0.
    /// </summary>
    /// <param name="baseBatchSize">B₀, at least 1.</param>
    /// <param name="batchSize">B, at least 1.</param>
    /// <param name="stepsPerEpoch">Steps per epoch at batch size B (see <see cref="MiniBatches.StepsPerEpoch"/>), at least 1.</param>
    /// <param name="warmupEpochs">The warmup in epochs; default <see cref="DefaultWarmupEpochs"/>.</param>
    /// <returns>The warmup length in steps.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static long WarmupSteps(int baseBatchSize, int batchSize, int stepsPerEpoch, double warmupEpochs = DefaultWarmupEpochs)
    {
        Check(0, baseBatchSize, batchSize);
        if (stepsPerEpoch < 1)
        {
            Guard.ThrowOutOfRange(nameof(stepsPerEpoch), stepsPerEpoch, "must be >= 1");
        }

        Guard.NonNegative(warmupEpochs, nameof(warmupEpochs));
        return batchSize > baseBatchSize ? (long)Math.Ceiling(warmupEpochs * stepsPerEpoch) : 0;
    }

    /// <summary>
    /// Returns Goyal et al.'s gradual warmup as a schedule: <c>At(t) = γ₀ + (γ − γ₀)·t/W</c> for t &lt; W,
    /// then γ. It starts at the base rate, not at 0, because γ₀ is known to be stable. It is
    /// <see cref="Schedule.Warmup"/> with <c>from = γ₀</c>, so it composes: <c>GradualWarmup(...).Then(Schedule.Cosine(...))</c>.
    /// </summary>
    /// <param name="baseLearningRate">γ₀, the rate at step 0; finite, non-negative.</param>
    /// <param name="scaledLearningRate">γ, the rate from step W on; finite, non-negative.</param>
    /// <param name="warmupSteps">W, non-negative; 0 gives the constant γ.</param>
    /// <returns>The warmup schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static Schedule GradualWarmup(double baseLearningRate, double scaledLearningRate, long warmupSteps)
    {
        Guard.NonNegative(baseLearningRate, nameof(baseLearningRate));
        Guard.NonNegative(scaledLearningRate, nameof(scaledLearningRate));
        if (warmupSteps < 0)
        {
            Guard.ThrowOutOfRange(nameof(warmupSteps), warmupSteps, "must be >= 0");
        }

        return warmupSteps == 0 ? Schedule.Constant(scaledLearningRate) : Schedule.Linear(baseLearningRate, scaledLearningRate, warmupSteps);
    }

    private static double Check(double baseLearningRate, int baseBatchSize, int batchSize)
    {
        Guard.NonNegative(baseLearningRate, nameof(baseLearningRate));
        if (baseBatchSize < 1)
        {
            Guard.ThrowOutOfRange(nameof(baseBatchSize), baseBatchSize, "must be >= 1");
        }

        if (batchSize < 1)
        {
            Guard.ThrowOutOfRange(nameof(batchSize), batchSize, "must be >= 1");
        }

        return baseLearningRate;
    }
}
