namespace LearningRate.Checkpoints;

/// <summary>
/// Something whose state a checkpoint can hold beside the optimizer's, in a section named by the caller:
/// <see cref="Training.Standardizer"/>, <see cref="Training.MinMaxScaler"/>, <see cref="Training.TrainingMonitor"/>,
/// <see cref="Training.AveragedParameters{T}"/>, <see cref="Training.GradScaler"/>.
/// Pass it to <see cref="Checkpoint.Save"/> and <see cref="Checkpoint.Load"/> with its name, as
/// <c>("scaler", scaler)</c>, the way a PyTorch checkpoint is a dict of <c>state_dict()</c>s.
/// </summary>
/// <remarks>
/// The interface marks the library's types that implement the section format; the checkpoint methods refuse
/// other implementations with an <see cref="ArgumentException"/>.
/// </remarks>
#pragma warning disable CA1040 // A marker: the section format is internal, the interface says which types have one.
public interface ICheckpointable
{
}
#pragma warning restore CA1040
