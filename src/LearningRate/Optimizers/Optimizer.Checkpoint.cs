using System.Runtime.CompilerServices;
using LearningRate.Checkpoints;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// The optimizer's checkpoint section (layout in docs/checkpoints.md). Format 2 stores every declared buffer and
/// scalar by name, with an element-type tag and a 64-bit length per buffer; format 1 (read only) stored the
/// buffers by position and one flag bit. Both are read into the same images, validated, then installed.
/// </summary>
public abstract partial class Optimizer<T, TOptions> : ICheckpointPart
{
    /// <summary>The smallest encoded parameter of format 1: name (4), group (4), length (4), step (8), flags (1), slot count (4).</summary>
    private const int MinimumFormatOneParameterBytes = 25;

    /// <summary>The smallest encoded parameter of format 2: name (4), group (4), length (8), step (8), two empty lists (8).</summary>
    private const int MinimumParameterBytes = 32;

    /// <summary>The bits of 1.0, the value of a set flag.</summary>
    private const long OneBits = 0x3FF0_0000_0000_0000;

    /// <inheritdoc/>
    string ICheckpointPart.SectionName => "optimizer";

    /// <inheritdoc/>
    void ICheckpointPart.RunExclusive(string operation, Action action)
    {
        EnterExclusive(operation);
        try
        {
            action();
        }
        finally
        {
            ExitExclusive();
        }
    }

    /// <inheritdoc/>
    void ICheckpointPart.Write(CheckpointWriter writer)
    {
        writer.WriteString(Layout.Kind);
        writer.WriteByte((byte)StateElements.Of<T>());
        writer.WriteInt64(StepCount);
        writer.WriteInt32(ConsecutiveSkips);
        WriteBlock(writer, OptimizerState, StateScope.Optimizer);
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
            WriteBlock(writer, group.State, StateScope.Group);
        }

        writer.WriteInt32(_parametersByName.Count);
        for (var g = 0; g < _groups.Count; g++)
        {
            foreach (var parameter in _groups[g].ParameterList)
            {
                writer.WriteString(parameter.Name);
                writer.WriteInt32(g);
                writer.WriteInt64(parameter.Length);
                writer.WriteInt64(parameter.StepCount);
                WriteBlock(writer, parameter.Block, StateScope.Parameter);
                writer.WriteElements<T>(parameter.Value.Span);
                GC.KeepAlive(parameter.Block.Arena);
            }
        }

