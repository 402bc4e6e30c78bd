namespace LearningRate.Kernels;

/// <summary>
/// A float update of one chunk of parameters, run by <see cref="ReducedPrecisionDriver"/> between widening 16-bit
/// parameters and gradients and rounding the parameters back. A struct (usually a ref struct holding the optimizer's
/// float state spans and per-step scalars), so the call is inlined and allocates nothing.
/// </summary>
internal interface IChunkUpdate
{
    /// <summary>
    /// Updates <paramref name="parameters"/> in place from <paramref name="gradients"/>; both are elements
    /// <c>[offset, offset + parameters.Length)</c> of the tensor, so state spans are sliced at <paramref name="offset"/>.
    /// </summary>
    /// <param name="parameters">The parameters of the chunk, widened to float (with their compensation under Kahan rounding).</param>
    /// <param name="gradients">The gradients of the chunk as floats.</param>
    /// <param name="offset">The index of the chunk's first element in the tensor.</param>
    void Update(scoped Span<float> parameters, scoped ReadOnlySpan<float> gradients, int offset);
}
