using LearningRate.Checkpoints;

namespace LearningRate.Training;

/// <summary>
/// The checkpoint section of a scaler (PyTorch's <c>state_dict</c>): its options (checked, not restored), the scale and
/// the growth tracker. Where each optimizer is within an iteration is not saved: save between <see cref="GradScaler.Update()"/>
/// and the next <see cref="GradScaler.Unscale{T}"/>, as PyTorch expects.
/// </summary>
public sealed partial class GradScaler : ICheckpointState
{
    void ICheckpointState.WriteState(CheckpointWriter writer)
    {
        WriteOptions(writer, Options);
        writer.WriteDouble(_scale);
        writer.WriteInt32(_growthTracker);
    }

    Action<CheckpointSource> ICheckpointState.PrepareState(CheckpointReader reader)
    {
        var scratch = new CheckpointWriter();
        WriteOptions(scratch, Options);
        var expected = scratch.Written.ToArray();
        var saved = reader.ReadElements<byte>(expected.Length, "the scaler's options");
        if (!saved.AsSpan().SequenceEqual(expected))
        {
            // The options are fixed at construction: the scaler to restore into is built with the saved ones.
            throw new CheckpointException(CheckpointError.InvalidOptions, "The scaler was saved with other GradScalerOptions than this one has.");
        }

        var scale = reader.ReadDouble("the scaler's scale");
        var growthTracker = reader.ReadInt32("the scaler's growth tracker");
        if (!(scale >= 0) || !float.IsFinite((float)scale) || (float)scale != scale || growthTracker < 0 || growthTracker >= Options.GrowthInterval)
        {
            throw CheckpointReader.Malformed($"The scaler's scale {scale} or growth tracker {growthTracker} is out of range.");
        }

        return _ =>
        {
            _scale = (float)scale;
            _growthTracker = growthTracker;
        };
    }

    private static void WriteOptions(CheckpointWriter writer, GradScalerOptions options)
    {
        writer.WriteDouble(options.InitialScale);
        writer.WriteDouble(options.GrowthFactor);
        writer.WriteDouble(options.BackoffFactor);
        writer.WriteInt32(options.GrowthInterval);
        writer.WriteByte(options.Enabled ? (byte)1 : (byte)0);
    }
}
