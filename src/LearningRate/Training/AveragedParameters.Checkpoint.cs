using System.Runtime.CompilerServices;
using LearningRate.Checkpoints;

namespace LearningRate.Training;

/// <summary>
/// The checkpoint section of the averages: the element size, the method, decay, start and period (checked, not
/// restored), the count, the step count of the last average, whether they are swapped, and each parameter's name
/// and averaged values. The values are streamed: a load notes where they are and reads them straight into place
/// once everything in the checkpoint is valid.
/// </summary>
public sealed partial class AveragedParameters<T> : ICheckpointState
{
    void ICheckpointState.WriteState(CheckpointWriter writer)
    {
        writer.WriteByte((byte)Unsafe.SizeOf<T>());
        writer.WriteByte(Decay is null ? (byte)0 : (byte)1);
        writer.WriteDouble(Decay ?? 0);
        writer.WriteInt64(Start);
        writer.WriteInt64(Period);
        writer.WriteInt64(Count);
        writer.WriteInt64(_averagedAtStepCount);
        writer.WriteByte(IsSwapped ? (byte)1 : (byte)0);
        writer.WriteInt32(_averages.Length);
        for (var i = 0; i < _averages.Length; i++)
        {
            writer.WriteString(_names[i]);
            writer.WriteInt64(_averages[i].Length);
            writer.WriteElements<T>(_averages[i]);
        }
    }

    Action<CheckpointSource> ICheckpointState.PrepareState(CheckpointReader reader)
    {
        var size = reader.ReadByte("the element size of the averages");
        if (size != Unsafe.SizeOf<T>())
        {
            throw new CheckpointException(
                CheckpointError.ElementTypeMismatch,
                $"The averages were saved with {size}-byte elements; these hold {typeof(T).Name} ({Unsafe.SizeOf<T>()} bytes).");
        }

        var exponential = reader.ReadBool("whether the averages are exponential");
        var decay = reader.ReadDouble("the decay of the averages");
        var start = reader.ReadInt64("the first averaged update");
        var period = reader.ReadInt64("the averaging period");
        double? savedDecay = exponential ? decay : null;
        if (savedDecay != Decay || start != Start || period != Period)
        {
            // The options are init-only: the averages to restore into are built with the saved ones.
            throw new CheckpointException(
                CheckpointError.InvalidOptions,
                $"The averages were saved as {Describe(savedDecay, start, period)}; these are {Describe(Decay, Start, Period)}.");
        }

        var count = reader.ReadInt64("the number of averaged parameter sets");
        var averagedAt = reader.ReadInt64("the step count of the last average");
        var swapped = reader.ReadBool("whether the averages are swapped into the parameters");
        if (count < 0 || (count == 0) != (averagedAt == -1) || averagedAt < -1 || (swapped && count == 0))
        {
            throw CheckpointReader.Malformed($"The averages' count {count}, last step count {averagedAt} and swap flag {swapped} do not fit together.");
        }

        var saved = reader.ReadCount("the number of averaged parameters", 12);
        if (saved != _averages.Length)
        {
            throw new CheckpointException(
                saved < _averages.Length ? CheckpointError.ParameterMissing : CheckpointError.ParameterUnexpected,
                $"The averages were saved for {saved} parameters; these are for {_averages.Length}.");
        }

        var offsets = new long[_averages.Length];
        var seen = new bool[_averages.Length];
        for (var i = 0; i < saved; i++)
        {
            var name = reader.ReadString("the name of an averaged parameter");
            var index = Array.IndexOf(_names, name);
            if (index < 0)
            {
                throw new CheckpointException(CheckpointError.ParameterUnexpected, $"The averages hold a parameter '{name}' that these do not average.");
            }

            if (seen[index])
            {
                throw CheckpointReader.Malformed($"The averages hold parameter '{name}' twice.");
            }

            seen[index] = true;
            var length = reader.ReadInt64($"the length of the average of '{name}'");
            if (length != _averages[index].Length)
            {
                throw new CheckpointException(
                    CheckpointError.LengthMismatch,
                    $"The average of '{name}' was saved with {length} values; the parameter has {_averages[index].Length}.");
            }

            offsets[index] = reader.ReadElements(length, Unsafe.SizeOf<T>(), $"the average of '{name}'", null);
        }

        return source =>
        {
            for (var i = 0; i < _averages.Length; i++)
            {
                source.Read<T>(offsets[i], _averages[i]);
            }

            Count = count;
            _averagedAtStepCount = averagedAt;
            IsSwapped = swapped;
        };
    }

    private static string Describe(double? decay, long start, long period) =>
        $"{(decay is double d ? $"EMA with decay {d}" : "SWA")} from update {start} every {period}";
}
