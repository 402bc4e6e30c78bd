namespace LearningRate;

/// <summary>
/// How updated parameters stored in 16 bits (<see cref="Half"/> or <see cref="BFloat16"/>) are rounded back after an
/// update computed in float. An update smaller than half a unit in the last place of a parameter (a learning rate
/// times a small gradient, late in training) is lost entirely by rounding to nearest; the two other options keep it.
/// </summary>
public enum ReducedPrecisionRounding
{
    /// <summary>
    /// Round to nearest, ties to even: no extra memory, deterministic, but a parameter whose updates stay below half
    /// its unit in the last place never moves (a bfloat16 of 1.0 ignores every update below 2⁻⁸ ≈ 0.0039).
    /// </summary>
    Nearest,

    /// <summary>
    /// Compensated (Kahan) summation: a second 16-bit buffer per parameter keeps each rounding's residual, and the next
    /// update starts from value + residual, so small updates accumulate until they move the stored value. Costs 2
    /// more bytes per parameter (read and written every step); deterministic; the most accurate of the three.
    /// </summary>
    Kahan,

    /// <summary>
    /// Stochastic rounding: up or down at random, with the probability that makes the rounding unbiased (the expected
    /// stored value is the exact one), so small updates move the parameter on average. No extra memory; the random
    /// bits are a hash of a seed, the step and the element's index, so runs, resumed runs and every SIMD width give
    /// the same bits.
    /// </summary>
    Stochastic,
}
