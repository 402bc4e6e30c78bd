using System.Diagnostics.CodeAnalysis;
using LearningRate.Internal;

namespace LearningRate.Schedules;

/// <summary>Construction-time checks of schedule arguments; each throw names the argument.</summary>
internal static class ScheduleArguments
{
    public static long Positive(long value, string name)
    {
        if (value <= 0)
        {
            ThrowOutOfRange(name, value, "must be >= 1");
        }

        return value;
    }

    public static long NonNegative(long value, string name)
    {
        if (value < 0)
        {
            ThrowOutOfRange(name, value, "must be >= 0");
        }

        return value;
    }

    public static double NonNegative(double value, string name) => Guard.NonNegative(value, name);

    public static double Positive(double value, string name) => Guard.Positive(value, name);

    /// <summary>Checks a finite value of any sign (exponents, factors that may exceed 1).</summary>
    public static double Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            Guard.ThrowOutOfRange(name, value, "must be a finite number");
        }

        return value;
    }

    public static AfterEnd Policy(AfterEnd value, string name)
    {
        if (value is not (AfterEnd.Hold or AfterEnd.Continue or AfterEnd.Throw))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is not a defined {nameof(AfterEnd)} value.");
        }

        return value;
    }

    [DoesNotReturn]
    public static void ThrowOutOfRange(string name, long value, string rule) =>
        throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}; got {value}.");

    [DoesNotReturn]
    public static void ThrowPastHorizon(long step, long horizon) =>
        throw new ArgumentOutOfRangeException(nameof(step), step, $"step {step} is past the schedule's horizon {horizon} and its policy is AfterEnd.Throw.");

    [DoesNotReturn]
    public static void ThrowNegativeStep(long step) =>
        throw new ArgumentOutOfRangeException(nameof(step), step, $"step must be >= 0; got {step}.");
}
