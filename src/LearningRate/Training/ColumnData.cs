using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>Checks shared by the column-wise scalers: a row-major matrix is a span plus a column count.</summary>
internal static class ColumnData
{
    /// <summary>Checks that <paramref name="length"/> elements form whole rows of <paramref name="columns"/> columns.</summary>
    public static void CheckShape(int length, int columns, string dataName, string columnsName)
    {
        if (columns < 1)
        {
            Guard.ThrowOutOfRange(columnsName, columns, "must be >= 1");
        }

        if (length % columns != 0)
        {
            Guard.ThrowArgument(dataName, $"{dataName} has {length} elements, which is not a whole number of rows of {columns} columns.");
        }
    }

    /// <summary>
    /// Checks the rows a scaler is fitted on: whole rows, at least one, and every element finite (so one bad value
    /// cannot poison the statistics), or NaN when <paramref name="allowNaN"/> (a missing value the fit skips).
    /// Infinities are refused either way, as scikit-learn does.
    /// </summary>
    public static void CheckFitData<T>(ReadOnlySpan<T> data, int columns, bool allowNaN, string dataName, string columnsName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(data.Length, columns, dataName, columnsName);
        if (data.IsEmpty)
        {
            Guard.ThrowArgument(dataName, $"{dataName} is empty; fitting needs at least one row.");
        }

        for (var i = 0; i < data.Length; i++)
        {
            if (!T.IsFinite(data[i]) && !(allowNaN && T.IsNaN(data[i])))
            {
                var rule = allowNaN ? "finite values or NaN (missing, skipped)" : "finite values (set IgnoreNaN to skip missing values)";
                Guard.ThrowArgument(dataName, $"{dataName}[{i}] is {data[i]}; fitting needs {rule}.");
            }
        }
    }

    /// <summary>Checks the per-column statistics given to a scaler's restoring constructor: one per column, at least one column.</summary>
    public static void CheckStatistics(ReadOnlySpan<double> first, ReadOnlySpan<double> second, string firstName, string secondName)
    {
        if (first.IsEmpty)
        {
            Guard.ThrowArgument(firstName, $"{firstName} is empty; a scaler needs at least one column.");
        }

        if (second.Length != first.Length)
        {
            Guard.ThrowArgument(secondName, $"{secondName} has {second.Length} columns; {firstName} has {first.Length}.");
        }
    }

    /// <summary>
    /// Checks that a transform's source and destination have the fitted shape and are either the same memory or
    /// disjoint: the element-wise loop reads each value before writing the same index, so in place is safe, but a
    /// shifted overlap would read values it has already overwritten.
    /// </summary>
    public static void CheckTransform<T>(ReadOnlySpan<T> source, ReadOnlySpan<T> destination, int columns, string sourceName, string destinationName)
    {
        CheckTransform(source.Length, destination.Length, columns, sourceName, destinationName);
        if (source.Overlaps(destination) && !Unsafe.AreSame(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(destination)))
        {
            Guard.ThrowArgument(destinationName, $"{destinationName} partially overlaps {sourceName}; pass the same memory to work in place, or separate buffers.");
        }
    }

    /// <summary>Checks that a transform's source and destination have the fitted shape.</summary>
    public static void CheckTransform(int sourceLength, int destinationLength, int columns, string sourceName, string destinationName)
    {
        if (columns == 0)
        {
            throw new InvalidOperationException("The scaler has not been fitted; call Fit first.");
        }

        CheckShape(sourceLength, columns, sourceName, "columns");
        if (destinationLength != sourceLength)
        {
            Guard.ThrowArgument(destinationName, $"{destinationName} has {destinationLength} elements; expected {sourceLength}, the length of source.");
        }
    }
}
