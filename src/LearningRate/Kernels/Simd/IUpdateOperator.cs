namespace LearningRate.Kernels.Simd;

/// <summary>
/// One optimizer's element-wise update rule, written once for every width. The struct carries the
/// per-step scalars (already narrowed to <typeparamref name="T"/>); <see cref="Apply{TVec}"/>
/// broadcasts them once, then walks a range of elements a vector at a time, reading the lanes of
/// each span it uses, updating them and storing them back in place. Spans an algorithm does not
/// use are passed as null references and must not be touched.
/// </summary>
/// <remarks>
/// The loop lives in the operator, not in <see cref="KernelDriver"/>, so that the broadcasts are
/// locals computed before it: when the driver looped over a per-vector body, the JIT re-broadcast
/// every scalar in every iteration (it does not hoist a broadcast of a promoted struct field).
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
internal interface IUpdateOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Updates elements <c>[start, end)</c>, <typeparamref name="TVec"/>.Count at a time;
    /// <c>end − start</c> is a multiple of <typeparamref name="TVec"/>.Count.
    /// </summary>
    void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
        where TVec : struct, ISimd<TVec, T>;
}
