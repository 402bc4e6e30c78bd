using LearningRate.Controllers;
using LearningRate.Schedules;

namespace LearningRate.Checkpoints;

/// <summary>
/// A group's learning-rate binding in a checkpoint: the schedules' fingerprints (schedules are pure, so only
/// their identity is checked, never restored) and each attached controller's state (restored). Format 2 names
/// schedule families and controllers by stable kind strings; format 1 stored CLR type names, which
/// <see cref="s_formatOneScheduleKinds"/> and <see cref="s_formatOneControllers"/> translate.
/// </summary>
internal static class BindingCodec
{
    /// <summary>The kind of a schedule or controller that is not one of this library's (checked by kind and values only).</summary>
    private const string ExternalKind = "external";

    /// <summary>
    /// The stored value of a probe at which the schedule throws: a quiet NaN whose payload spells "FAIL". A schedule of
    /// this library never returns NaN, so the value cannot be confused with one it gives.
    /// </summary>
    internal const long FailedProbeBits = 0x7FF8_0000_4641_494C;

    /// <summary>Fixed probe steps; the saved step count and its neighbours are added to them.</summary>
    private static readonly long[] s_probeSteps = [0, 1, 2, 3, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    /// <summary>Format 1's schedule type names and the kinds they are now.</summary>
    private static readonly Dictionary<string, string> s_formatOneScheduleKinds = new(StringComparer.Ordinal)
    {
        ["AdapterSchedule"] = "adapter",
        ["ClampedSchedule"] = "clamped",
        ["ConstantSchedule"] = "constant",
        ["CosineSchedule"] = "cosine",
        ["CyclicSchedule"] = "cyclic",
        ["ExponentialSchedule"] = "exponential",
        ["FunctionSchedule"] = "function",
        ["InverseSqrtSchedule"] = "inverse-sqrt",
        ["InverseTimeSchedule"] = "inverse-time",
        ["LinearSchedule"] = "linear",
        ["MultiStepSchedule"] = "multi-step",
        ["MultiplicativeSchedule"] = "multiplicative",
        ["OneCycleSchedule"] = "one-cycle",
        ["PolynomialSchedule"] = "polynomial",
        ["ProductSchedule"] = "product",
        ["ScaledSchedule"] = "scaled",
        ["SequenceSchedule"] = "sequence",
        ["StepDecaySchedule"] = "step-decay",
        ["WarmRestartsSchedule"] = "warm-restarts",
        ["WarmupStableDecaySchedule"] = "warmup-stable-decay",
    };

    /// <summary>Format 1's controller type names, with the kind byte it wrote after them, and the kinds they are now.</summary>
    private static readonly Dictionary<string, (byte Tag, string Kind)> s_formatOneControllers = new(StringComparer.Ordinal)
    {
        ["ReduceOnPlateau"] = (1, "reduce-on-plateau"),
        ["BoldDriver"] = (2, "bold-driver"),
    };

    /// <summary>Writes a schedule as present flag, kind and its values at the probe steps.</summary>
    public static void WriteSchedule(CheckpointWriter writer, ILearningRateSchedule? schedule, long stepCount)
    {
        writer.WriteByte(schedule is null ? (byte)0 : (byte)1);
        if (schedule is null)
        {
            return;
        }

        writer.WriteString(Kind(schedule));
        var steps = ProbeSteps(stepCount);
        writer.WriteInt32(steps.Length);
        foreach (var step in steps)
        {
            writer.WriteInt64(step);
            writer.WriteDouble(BitConverter.Int64BitsToDouble(Probe(schedule, step)));
        }
    }

    /// <summary>
    /// Reads a schedule fingerprint and checks that <paramref name="bound"/> has the same one: the same kind, and the
    /// same bits (or a failure) at every probe step. The probe steps must be exactly those a save at
    /// <paramref name="stepCount"/> writes, so that every fingerprint has one encoding.
    /// </summary>
    public static void CheckSchedule(CheckpointReader reader, ILearningRateSchedule? bound, string what, int version, long stepCount)
    {
        var present = reader.ReadBool($"the presence of {what}");
        if (!present)
        {
            // Saved without one, bound here: a schedule chosen for the rest of the run, which is allowed.
            return;
        }

        var saved = reader.ReadString(version == 1 ? $"the type of {what}" : $"the kind of {what}");
        var savedKind = version == 1 ? s_formatOneScheduleKinds.GetValueOrDefault(saved, ExternalKind) : saved;
        var count = reader.ReadCount($"the probe count of {what}", 16);
        var steps = ProbeSteps(stepCount);
        if (count != steps.Length)
        {
            throw CheckpointReader.Malformed($"{Capitalized(what)} has {count} probes; a checkpoint at step {stepCount} has {steps.Length}.");
        }

        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            var step = reader.ReadInt64($"a probe step of {what}");
            values[i] = BitConverter.DoubleToInt64Bits(reader.ReadDouble($"a probe value of {what}"));
            if (step != steps[i])
            {
                throw CheckpointReader.Malformed($"Probe {i} of {what} is at step {step}; a checkpoint at step {stepCount} probes step {steps[i]} there.");
            }
        }

        if (bound is null)
        {
            throw Mismatch($"The checkpoint was saved with {what} ({saved}), but none is bound here.");
        }

        if (savedKind != Kind(bound))
        {
            throw Mismatch($"The checkpoint was saved with {what} of kind '{savedKind}'; one of kind '{Kind(bound)}' is bound here.");
        }

        for (var i = 0; i < count; i++)
        {
            var actual = Probe(bound, steps[i]);
            if (actual != values[i])
            {
                throw Mismatch($"{Capitalized(what)} bound here {Describe(actual)} at step {steps[i]}; the saved one {Describe(values[i])}. Bind the schedule the run was saved with.");
            }
        }
    }

