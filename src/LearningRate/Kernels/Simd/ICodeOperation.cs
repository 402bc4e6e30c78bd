namespace LearningRate.Kernels.Simd;

/// <summary>
/// One pass of <see cref="BlockQuantization"/> over a block, written once for every width of
/// <see cref="ICodeLanes{TSelf}"/>: decoding codes into values, encoding values into codes, or reducing the values
/// to their largest magnitude. The struct carries its per-block constants (and, for a reduction, its result);
/// <see cref="CodeDriver"/> calls <see cref="Apply{TLanes}"/> on consecutive ranges, widest width first.
/// </summary>
/// <typeparam name="T">The element type of the values, <see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface ICodeOperation<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Processes elements <c>[start, end)</c>, <typeparamref name="TLanes"/>.Count at a time; <c>end − start</c> is a
    /// multiple of it. A pass that does not use the codes is given a null reference for them and must not touch it.
    /// </summary>
    void Apply<TLanes>(ref byte codes, ref T values, nuint start, nuint end)
        where TLanes : struct, ICodeLanes<TLanes>;
}