        GC.KeepAlive(this);
    }

    /// <inheritdoc/>
    Action<CheckpointSource> ICheckpointPart.Prepare(CheckpointReader reader, bool strict, int version)
    {
        ReadKindAndElement(reader, version);
        var stepCount = NonNegative(reader.ReadInt64("the step count"), "the step count");
        var skips = (int)NonNegative(reader.ReadInt32("the consecutive skip count"), "the consecutive skip count");
        if (skips > MaxConsecutiveSkips)
        {
            // A run stops at MaxConsecutiveSkips: more cannot come from this optimizer's setting (set it before loading).
            throw CheckpointReader.Malformed(
                $"The checkpoint has {skips} consecutive skipped steps; this optimizer's MaxConsecutiveSkips is {MaxConsecutiveSkips}.");
        }

        var optimizerState = version == 1 ? null : ReadBlock(reader, StateScope.Optimizer, TotalLength(), "the optimizer", _groups[0].Options);
        var groupCount = reader.ReadCount("the group count", 12);
        if (groupCount != _groups.Count)
        {
            throw new CheckpointException(CheckpointError.GroupMismatch, $"The checkpoint has {groupCount} parameter groups; this optimizer has {_groups.Count}.");
        }

        var groups = new SavedGroup[groupCount];
        Action restoreControllers = static () => { };
        for (var g = 0; g < groupCount; g++)
        {
            var options = OptionsCodec.Read(ref reader, _groups[g].Options, g, version);
            var learningRate = LearningRate(reader.ReadDouble($"the learning rate of group {g}"), $"the learning rate of group {g}");
            var hasLast = reader.ReadBool($"the presence of group {g}'s last learning rate");
            var last = reader.ReadDouble($"the last learning rate of group {g}");
            if (!hasLast && BitConverter.DoubleToInt64Bits(last) != 0)
            {
                // One encoding per state: an absent value is written as +0, and anything else is damage.
                throw CheckpointReader.Malformed($"Group {g} has no last learning rate but stores {last:R} for it.");
            }

            BindingCodec.CheckSchedule(reader, _groups[g].Schedule, $"the learning-rate schedule of group {g}", version, stepCount);
            BindingCodec.CheckSchedule(reader, _groups[g].MomentumSchedule, $"the momentum schedule of group {g}", version, stepCount);
            restoreControllers += BindingCodec.ReadControllers(ref reader, _groups[g].Controllers, g, version);
            var groupState = version == 1 ? null : ReadBlock(reader, StateScope.Group, _groups[g].ElementCount, $"group {g}", options);
            groups[g] = new SavedGroup(options, learningRate, hasLast ? LearningRate(last, $"the last learning rate of group {g}") : null, groupState);
        }

        var groupOf = new Dictionary<Parameter<T>, int>();
        for (var g = 0; g < _groups.Count; g++)
        {
            foreach (var parameter in _groups[g].ParameterList)
            {
                groupOf.Add(parameter, g);
            }
        }

        var count = reader.ReadCount("the parameter count", version == 1 ? MinimumFormatOneParameterBytes : MinimumParameterBytes);
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

            var length = version == 1 ? reader.ReadInt32($"the length of parameter '{name}'") : reader.ReadInt64($"the length of parameter '{name}'");
            length = NonNegative(length, $"the length of parameter '{name}'");
            if (length > Array.MaxLength)
            {
                throw CheckpointReader.Malformed($"Parameter '{name}' declares {length} elements, more than a parameter can have.");
            }

            var step = NonNegative(reader.ReadInt64($"the step count of parameter '{name}'"), $"the step count of parameter '{name}'");
            if (step > stepCount)
            {
                throw CheckpointReader.Malformed($"Parameter '{name}' has taken {step} steps; the optimizer has taken {stepCount}.");
            }

            var options = groups[group].Options;
            var state = version == 1
                ? ReadFormatOneParameterState(reader, name, (int)length)
                : ReadBlock(reader, StateScope.Parameter, length, $"parameter '{name}'", options, ShapeOf(name, length));
            var values = reader.ReadElements(length, Unsafe.SizeOf<T>(), $"the values of parameter '{name}'", null);
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

            RequireUsedSlots(state, options, StateScope.Parameter, $"Parameter '{name}'");
            restores.Add(new ParameterRestore(target, values, state, step));
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

        return source => Install(source, groups, restoreControllers, optimizerState, restores, groupOf, stepCount, skips);
    }

    /// <summary>Installs what <see cref="ICheckpointPart.Prepare"/> validated, reading the element runs from <paramref name="source"/>.</summary>
    private void Install(
        CheckpointSource source,
        SavedGroup[] groups,
        Action restoreControllers,
        SavedBlock? optimizerState,
        List<ParameterRestore> restores,
        Dictionary<Parameter<T>, int> groupOf,
        long stepCount,
        int skips)
    {
        for (var g = 0; g < groups.Length; g++)
        {
            _groups[g].Options = groups[g].Options;
            _groups[g].RestoreLearningRates(groups[g].LearningRate, groups[g].LastLearningRate);
            if (groups[g].State is { } groupState)
            {
                RestoreBlock(source, _groups[g].State, groupState);
            }
        }

        restoreControllers();
        if (optimizerState is not null)
        {
            RestoreBlock(source, OptimizerState, optimizerState);
        }

        foreach (var restore in restores)
        {
            source.Read(restore.ValuesAt, restore.Target.Value.Span);
            RestoreBlock(source, restore.Target.Block, restore.State);
            restore.Target.StepCount = restore.StepCount;

            // A momentum schedule bound here but not when the checkpoint was saved still needs its velocity buffer.
            var group = _groups[groupOf[restore.Target]];
            AllocateState(restore.Target, group.Options, group.MomentumSchedule is not null);
        }

        AllocateSharedState();
        RestoreStepCount(stepCount, skips);
        GC.KeepAlive(this);
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

    private void WriteBlock(CheckpointWriter writer, StateBlock block, StateScope scope)
    {
        var scalars = Layout.Scalars;
        writer.WriteInt32(scalars.Count(s => s.Scope == scope));
        for (var i = 0; i < scalars.Count; i++)
        {
            if (scalars[i].Scope == scope)
            {
                writer.WriteString(scalars[i].Name);
                writer.WriteDouble(block.Scalars[i]);
            }
        }

        var slots = Layout.Slots;
        var present = 0;
        for (var i = 0; i < slots.Count; i++)
        {
            present += slots[i].Scope == scope && block.IsPresent(i) ? 1 : 0;
        }

        writer.WriteInt32(present);
        for (var i = 0; i < slots.Count; i++)
        {
            if (slots[i].Scope == scope && block.IsPresent(i))
            {
                var element = block.ElementOf(i);
                writer.WriteString(slots[i].Name);
                writer.WriteByte((byte)element);
                writer.WriteInt64(block.LengthOf(i));
                WriteBuffer(writer, block, i);
            }
        }
    }

    /// <summary>Reads one owner's scalars and buffers by name, checking each against the declaration and its invariant.</summary>
    /// <summary>
    /// Gets the registered shape of the parameter named <paramref name="name"/> when it has <paramref name="length"/>
    /// elements: a buffer whose length follows the shape is read with the shape of the parameter it restores into (the
    /// file does not hold shapes, so a saved buffer of another shape's length is refused as malformed).
    /// </summary>
    private int[]? ShapeOf(string name, long length) =>
        _parametersByName.TryGetValue(name, out var target) && target.Length == length ? target.RegisteredShape : null;

    private SavedBlock ReadBlock(CheckpointReader reader, StateScope scope, long ownerLength, string owner, TOptions options, int[]? ownerShape = null)
    {
        var image = EmptyBlock();
        var scalars = Layout.Scalars;
        var scalarCount = reader.ReadCount($"the scalar count of {owner}", 12);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < scalarCount; n++)
        {
            var name = reader.ReadString($"a scalar name of {owner}");
            var value = reader.ReadDouble($"scalar '{name}' of {owner}");
            var index = Layout.ScalarIndex(name);
            if (index < 0 || scalars[index].Scope != scope || !seen.Add(name))
            {
                throw CheckpointReader.Malformed($"{Capitalized(owner)} has a scalar '{name}', which {Layout.Kind} does not declare for it, or has it twice.");
            }

            // A flag has one encoding per state, +0 or 1, and is never NaN even in a run that propagates NaN: a step only sets it to 1.
            var invariant = scalars[index].Invariant;
            if (invariant == StateInvariant.Flag ? BitConverter.DoubleToInt64Bits(value) is not (0 or OneBits) : !StateElements.Holds(value, invariant))
            {
                throw CheckpointReader.Malformed($"Scalar '{name}' of {owner} is {value:R}, which breaks its invariant ({invariant}).");
            }

            image.Scalars[index] = value;
        }

        for (var i = 0; i < scalars.Count; i++)
        {
            if (scalars[i].Scope == scope && !seen.Contains(scalars[i].Name))
            {
                throw CheckpointReader.Malformed($"{Capitalized(owner)} lacks scalar '{scalars[i].Name}'.");
            }
        }

        var slots = Layout.Slots;
        // The smallest buffer: an empty name (4), the tag (1), the length (8) and no elements (a parameter of length 0).
        var bufferCount = reader.ReadCount($"the buffer count of {owner}", 13);
        for (var n = 0; n < bufferCount; n++)
        {
            var name = reader.ReadString($"a buffer name of {owner}");
            var index = Layout.SlotIndex(name);
            if (index < 0 || slots[index].Scope != scope || image.Offsets[index] >= 0)
            {
                throw CheckpointReader.Malformed($"{Capitalized(owner)} has a buffer '{name}', which {Layout.Kind} does not declare for it, or has it twice.");
            }

            var tag = reader.ReadByte($"the element type of buffer '{name}' of {owner}");
            var expected = StateElements.Resolve<T>(slots[index].Element);
            if (tag != (byte)expected)
            {
                throw new CheckpointException(
                    CheckpointError.ElementTypeMismatch,
                    $"Buffer '{name}' of {owner} holds {(StateElements.IsConcrete(tag) ? StateElements.Name((StateElement)tag) : $"element type {tag}")} elements; here it holds {StateElements.Name(expected)}.");
            }

            var length = reader.ReadInt64($"the length of buffer '{name}' of {owner}");
            var expectedLength = slots[index].LengthFor(new StateExtent(ownerLength, ownerShape), options);
            if (length != expectedLength)
            {
                throw CheckpointReader.Malformed($"Buffer '{name}' of {owner} has {length} elements; it needs {expectedLength}.");
            }

            var invariant = slots[index].Invariant;
            image.Offsets[index] = reader.ReadElements(
                length,
                StateElements.Size(expected),
                $"buffer '{name}' of {owner}",
                Checked(expected, invariant, violation => $"Element {violation} of buffer '{name}' of {owner} breaks its invariant ({invariant})."));
            image.Elements[index] = expected;
            image.Lengths[index] = (int)length;
        }

        if (scope != StateScope.Parameter)
        {
            RequireUsedSlots(image, options, scope, Capitalized(owner));
        }

        return image;
    }

    /// <summary>Reads format 1's flags byte and positional buffers into an image.</summary>
    private SavedBlock ReadFormatOneParameterState(CheckpointReader reader, string name, int length)
    {
        var image = EmptyBlock();
        var flags = reader.ReadByte($"the flags of parameter '{name}'");
        var flagScalar = -1;
        for (var i = 0; i < Layout.Scalars.Count; i++)
        {
            flagScalar = Layout.Scalars[i].FormatOneFlag ? i : flagScalar;
        }

        if (flags > 1 || (flags == 1 && flagScalar < 0))
        {
            throw CheckpointReader.Malformed($"Parameter '{name}' has flags 0x{flags:X2}; only bit 0 is defined.");
        }

        if (flagScalar >= 0)
        {
            image.Scalars[flagScalar] = flags;
        }

        var slots = reader.ReadInt32($"the state slot count of parameter '{name}'");
        if (slots != Layout.Slots.Count)
        {
            throw CheckpointReader.Malformed($"Parameter '{name}' has {slots} state slots; {Layout.FormatOneKind} has {Layout.Slots.Count}.");
        }

        for (var slot = 0; slot < slots; slot++)
        {
            if (reader.ReadBool($"slot {slot} of parameter '{name}'"))
            {
                var declared = Layout.Slots[slot];
                image.Offsets[slot] = reader.ReadElements(
                    length,
                    Unsafe.SizeOf<T>(),
                    $"slot {slot} of parameter '{name}'",
                    Checked(StateElements.Of<T>(), declared.Invariant, violation => $"Element {violation} of slot {slot} ('{declared.Name}') of parameter '{name}' breaks its invariant ({declared.Invariant})."));
                image.Elements[slot] = StateElements.Of<T>();
                image.Lengths[slot] = length;
            }
        }

        return image;
    }

    /// <summary>Reads the algorithm's kind and the element type, in either format, and checks both.</summary>
    private void ReadKindAndElement(CheckpointReader reader, int version)
    {
        var kind = reader.ReadString("the optimizer kind");
        var expected = version == 1 ? Layout.FormatOneKind : Layout.Kind;
        if (kind != expected)
        {
            throw new CheckpointException(CheckpointError.KindMismatch, $"The checkpoint holds the state of {kind}; this optimizer is {expected ?? Layout.Kind}.");
        }

        var element = reader.ReadByte(version == 1 ? "the element size" : "the element type");
        var own = StateElements.Of<T>();
        if (version == 1 ? element != StateElements.Size(own) : element != (byte)own)
        {
            var saved = version == 1 ? ElementName(element) : StateElements.IsConcrete(element) ? StateElements.Name((StateElement)element) : $"element type {element}";
            throw new CheckpointException(
                CheckpointError.ElementTypeMismatch,
                $"The checkpoint holds {saved} elements; this optimizer is over {StateElements.Name(own)}.");
        }
    }

    /// <summary>Throws when a buffer the saved options use is absent: a real run always has it.</summary>
    private void RequireUsedSlots(SavedBlock image, TOptions options, StateScope scope, string owner)
    {
        for (var slot = 0; slot < Layout.Slots.Count; slot++)
        {
            var declared = Layout.Slots[slot];
            if (declared.Scope == scope && image.Offsets[slot] < 0 && declared.IsUsed(options, momentumScheduled: false))
            {
                throw CheckpointReader.Malformed(
                    scope == StateScope.Parameter
                        ? $"{owner} lacks state slot {slot} ('{declared.Name}'), which its group's options use."
                        : $"{owner} lacks buffer '{declared.Name}', which its options use.");
            }
        }
    }

    private SavedBlock EmptyBlock()
    {
        var slots = Layout.Slots.Count;
        var offsets = new long[slots];
        offsets.AsSpan().Fill(-1);
        return new SavedBlock(new StateElement[slots], new int[slots], offsets, InitialScalars());
    }

    /// <summary>A check of every element of a buffer against its invariant, chunk by chunk; null when any value is allowed.</summary>
    private static ElementChunk? Checked(StateElement element, StateInvariant invariant, Func<long, string> message) =>
        invariant == StateInvariant.Any
            ? null
            : (chunk, first) =>
            {
                var violation = StateElements.FirstViolation(chunk, element, invariant);
                if (violation >= 0)
                {
                    throw CheckpointReader.Malformed(message(first + violation));
                }
            };

    /// <summary>Writes a present buffer's elements, typed by their size so that no byte count overflows an int.</summary>
    private static void WriteBuffer(CheckpointWriter writer, StateBlock block, int slot)
    {
        switch (StateElements.Size(block.ElementOf(slot)))
        {
            case 1:
                writer.WriteElements<byte>(block.Buffer<byte>(slot));
                break;
            case 2:
                writer.WriteElements<ushort>(block.Buffer<ushort>(slot));
                break;
            case 4:
                writer.WriteElements<uint>(block.Buffer<uint>(slot));
                break;
            default:
                writer.WriteElements<ulong>(block.Buffer<ulong>(slot));
                break;
        }

        GC.KeepAlive(block.Arena);
    }

    /// <summary>Puts a validated block in place: each saved buffer is (re)allocated and read from the source; the others are released.</summary>
    private static void RestoreBlock(CheckpointSource source, StateBlock block, SavedBlock saved)
    {
        for (var slot = 0; slot < block.SlotCount; slot++)
        {
            var offset = saved.Offsets[slot];
            if (offset < 0)
            {
                block.Release(slot);
                continue;
            }

            block.Ensure(slot, saved.Elements[slot], saved.Lengths[slot], 0);
            switch (StateElements.Size(saved.Elements[slot]))
            {
                case 1:
                    source.Read(offset, block.Buffer<byte>(slot));
                    break;
                case 2:
                    source.Read(offset, block.Buffer<ushort>(slot));
                    break;
                case 4:
                    source.Read(offset, block.Buffer<uint>(slot));
                    break;
                default:
                    source.Read(offset, block.Buffer<ulong>(slot));
                    break;
            }
        }

        saved.Scalars.CopyTo(block.Scalars, 0);
        GC.KeepAlive(block.Arena);
    }

    private long TotalLength() => _groups.Sum(g => g.ElementCount);

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private sealed record SavedGroup(TOptions Options, double LearningRate, double? LastLearningRate, SavedBlock? State);

    /// <summary>A parameter's validated record: where its values start in the checkpoint, its state, its step count.</summary>
    private sealed record ParameterRestore(Parameter<T> Target, long ValuesAt, SavedBlock State, long StepCount);

    /// <summary>
    /// A validated state block: per slot its element type, length and the checkpoint offset of its elements (−1 when
    /// absent), and the scalars. The elements themselves stay in the checkpoint until they are installed.
    /// </summary>
    private sealed record SavedBlock(StateElement[] Elements, int[] Lengths, long[] Offsets, double[] Scalars);
}
