namespace LearningRate.Training;

/// <summary>The rules by which <see cref="LearningRateFinderResult"/> suggests a learning rate.</summary>
public enum SuggestionRule
{
    /// <summary>
    /// The point where the trend of the loss falls fastest per decade of learning rate (torch-lr-finder, fastai "steep"):
    /// the most progress per step, and the rule most sensitive to noise.
    /// </summary>
    Steepest,

    /// <summary>
    /// The learning rate of the lowest trend loss, divided by 10 (fastai "minimum"; Smith's advice to back off from
    /// the point where the loss stops improving): a conservative constant rate. Absent when it falls below the swept range.
    /// </summary>
    MinimumOverTen,

    /// <summary>
    /// Half way along the longest descending stretch of the trend (fastai's "valley", its default): a rate where
    /// training surely makes progress, far from the blow-up; a safe constant rate, usually not the fastest.
    /// </summary>
    Valley,

    /// <summary>
    /// The learning rate of the lowest trend loss itself: too high for a constant rate, it is the peak Smith takes for
    /// a schedule with warmup and decay (1cycle, warmup + cosine).
    /// </summary>
    LossMinimum,
}
