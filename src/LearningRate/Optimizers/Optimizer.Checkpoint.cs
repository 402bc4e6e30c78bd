using System.Runtime.CompilerServices;
using LearningRate.Checkpoints;

namespace LearningRate.Optimizers;

/// <summary>The optimizer's checkpoint section (layout in docs/checkpoints.md).</summary>
public abstract partial class Optimizer<T, TOptions> : ICheckpointPart
{
    /// <summary>The smallest encoded parameter: name (4), group (4), length (4), step (8), flags (1), slot count (4).</summary>
    private const int MinimumParameterBytes = 25;

    /// <inheritdoc/>
    string ICheckpointPart.SectionName => "optimizer";

    /// <summary>Gets the optimizer's kind as a checkpoint records it: the class name without its generic arity.</summary>
    private string KindName
    {
        get
        {
            var name = GetType().Name;
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            return tick < 0 ? name : name[..tick];
        }
    }

    /// <inheritdoc/>
    void ICheckpointPart.Write(CheckpointWriter writer)
    {
        writer.WriteString(KindName);
        writer.WriteByte((byte)Unsafe.SizeOf<T>());
        writer.WriteInt64(StepCount);
        writer.WriteInt32(ConsecutiveSkips);
        writer.WriteInt32(_groups.Count);
        foreach (var group in _groups)
        {
            OptionsCodec.Write(writer, group.Options);
            writer.WriteDouble(group.BaseLearningRate);
            writer.WriteByte(group.LastLearningRate is null ? (byte)0 : (byte)1);
            writer.WriteDouble(group.LastLearningRate ?? 0);
            BindingCodec.WriteSchedule(writer, group.Schedule, StepCount);
            BindingCodec.WriteSchedule(writer, group.MomentumSchedule, StepCount);
            BindingCodec.WriteControllers(writer, group.Controllers);
        }

        writer.WriteInt32(_parametersByName.Count);
        for (var g = 0; g < _groups.Count; g++)
        {
            foreach (var parameter in _groups[g].ParameterList)
            {
                writer.WriteString(parameter.Name);
                writer.WriteInt32(g);
                writer.WriteInt32(parameter.Length);
                writer.WriteInt64(parameter.StepCount);
                writer.WriteByte(parameter.MomentumStarted ? (byte)1 : (byte)0);
                writer.WriteInt32(parameter.State.Length);
                foreach (var buffer in parameter.State)
                {
                    writer.WriteByte(buffer is null ? (byte)0 : (byte)1);
                    if (buffer is not null)
                    {
                        writer.WriteElements<T>(buffer);
                    }
                }

                writer.WriteElements<T>(parameter.Value.Span);
            }
        }
    }

