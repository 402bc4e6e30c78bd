using LearningRate.Checkpoints;

namespace LearningRate.Training;

/// <summary>The checkpoint section of a min-max scaler: its options and each column's observed minimum and maximum.</summary>
public sealed partial class MinMaxScaler : ICheckpointState
{
    void ICheckpointState.WriteState(CheckpointWriter writer)
    {
        writer.WriteDouble(Min);
        writer.WriteDouble(Max);
        writer.WriteByte((byte)((Clip ? 1 : 0) | (IgnoreNaN ? 2 : 0)));
        writer.WriteInt32(Columns);
        writer.WriteElements<double>(_dataMin);
        writer.WriteElements<double>(_dataMax);
    }

    Action<CheckpointSource> ICheckpointState.PrepareState(CheckpointReader reader)
    {
        var min = reader.ReadDouble("the scaler's Min");
        var max = reader.ReadDouble("the scaler's Max");
        var flags = reader.ReadByte("the scaler's options");
        var clip = (flags & 1) != 0;
        var ignoreNaN = (flags & 2) != 0;
        if (BitConverter.DoubleToInt64Bits(min) != BitConverter.DoubleToInt64Bits(Min)
            || BitConverter.DoubleToInt64Bits(max) != BitConverter.DoubleToInt64Bits(Max)
            || flags > 3 || clip != Clip || ignoreNaN != IgnoreNaN)
        {
            // Min, Max, Clip and IgnoreNaN are fixed at construction: the scaler to restore into is built with the saved ones.
            throw new CheckpointException(
                CheckpointError.InvalidOptions,
                $"The scaler was saved with range [{min}, {max}], Clip {clip}, IgnoreNaN {ignoreNaN}; this one has [{Min}, {Max}], Clip {Clip}, IgnoreNaN {IgnoreNaN}.");
        }

        var columns = reader.ReadCount("the scaler's column count", 16);
        if (Columns != 0 && columns != Columns)
        {
            throw new CheckpointException(CheckpointError.LengthMismatch, $"The scaler was saved with {columns} columns; this one is fitted on {Columns}.");
        }

        var dataMin = reader.ReadElements<double>(columns, "the scaler's minima");
        var dataMax = reader.ReadElements<double>(columns, "the scaler's maxima");
        for (var c = 0; c < columns; c++)
        {
            var valid = double.IsNaN(dataMin[c]) ? double.IsNaN(dataMax[c]) : double.IsFinite(dataMin[c]) && double.IsFinite(dataMax[c]) && dataMax[c] >= dataMin[c];
            if (!valid)
            {
                throw CheckpointReader.Malformed($"The scaler's column {c} has minimum {dataMin[c]} and maximum {dataMax[c]}.");
            }
        }

        return _ =>
        {
            _dataMin = dataMin;
            _dataMax = dataMax;
        };
    }
}
