namespace LearningRate.ScalingPlot;

/// <summary>
/// The DRAM roofline of the rows that move <see cref="BytesMoved"/> bytes per parameter: the time per
/// parameter at the measured stream bandwidth, drawn from <see cref="From"/> (where the last of these
/// rows leaves the last cache level) to the largest size.
/// </summary>
/// <param name="BytesMoved">Bytes read and written per parameter by one step of each of <paramref name="Rows"/>.</param>
/// <param name="NanosecondsPerParameter"><paramref name="BytesMoved"/> ÷ the bandwidth in bytes per nanosecond (GB/s).</param>
/// <param name="From">The smallest size at which every one of <paramref name="Rows"/> works from DRAM.</param>
/// <param name="Rows">The rows with this traffic, in legend order.</param>
public sealed record ScalingRoofline(double BytesMoved, double NanosecondsPerParameter, double From, IReadOnlyList<string> Rows);
