namespace LearningRate.Checkpoints;

/// <summary>The section format of an <see cref="ICheckpointable"/>: a small state written and read whole.</summary>
internal interface ICheckpointState
{
    /// <summary>Writes the state; called twice per save (measure, then write), both times alike.</summary>
    void WriteState(CheckpointWriter writer);

    /// <summary>
    /// Reads and validates the whole section without changing anything, and returns the action that installs it;
    /// every problem throws <see cref="CheckpointException"/> here. A state with long element runs (a model's worth
    /// of averaged parameters) notes their offsets instead of keeping them, and its action reads them again from the
    /// <see cref="CheckpointSource"/> straight into place, failing only when the stream fails; other actions cannot fail.
    /// </summary>
    Action<CheckpointSource> PrepareState(CheckpointReader reader);
}
