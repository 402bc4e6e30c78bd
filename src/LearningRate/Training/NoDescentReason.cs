namespace LearningRate.Training;

/// <summary>
/// Why a <see cref="LearningRateFinder"/> sweep gave no evidence of a descent, and so no suggestion
/// (<see cref="LearningRateFinderResult.NoDescentReason"/>). The reasons are checked in the order listed.
/// </summary>
public enum NoDescentReason
{
    /// <summary>
    /// The optimizer's <see cref="Optimizers.IOptimizer.StepCount"/> did not advance during the sweep: the callback
    /// never called <c>Step()</c>, or every step was skipped for non-finite gradients. The losses then belong to
    /// one unchanged model and say nothing about the learning rate.
    /// </summary>
    NeverStepped,

    /// <summary>
    /// The sweep stopped (<see cref="FinderStopReason.Diverged"/> or <see cref="FinderStopReason.NonFiniteLoss"/>)
    /// before the loss fell: after fewer than 5 points, or with a significant rise and no significant fall. The
    /// start rate is already too large, or the model does not learn.
    /// </summary>
    DivergedBeforeDescent,

    /// <summary>Every planned step ran, but fewer than 5 points were recorded (<see cref="LearningRateFinderOptions.Steps"/> is too small to tell a trend from noise).</summary>
    TooFewPoints,

    /// <summary>The trend rose significantly over the sweep and never fell significantly: the start rate is already past the descent.</summary>
    Rising,

    /// <summary>
    /// The loss moves by more than <see cref="LearningRateFinderOptions.MinimumDrop"/> of its size from batch to batch,
    /// but its trend neither falls nor rises by more than that noise explains
    /// (<see cref="LearningRateFinderResult.SignalToNoise"/> below <see cref="LearningRateFinderOptions.MinimumSignalToNoise"/>).
    /// </summary>
    Noise,

    /// <summary>The loss hardly moves: neither its trend nor its noise reaches <see cref="LearningRateFinderOptions.MinimumDrop"/> of its size.</summary>
    Flat,
}
