namespace LearningRate.Optimizers;

/// <summary>A copy of an optimizer's mutable state, taken by <see cref="IOptimizerSnapshotSource.CaptureSnapshot"/>.</summary>
internal interface IOptimizerSnapshot
{
    /// <summary>Writes the copy back into the optimizer and the caller's parameter and gradient memory.</summary>
    void Restore();
}
