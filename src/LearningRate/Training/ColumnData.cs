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

    /// <summary>Checks that every element is finite, so one bad value cannot poison the statistics.</summary>
    public static void CheckFinite<T>(ReadOnlySpan<T> data, string dataName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (!T.IsFinite(data[i]))
            {
                Guard.ThrowArgument(dataName, $"{dataName}[{i}] is {data[i]}; fitting needs finite values.");
            }
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
