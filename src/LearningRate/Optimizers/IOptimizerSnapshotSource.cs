namespace LearningRate.Optimizers;

/// <summary>
/// An optimizer whose whole mutable state can be copied and put back: what the learning-rate finder
/// needs to leave a model as it found it (and what a checkpoint writer can reuse).
/// </summary>
internal interface IOptimizerSnapshotSource
{
    /// <summary>Copies the registered values, gradients, state buffers, step counts, group options and learning rates.</summary>
    /// <returns>A snapshot that <see cref="IOptimizerSnapshot.Restore"/> writes back.</returns>
    IOptimizerSnapshot CaptureSnapshot();
}
