namespace LearningRate.Optimizers;

/// <summary>A copy of an optimizer's mutable state, taken by <see cref="IOptimizer{T}.CaptureSnapshot"/>.</summary>
public interface IOptimizerSnapshot
{
    /// <summary>Writes the copy back into the optimizer and into the caller's parameter and gradient memory.</summary>
    void Restore();
}
