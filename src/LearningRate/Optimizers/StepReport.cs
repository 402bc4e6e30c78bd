namespace LearningRate.Optimizers;

/// <summary>
/// What one step did, returned by <see cref="IOptimizer.Step"/>: a small value, so reporting allocates nothing.
/// </summary>
/// <param name="Status">Whether the update was applied, skipped (and why) or deferred.</param>
/// <param name="LearningRate">The default group's learning rate this step used (or would have used, when skipped).</param>
/// <param name="GradientNorm">
/// The global L2 norm of all gradients, <c>√(Σ g²)</c> over every registered parameter, when the step computed it
/// (the non-finite check computes it under <see cref="NonFinitePolicy.Skip"/> and <see cref="NonFinitePolicy.Throw"/>);
/// <see cref="double.NaN"/> when it was not computed (<see cref="NonFinitePolicy.Propagate"/>, or a deferred step).
/// Σg² is accumulated in double in one fixed order, so the value has the same bits on every SIMD path (AVX-512,
/// AVX2, SSE, scalar) and machine: each gradient is cut into chunks of 65,536 elements; in a chunk, 32 lanes each
/// sum, in index order, the squares (in double) of the elements whose index is the lane's modulo 32, up to the last
/// complete group of 32; the lanes are combined pairwise (lane j + lane j+16, then j+8, j+4, j+2, j+1) and the
/// squares of the remaining elements (fewer than 32) are added one at a time; a running total adds the chunks in
/// order, parameters group by group in registration order. With float gradients the squares are exact and Σg² never
/// overflows, so the norm is finite exactly when every gradient element is; it is NaN or +∞ when one is NaN or
/// ±∞, and, with double gradients only, +∞ when Σg² overflows (elements above about 1.3e154).
/// </param>
/// <param name="NonFiniteParameter">The name of the first parameter whose gradient held NaN or ±∞ when the step was skipped; otherwise null.</param>
public readonly record struct StepReport(StepStatus Status, double LearningRate, double GradientNorm, string? NonFiniteParameter)
{
    /// <summary>Gets a value indicating whether the update was applied.</summary>
    public bool Applied => Status == StepStatus.Applied;
}
