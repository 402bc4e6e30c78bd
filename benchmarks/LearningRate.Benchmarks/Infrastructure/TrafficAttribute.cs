namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// The memory traffic of one kernel configuration: how many arrays of the element type it reads
/// and how many of those it writes back, per element. The same-traffic roofline of that
/// configuration reads and writes exactly these arrays; the GB/s column counts these bytes.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class TrafficAttribute(int reads, int writes) : Attribute
{
    /// <summary>
    /// Declares, besides the arrays of the element type, <paramref name="quantizedStates"/> arrays of 8-bit codes, each
    /// read and written whole with one float scale per <paramref name="blockSize"/> elements (the 8-bit optimizers).
    /// </summary>
    public TrafficAttribute(int reads, int writes, int quantizedStates, int blockSize)
        : this(reads, writes)
    {
        QuantizedStates = quantizedStates;
        BlockSize = blockSize;
    }

    public int Reads { get; } = reads;

    public int Writes { get; } = writes;

    /// <summary>Gets the number of 8-bit code arrays read and written (0 for float state).</summary>
    public int QuantizedStates { get; }

    /// <summary>Gets the elements per float scale of the code arrays.</summary>
    public int BlockSize { get; } = 1;

    /// <summary>Gets the bytes moved per element: the arrays of <paramref name="elementSize"/>-byte elements, then each code array's byte and scale share, both ways.</summary>
    public double BytesPerElement(int elementSize) =>
        (elementSize * (Reads + Writes)) + (QuantizedStates * 2 * (1 + (4.0 / BlockSize)));

    /// <summary>Gets the traffic of an enum value that carries this attribute, or of a value that declares it, or null.</summary>
    public static TrafficAttribute? Of(object? value)
    {
        if (value is IDeclaresTraffic declared)
        {
            return declared.Traffic;
        }

        if (value is null || !value.GetType().IsEnum)
        {
            return null;
        }

        var field = value.GetType().GetField(value.ToString()!);
        return field is null ? null : (TrafficAttribute?)GetCustomAttribute(field, typeof(TrafficAttribute));
    }
}