    /// <summary>Writes each controller as its kind and, for this library's controllers, its own state.</summary>
    public static void WriteControllers(CheckpointWriter writer, IReadOnlyList<ILearningRateController> controllers)
    {
        writer.WriteInt32(controllers.Count);
        foreach (var controller in controllers)
        {
            if (controller is ICheckpointedController own)
            {
                writer.WriteString(own.Kind);
                own.WriteState(writer);
            }
            else
            {
                // A controller of the caller's own: only its kind is checked on load; its state is its owner's to save.
                writer.WriteString(ExternalKind);
            }
        }
    }

    /// <summary>
    /// Reads the saved controllers of one group, checks them against <paramref name="attached"/> (same count,
    /// kinds and order) and validates each state; returns the action that restores them.
    /// </summary>
    public static Action ReadControllers(ref CheckpointReader reader, IReadOnlyList<ILearningRateController> attached, int group, int version)
    {
        var count = reader.ReadCount($"the controller count of group {group}", 5);
        if (count != attached.Count)
        {
            throw new CheckpointException(
                CheckpointError.ControllerMismatch,
                $"Group {group} had {count} controllers when saved; {attached.Count} are attached here.");
        }

        Action restore = static () => { };
        for (var i = 0; i < count; i++)
        {
            var where = $"controller {i} of group {group}";
            var controller = attached[i];
            var kind = controller is ICheckpointedController own ? own.Kind : ExternalKind;
            var savedKind = version == 1 ? ReadFormatOneKind(ref reader, where) : reader.ReadString($"the kind of {where}");
            if (savedKind != kind)
            {
                throw new CheckpointException(
                    CheckpointError.ControllerMismatch,
                    $"Controller {i} of group {group} was of kind '{savedKind}' when saved; one of kind '{kind}' is attached here.");
            }

            if (controller is ICheckpointedController checkpointed)
            {
                restore += checkpointed.ReadState(ref reader, where);
            }
        }

        return restore;
    }

    /// <summary>
    /// Checks a saved state against the controller's options: the restore validates before it writes, so a
    /// failing one changes nothing, and a passing one is undone at once with the state captured before.
    /// </summary>
    public static void ValidateControllerState<TState>(TState current, TState saved, Action<TState> restore, string where)
    {
        try
        {
            restore(saved);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(
                CheckpointError.ControllerMismatch,
                $"The saved state of {where} does not fit its options here: {e.Message}",
                e);
        }

        restore(current);
    }

    /// <summary>Reads format 1's type name and kind byte and returns the controller kind they stand for.</summary>
    private static string ReadFormatOneKind(ref CheckpointReader reader, string where)
    {
        var typeName = reader.ReadString($"the type of {where}");
        var tag = reader.ReadByte($"the kind of {where}");
        if (s_formatOneControllers.TryGetValue(typeName, out var known))
        {
            return tag == known.Tag
                ? known.Kind
                : throw CheckpointReader.Malformed($"{Capitalized(where)} has kind {tag}, which does not fit its type {typeName}.");
        }

        return tag == 0 ? ExternalKind : throw CheckpointReader.Malformed($"{Capitalized(where)} has kind {tag}, which does not fit its type {typeName}.");
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Kind(ILearningRateSchedule schedule) => schedule is Schedule own ? own.Kind : ExternalKind;

    /// <summary>
    /// The bits of <paramref name="schedule"/>'s value at <paramref name="step"/>, or <see cref="FailedProbeBits"/> when
    /// it throws there: a schedule may fail past its horizon (<see cref="AfterEnd.Throw"/>), overflow, or run out of
    /// a table, and a run that never reached that step must still save, and load.
    /// </summary>
    private static long Probe(ILearningRateSchedule schedule, long step)
    {
        try
        {
            return BitConverter.DoubleToInt64Bits(schedule.At(step));
        }
#pragma warning disable CA1031 // Whatever a schedule throws at a probe is recorded as a failure there; only running out of memory is not about the schedule.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return FailedProbeBits;
        }
    }

    private static string Describe(long bits) =>
        bits == FailedProbeBits ? "fails" : $"gives {BitConverter.Int64BitsToDouble(bits):R}";

    private static long[] ProbeSteps(long stepCount) =>
        [.. s_probeSteps.Concat([stepCount - 1, stepCount, stepCount + 1, stepCount + 10]).Where(s => s >= 0).Distinct().Order()];

    private static CheckpointException Mismatch(string message) => new(CheckpointError.ScheduleMismatch, message);
}
