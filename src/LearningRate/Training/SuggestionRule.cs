namespace LearningRate.Training;

/// <summary>The rules by which <see cref="LearningRateFinderResult"/> suggests a learning rate.</summary>
public enum SuggestionRule
{
    /// <summary>The point where the smoothed loss falls fastest per decade of learning rate (torch-lr-finder, fastai "steep").</summary>
    Steepest,

    /// <summary>The learning rate of the lowest smoothed loss, divided by 10 (fastai "minimum"; Smith's advice to back off from the edge).</summary>
    MinimumOverTen,

    /// <summary>Half way along the longest descending stretch of the smoothed loss (fastai's "valley", its default).</summary>
    Valley,
}
