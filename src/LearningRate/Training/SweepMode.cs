namespace LearningRate.Training;

/// <summary>How the <see cref="LearningRateFinder"/> moves the learning rate from its start to its end.</summary>
public enum SweepMode
{
    /// <summary>Geometric steps, <c>γᵢ = γ_start·(γ_end/γ_start)^(i/(n−1))</c>: equal time per decade, the usual choice.</summary>
    Exponential,

    /// <summary>Arithmetic steps, <c>γᵢ = γ_start + (γ_end − γ_start)·i/(n−1)</c>: Smith's original CLR range test over a narrow range.</summary>
    Linear,
}
