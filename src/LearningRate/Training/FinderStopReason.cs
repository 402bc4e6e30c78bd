namespace LearningRate.Training;

/// <summary>Why a <see cref="LearningRateFinder"/> sweep ended.</summary>
public enum FinderStopReason
{
    /// <summary>Every planned step ran.</summary>
    Completed,

    /// <summary>The smoothed loss exceeded <see cref="LearningRateFinderOptions.DivergenceThreshold"/> times the best smoothed loss; that point is the last one kept.</summary>
    Diverged,

    /// <summary>The callback returned NaN or an infinity; that point is not kept.</summary>
    NonFiniteLoss,
}
