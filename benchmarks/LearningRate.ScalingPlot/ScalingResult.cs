namespace LearningRate.ScalingPlot;

/// <summary>One measured case of the scaling benchmark: a row at one size.</summary>
/// <param name="Row">The row's name (an optimizer, or the Stream baseline).</param>
/// <param name="Size">The number of parameters, all in one tensor.</param>
/// <param name="NanosecondsPerParameter">The fastest iteration divided by <paramref name="Size"/>.</param>
/// <param name="BytesMoved">Bytes read and written per parameter by one step.</param>
/// <param name="BytesHeld">Bytes read per parameter by one step: the working set per parameter.</param>
public sealed record ScalingResult(string Row, long Size, double NanosecondsPerParameter, double BytesMoved, double BytesHeld)
{
    /// <summary>Gets the bytes one step must touch at this size: <see cref="BytesHeld"/> × <see cref="Size"/>.</summary>
    public double WorkingSet => BytesHeld * Size;
}
