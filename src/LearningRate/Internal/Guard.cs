using System.Diagnostics.CodeAnalysis;

namespace LearningRate.Internal;

/// <summary>Argument checks with exact messages; the throws stay out of line so callers stay small.</summary>
internal static class Guard
{
    public static double NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            ThrowOutOfRange(name, value, "must be a finite number >= 0");
        }

        return value;
    }

    public static double Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            ThrowOutOfRange(name, value, "must be a finite number > 0");
        }

        return value;
    }

    /// <summary>Checks 0 &lt;= value &lt; 1, the range of PyTorch's betas.</summary>
    public static double UnitInterval(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            ThrowOutOfRange(name, value, "must be in [0, 1)");
        }

        return value;
    }

    /// <summary>Checks 0 &lt;= value &lt;= 1.</summary>
    public static double ClosedUnitInterval(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            ThrowOutOfRange(name, value, "must be in [0, 1]");
        }

        return value;
    }

    public static void ElementType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            ThrowElementType(typeof(T));
        }
    }

    [DoesNotReturn]
    public static void ThrowOutOfRange(string name, double value, string rule) =>
        throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}; got {value}.");

    [DoesNotReturn]
    public static void ThrowArgument(string name, string message) => throw new ArgumentException(message, name);

    [DoesNotReturn]
    private static void ThrowElementType(Type type) =>
        throw new NotSupportedException($"Element type {type.Name} is not supported; use float or double.");
}
