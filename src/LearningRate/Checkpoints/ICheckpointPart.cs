namespace LearningRate.Checkpoints;

/// <summary>Something whose state a checkpoint holds in one named section: an optimizer, a controller.</summary>
internal interface ICheckpointPart
{
    /// <summary>Gets the section's name, unique within a checkpoint.</summary>
    string SectionName { get; }

    /// <summary>Writes the complete state.</summary>
    void Write(CheckpointWriter writer);

    /// <summary>
    /// Reads and validates a section without changing anything, and returns the action that installs it.
    /// Every problem throws <see cref="CheckpointException"/> here; the returned action cannot fail.
    /// </summary>
    /// <param name="section">The section's bytes.</param>
    /// <param name="strict">Whether the saved and registered parameter names must be the same set.</param>
    /// <param name="version">The checkpoint's format version (1 or 2).</param>
    Action Prepare(ReadOnlySpan<byte> section, bool strict, int version);
}
