namespace LearningRate.Checkpoints;

/// <summary>An extra of a checkpoint under the section name its caller gave it.</summary>
internal sealed class NamedPart(string name, ICheckpointState state) : ICheckpointPart
{
    public string SectionName => name;

    public void Write(CheckpointWriter writer) => state.WriteState(writer);

    public Action<CheckpointSource> Prepare(CheckpointReader reader, bool strict, int version)
    {
        var install = state.PrepareState(reader);
        reader.ExpectEnd($"Section '{name}'");
        return install;
    }
}
