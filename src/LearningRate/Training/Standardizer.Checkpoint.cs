using LearningRate.Checkpoints;

namespace LearningRate.Training;

/// <summary>The checkpoint section of a standardizer: its options, its published statistics and its running sums.</summary>
public sealed partial class Standardizer : ICheckpointState
{
    void ICheckpointState.WriteState(CheckpointWriter writer)
    {
        writer.WriteByte(Flags(WithMean, WithStd, IgnoreNaN));
        writer.WriteInt32(Columns);
        writer.WriteInt64(Count);
        writer.WriteByte(_shift.Length == 0 ? (byte)0 : (byte)1);
        writer.WriteElements<long>(_counts);
        writer.WriteElements<double>(_mean);
        writer.WriteElements<double>(_standardDeviation);
        writer.WriteElements<double>(_scale);
        writer.WriteElements<double>(_shift);
        writer.WriteElements<double>(_shiftedMean);
        writer.WriteElements<double>(_m2);
    }

    Action<CheckpointSource> ICheckpointState.PrepareState(CheckpointReader reader)
    {
        var flags = reader.ReadByte("the standardizer's options");
        if (flags != Flags(WithMean, WithStd, IgnoreNaN))
        {
            // The options are init-only: the standardizer to restore into is built with the saved ones.
            throw new CheckpointException(
                CheckpointError.InvalidOptions,
                $"The standardizer was saved with WithMean, WithStd, IgnoreNaN = {(flags & 1) != 0}, {(flags & 2) != 0}, {(flags & 4) != 0}; this one has {WithMean}, {WithStd}, {IgnoreNaN}.");
        }

        var columns = reader.ReadCount("the standardizer's column count", 8 * 4);
        if (Columns != 0 && columns != Columns)
        {
            throw new CheckpointException(CheckpointError.LengthMismatch, $"The standardizer was saved with {columns} columns; this one is fitted on {Columns}.");
        }

        var count = reader.ReadInt64("the standardizer's row count");
        var continuable = reader.ReadBool("whether the standardizer holds running sums");
        var counts = reader.ReadElements<long>(columns, "the standardizer's column counts");
        var mean = reader.ReadElements<double>(columns, "the standardizer's means");
        var deviation = reader.ReadElements<double>(columns, "the standardizer's standard deviations");
        var scale = reader.ReadElements<double>(columns, "the standardizer's scales");
        var running = continuable ? columns : 0;
        var shift = reader.ReadElements<double>(running, "the standardizer's shifts");
        var shiftedMean = reader.ReadElements<double>(running, "the standardizer's shifted means");
        var m2 = reader.ReadElements<double>(running, "the standardizer's sums of squares");
        if (count < 0 || Array.Exists(counts, n => n < 0 || n > count) || (continuable && columns == 0))
        {
            throw CheckpointReader.Malformed($"The standardizer's row count {count} and column counts do not fit together.");
        }

        return _ =>
        {
            Count = count;
            _counts = counts;
            _mean = mean;
            _standardDeviation = deviation;
            _scale = scale;
            _shift = shift;
            _shiftedMean = shiftedMean;
            _m2 = m2;
        };
    }

    private static byte Flags(bool first, bool second, bool third) =>
        (byte)((first ? 1 : 0) | (second ? 2 : 0) | (third ? 4 : 0));
}
