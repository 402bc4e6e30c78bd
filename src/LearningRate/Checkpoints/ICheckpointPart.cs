namespace LearningRate.Checkpoints;

/// <summary>Something whose state a checkpoint holds in one named section: an optimizer, a controller.</summary>
internal interface ICheckpointPart
{
    /// <summary>Gets the section's name, unique within a checkpoint.</summary>
    string SectionName { get; }

    /// <summary>
    /// Runs <paramref name="action"/> (a whole save or load, all its passes) while nothing else may use the part;
    /// throws <see cref="InvalidOperationException"/> when something already does.
    /// </summary>
    /// <param name="operation">Names the operation in the exception, as "Checkpoint.Save".</param>
    /// <param name="action">The save or load.</param>
    void RunExclusive(string operation, Action action) => action();

    /// <summary>
    /// Writes the complete state. A save calls it twice, to count the bytes and then to write them; both calls
    /// must write the same bytes.
    /// </summary>
    void Write(CheckpointWriter writer);

    /// <summary>
    /// Reads and validates a section without changing anything, and returns the action that installs it, reading
    /// the element runs again from the source. Every problem of the checkpoint throws <see cref="CheckpointException"/>
    /// here; the returned action fails only when the stream fails.
    /// </summary>
    /// <param name="reader">The reader, at the section's first byte, limited to the section.</param>
    /// <param name="strict">Whether the saved and registered parameter names must be the same set.</param>
    /// <param name="version">The checkpoint's format version (1 or 2).</param>
    Action<CheckpointSource> Prepare(CheckpointReader reader, bool strict, int version);
}
