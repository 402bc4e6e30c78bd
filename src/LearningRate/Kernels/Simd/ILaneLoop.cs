namespace LearningRate.Kernels.Simd;

/// <summary>
/// An element-wise loop over caller-held spans (a ref struct holding refs to them), written once for every width:
/// <see cref="LaneDriver"/> runs it with full vectors of the widest accelerated width, then narrower vectors, then
/// one element at a time.
/// </summary>
/// <typeparam name="T">The lane type of the vectors the loop computes with.</typeparam>
internal interface ILaneLoop<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Processes elements <c>[start, end)</c>, <typeparamref name="TVec"/>.Count at a time; the range is a multiple of it.</summary>
    void Run<TVec>(nuint start, nuint end)
        where TVec : struct, ISimd<TVec, T>;
}
