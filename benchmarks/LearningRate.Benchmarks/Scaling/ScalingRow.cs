using LearningRate.Benchmarks.Infrastructure;

namespace LearningRate.Benchmarks.Scaling;

/// <summary>
/// One line of the scaling plot: a name, the bytes one step reads and writes per parameter, and how
/// to build the step for a tensor of <c>n</c> parameters. The setup allocates everything the step
/// touches, once; the action it returns runs one step and allocates nothing.
/// </summary>
/// <remarks>
/// Bytes are given per parameter rather than as arrays of one element type, so a row whose state is
/// 8-bit or whose parameters are 16-bit declares its own figures. Every array is read once per step,
/// so the bytes read are also the working set: what must fit in a cache level for the step to run
/// from it.
/// </remarks>
public sealed class ScalingRow
{
    /// <param name="name">The row's name in the output (<c>Row</c> column) and in the plot's legend.</param>
    /// <param name="bytesRead">Bytes read per parameter by one step: θ, g and every state, each once.</param>
    /// <param name="bytesWritten">Bytes written per parameter by one step: θ and every state written back.</param>
    /// <param name="setup">Allocates the step's memory for the given number of parameters and returns the step.</param>
    /// <exception cref="ArgumentException">The name is empty or a byte count is not positive.</exception>
    public ScalingRow(string name, double bytesRead, double bytesWritten, Func<int, Action> setup)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesRead);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesWritten);
        ArgumentNullException.ThrowIfNull(setup);
        Name = name;
        BytesRead = bytesRead;
        BytesWritten = bytesWritten;
        Setup = setup;
    }

    /// <summary>Gets the row's name.</summary>
    public string Name { get; }

    /// <summary>Gets the bytes read per parameter by one step; also the working set per parameter.</summary>
    public double BytesRead { get; }

    /// <summary>Gets the bytes written per parameter by one step.</summary>
    public double BytesWritten { get; }

    /// <summary>Gets the bytes one step moves per parameter (read + written): what the roofline counts.</summary>
    public double BytesMoved => BytesRead + BytesWritten;

    /// <summary>Gets the setup: memory for <c>n</c> parameters in, one step out.</summary>
    public Func<int, Action> Setup { get; }

    /// <summary>A row of float arrays with the traffic declared for a kernel configuration elsewhere in the suite.</summary>
    public static ScalingRow OfFloats(string name, TrafficAttribute traffic, Func<int, Action> setup)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        return new ScalingRow(name, sizeof(float) * traffic.Reads, sizeof(float) * traffic.Writes, setup);
    }

    /// <summary>Returns the name: BenchmarkDotNet shows it in the <c>Row</c> column and compares rows by it.</summary>
    public override string ToString() => Name;
}