    /// <inheritdoc/>
    Action ICheckpointPart.Prepare(ReadOnlySpan<byte> section, bool strict)
    {
        var reader = new CheckpointReader(section);
        var kind = reader.ReadString("the optimizer kind");
        if (kind != KindName)
        {
            throw new CheckpointException(CheckpointError.KindMismatch, $"The checkpoint holds the state of {kind}; this optimizer is {KindName}.");
        }

        var elementSize = reader.ReadByte("the element size");
        if (elementSize != Unsafe.SizeOf<T>())
        {
            throw new CheckpointException(
                CheckpointError.ElementTypeMismatch,
                $"The checkpoint holds {ElementName(elementSize)} elements; this optimizer is over {ElementName((byte)Unsafe.SizeOf<T>())}.");
        }

        var stepCount = NonNegative(reader.ReadInt64("the step count"), "the step count");
        var skips = (int)NonNegative(reader.ReadInt32("the consecutive skip count"), "the consecutive skip count");
        var groupCount = reader.ReadCount("the group count", 12);
        if (groupCount != _groups.Count)
        {
            throw new CheckpointException(CheckpointError.GroupMismatch, $"The checkpoint has {groupCount} parameter groups; this optimizer has {_groups.Count}.");
        }

        var options = new TOptions[groupCount];
        var learningRates = new double[groupCount];
        var lastLearningRates = new double?[groupCount];
        Action restoreControllers = static () => { };
        for (var g = 0; g < groupCount; g++)
        {
            options[g] = OptionsCodec.Read(ref reader, _groups[g].Options, g);
            learningRates[g] = LearningRate(reader.ReadDouble($"the learning rate of group {g}"), $"the learning rate of group {g}");
            var hasLast = reader.ReadBool($"the presence of group {g}'s last learning rate");
            var last = reader.ReadDouble($"the last learning rate of group {g}");
            if (!hasLast && BitConverter.DoubleToInt64Bits(last) != 0)
            {
                // One encoding per state: an absent value is written as +0, and anything else is damage.
                throw CheckpointReader.Malformed($"Group {g} has no last learning rate but stores {last:R} for it.");
            }

            lastLearningRates[g] = hasLast ? LearningRate(last, $"the last learning rate of group {g}") : null;
            BindingCodec.CheckSchedule(ref reader, _groups[g].Schedule, $"the learning-rate schedule of group {g}");
            BindingCodec.CheckSchedule(ref reader, _groups[g].MomentumSchedule, $"the momentum schedule of group {g}");
            restoreControllers += BindingCodec.ReadControllers(ref reader, _groups[g].Controllers, g);
        }

        var groupOf = new Dictionary<Parameter<T>, int>();
        for (var g = 0; g < _groups.Count; g++)
        {
            foreach (var parameter in _groups[g].ParameterList)
            {
                groupOf.Add(parameter, g);
            }
        }

        var count = reader.ReadCount("the parameter count", MinimumParameterBytes);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var restores = new List<ParameterRestore>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString("a parameter name");
            if (!seen.Add(name))
            {
                throw CheckpointReader.Malformed($"Parameter '{name}' appears twice in the checkpoint.");
            }

            var group = reader.ReadInt32($"the group of parameter '{name}'");
            if (group < 0 || group >= groupCount)
            {
                throw CheckpointReader.Malformed($"Parameter '{name}' is in group {group}; the checkpoint has {groupCount}.");
            }

            var length = (int)NonNegative(reader.ReadInt32($"the length of parameter '{name}'"), $"the length of parameter '{name}'");
            var step = NonNegative(reader.ReadInt64($"the step count of parameter '{name}'"), $"the step count of parameter '{name}'");
            var flags = reader.ReadByte($"the flags of parameter '{name}'");
            if (flags > 1)
            {
                throw CheckpointReader.Malformed($"Parameter '{name}' has flags 0x{flags:X2}; only bit 0 is defined.");
            }

            var slots = reader.ReadInt32($"the state slot count of parameter '{name}'");
            if (slots != StateCount)
            {
                throw CheckpointReader.Malformed($"Parameter '{name}' has {slots} state slots; {KindName} has {StateCount}.");
            }

            var state = new T[]?[slots];
            for (var slot = 0; slot < slots; slot++)
            {
                if (reader.ReadBool($"slot {slot} of parameter '{name}'"))
                {
                    state[slot] = reader.ReadElements<T>(length, $"slot {slot} of parameter '{name}'");
                }
            }

            var values = reader.ReadElements<T>(length, $"the values of parameter '{name}'");
            if (!_parametersByName.TryGetValue(name, out var target))
            {
                if (strict)
                {
                    throw new CheckpointException(CheckpointError.ParameterUnexpected, $"The checkpoint has parameter '{name}', which is not registered (strict).");
                }

                continue;
            }

            if (groupOf[target] != group)
            {
                throw new CheckpointException(CheckpointError.GroupMismatch, $"Parameter '{name}' is in group {group} in the checkpoint but in group {groupOf[target]} here.");
            }

            if (length != target.Length)
            {
                throw new CheckpointException(CheckpointError.LengthMismatch, $"Parameter '{name}' has {length} elements in the checkpoint; {target.Length} here.");
            }

            for (var slot = 0; slot < slots; slot++)
            {
                if (state[slot] is null && UsesState(slot, options[group]))
                {
                    throw CheckpointReader.Malformed($"Parameter '{name}' lacks state slot {slot}, which its group's options use.");
                }
            }

            restores.Add(new ParameterRestore(target, values, state, step, flags == 1));
        }

        reader.ExpectEnd("The optimizer section");
        if (strict)
        {
            foreach (var name in _parametersByName.Keys)
            {
                if (!seen.Contains(name))
                {
                    throw new CheckpointException(CheckpointError.ParameterMissing, $"Registered parameter '{name}' is not in the checkpoint (strict).");
                }
            }
        }

        return () =>
        {
            for (var g = 0; g < options.Length; g++)
            {
                _groups[g].Options = options[g];
                _groups[g].RestoreLearningRates(learningRates[g], lastLearningRates[g]);
            }

            restoreControllers();

            foreach (var restore in restores)
            {
                restore.Values.CopyTo(restore.Target.Value.Span);
                restore.State.CopyTo(restore.Target.State, 0);
                restore.Target.StepCount = restore.StepCount;
                restore.Target.MomentumStarted = restore.MomentumStarted;

                // A momentum schedule bound here but not when the checkpoint was saved still needs its velocity buffer.
                var group = _groups[groupOf[restore.Target]];
                AllocateState(restore.Target, group.Options, group.MomentumSchedule is not null);
            }

            StepCount = stepCount;
            ConsecutiveSkips = skips;
        };
    }

    private static double LearningRate(double value, string field) =>
        value >= 0 && !double.IsInfinity(value)
            ? value
            : throw new CheckpointException(CheckpointError.InvalidOptions, $"{field} is {value}; it must be a finite number >= 0.");

    private static string ElementName(byte size) => size switch
    {
        4 => "float",
        8 => "double",
        _ => $"{size}-byte",
    };

    private static long NonNegative(long value, string field) =>
        value >= 0 ? value : throw CheckpointReader.Malformed($"{field} is {value}; it cannot be negative.");

    private sealed record ParameterRestore(Parameter<T> Target, T[] Values, T[]?[] State, long StepCount, bool MomentumStarted);
}
