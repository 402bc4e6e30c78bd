namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// The memory traffic of one kernel configuration: how many arrays of the element type it reads
/// and how many of those it writes back, per element. The same-traffic roofline of that
/// configuration reads and writes exactly these arrays; the GB/s column counts these bytes.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class TrafficAttribute(int reads, int writes) : Attribute
{
    public int Reads { get; } = reads;

    public int Writes { get; } = writes;

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
