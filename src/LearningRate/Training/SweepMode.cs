namespace LearningRate.Training;

/// <summary>
/// How the <see cref="LearningRateFinder"/> moves the learning rate from its start to its end. Step i takes the
/// fraction r = i/Steps of the way (fastai's grid, the default) or r = i/(Steps − 1) with
/// <see cref="LearningRateFinderOptions.IncludeEnd"/>.
/// </summary>
public enum SweepMode
{
    /// <summary>Geometric steps, <c>γᵢ = γ_start·(γ_end/γ_start)^r</c>: equal time per decade, the usual choice (fastai's only one).</summary>
    Exponential,

    /// <summary>Arithmetic steps, <c>γᵢ = γ_start + (γ_end − γ_start)·r</c>: Smith's original CLR range test over a narrow range.</summary>
    Linear,
}
