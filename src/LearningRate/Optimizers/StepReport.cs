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
/// </param>
/// <param name="NonFiniteParameter">The name of the first parameter whose gradient held NaN or ±∞ when the step was skipped; otherwise null.</param>
public readonly record struct StepReport(StepStatus Status, double LearningRate, double GradientNorm, string? NonFiniteParameter)
{
    /// <summary>Gets a value indicating whether the update was applied.</summary>
    public bool Applied => Status == StepStatus.Applied;
}
