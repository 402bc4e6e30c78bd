using LearningRate.Controllers;
using LearningRate.Schedules;

namespace LearningRate.Checkpoints;

/// <summary>
/// A group's learning-rate binding in a checkpoint: the schedules' fingerprints (schedules are pure, so only
/// their identity is checked, never restored) and each attached controller's state (restored).
/// </summary>
internal static class BindingCodec
{
    private const byte OpaqueController = 0;
    private const byte PlateauController = 1;
    private const byte BoldDriverController = 2;

    /// <summary>Fixed probe steps; the saved step count and its neighbours are added to them.</summary>
    private static readonly long[] s_probeSteps = [0, 1, 2, 3, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    /// <summary>Writes a schedule as present flag, type name and its values at the probe steps.</summary>
    public static void WriteSchedule(CheckpointWriter writer, ILearningRateSchedule? schedule, long stepCount)
    {
        writer.WriteByte(schedule is null ? (byte)0 : (byte)1);
        if (schedule is null)
        {
            return;
        }

        writer.WriteString(schedule.GetType().Name);
        var steps = ProbeSteps(stepCount);
        writer.WriteInt32(steps.Length);
        foreach (var step in steps)
        {
            writer.WriteInt64(step);
            writer.WriteDouble(schedule.At(step));
        }
    }

    /// <summary>Reads a schedule fingerprint and checks that <paramref name="bound"/> has the same one.</summary>
    public static void CheckSchedule(ref CheckpointReader reader, ILearningRateSchedule? bound, string what)
    {
        var present = reader.ReadBool($"the presence of {what}");
        if (!present)
        {
            // Saved without one, bound here: a schedule chosen for the rest of the run, which is allowed.
            return;
        }

        var typeName = reader.ReadString($"the type of {what}");
        var count = reader.ReadCount($"the probe count of {what}", 16);
        if (bound is null)
        {
            throw Mismatch($"The checkpoint was saved with {what} ({typeName}), but none is bound here.");
        }

        if (typeName != bound.GetType().Name)
        {
            throw Mismatch($"The checkpoint was saved with {what} of type {typeName}; {bound.GetType().Name} is bound here.");
        }

        for (var i = 0; i < count; i++)
        {
            var step = reader.ReadInt64($"a probe step of {what}");
            var saved = reader.ReadDouble($"a probe value of {what}");
            if (step < 0)
            {
                throw CheckpointReader.Malformed($"A probe step of {what} is {step}.");
            }

            double value;
            try
            {
                value = bound.At(step);
            }
            catch (ArgumentException e)
            {
                throw new CheckpointException(CheckpointError.ScheduleMismatch, $"The bound {what} fails at step {step}: {e.Message}", e);
            }

            if (BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(saved))
            {
                throw Mismatch($"The bound {what} gives {value:R} at step {step}; the saved one gave {saved:R}. Bind the schedule the run was saved with.");
            }
        }
    }

    public static void WriteControllers(CheckpointWriter writer, IReadOnlyList<ILearningRateController> controllers)
    {
        writer.WriteInt32(controllers.Count);
        foreach (var controller in controllers)
        {
            writer.WriteString(controller.GetType().Name);
            switch (controller)
            {
                case ReduceOnPlateau plateau:
                    var p = plateau.CaptureState();
                    writer.WriteByte(PlateauController);
                    writer.WriteInt64(p.ReportCount);
                    writer.WriteDouble(p.Best);
                    writer.WriteInt32(p.BadReports);
                    writer.WriteInt32(p.CooldownRemaining);
                    writer.WriteDouble(p.LearningRate);
                    break;
                case BoldDriver driver:
                    var b = driver.CaptureState();
                    writer.WriteByte(BoldDriverController);
                    writer.WriteInt64(b.ReportCount);
                    writer.WriteDouble(b.Scale);
                    writer.WriteDouble(b.ReferenceLoss);
                    break;
                default:
                    // A controller of the caller's own: only its kind is checked on load; its state is its owner's to save.
                    writer.WriteByte(OpaqueController);
                    break;
            }
        }
    }

    /// <summary>
    /// Reads the saved controllers of one group, checks them against <paramref name="attached"/> (same count,
    /// kinds and order) and validates each state; returns the action that restores them.
    /// </summary>
    public static Action ReadControllers(ref CheckpointReader reader, IReadOnlyList<ILearningRateController> attached, int group)
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
            var typeName = reader.ReadString($"the type of controller {i} of group {group}");
            var tag = reader.ReadByte($"the kind of controller {i} of group {group}");
            var controller = attached[i];
            if (typeName != controller.GetType().Name)
            {
                throw new CheckpointException(
                    CheckpointError.ControllerMismatch,
                    $"Controller {i} of group {group} was a {typeName} when saved; a {controller.GetType().Name} is attached here.");
            }

            switch (tag)
            {
                case PlateauController when controller is ReduceOnPlateau plateau:
                    var p = new ReduceOnPlateauState(
                        reader.ReadInt64("a plateau report count"),
                        reader.ReadDouble("a plateau best metric"),
                        reader.ReadInt32("a plateau bad-report count"),
                        reader.ReadInt32("a plateau cooldown"),
                        reader.ReadDouble("a plateau learning rate"));
                    Validate(plateau.CaptureState(), p, plateau.RestoreState, i, group);
                    restore += () => plateau.RestoreState(p);
                    break;
                case BoldDriverController when controller is BoldDriver driver:
                    var b = new BoldDriverState(
                        reader.ReadInt64("a bold-driver report count"),
                        reader.ReadDouble("a bold-driver scale"),
                        reader.ReadDouble("a bold-driver reference loss"));
                    Validate(driver.CaptureState(), b, driver.RestoreState, i, group);
                    restore += () => driver.RestoreState(b);
                    break;
                case OpaqueController when controller is not ReduceOnPlateau and not BoldDriver:
                    break;
                default:
                    throw CheckpointReader.Malformed($"Controller {i} of group {group} has kind {tag}, which does not fit its type {typeName}.");
            }
        }

        return restore;
    }

    /// <summary>
    /// Checks a saved state against the controller's options: the restore validates before it writes, so a
    /// failing one changes nothing, and a passing one is undone at once with the state captured before.
    /// </summary>
    private static void Validate<TState>(TState current, TState saved, Action<TState> restore, int index, int group)
    {
        try
        {
            restore(saved);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(
                CheckpointError.ControllerMismatch,
                $"The saved state of controller {index} of group {group} does not fit its options here: {e.Message}",
                e);
        }

        restore(current);
    }

    private static long[] ProbeSteps(long stepCount) =>
        [.. s_probeSteps.Concat([stepCount - 1, stepCount, stepCount + 1, stepCount + 10]).Where(s => s >= 0).Distinct().Order()];

    private static CheckpointException Mismatch(string message) => new(CheckpointError.ScheduleMismatch, message);
}
