namespace LearningRate.Kernels.Simd;

/// <summary>
/// One optimizer's element-wise update rule, written once for every width. The struct carries the
/// per-step scalars (already narrowed to <typeparamref name="T"/>); <see cref="Apply{TVec}"/> reads
/// the lanes at <c>index</c> of each span it uses, updates them, and stores them back in place.
/// Spans an algorithm does not use are passed as null references and must not be touched.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IUpdateOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Updates <typeparamref name="TVec"/>.Count elements starting at <paramref name="index"/>.</summary>
    void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint index)
        where TVec : struct, ISimd<TVec, T>;
}
