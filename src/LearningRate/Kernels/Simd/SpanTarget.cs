using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// One set of spans as an <see cref="IOperatorTarget{T}"/>: the parameters, the gradient and up to three state
/// buffers, in the order the algorithm's operator reads them. Unused buffers are empty; their references are never
/// dereferenced.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly ref struct SpanTarget<T> : IOperatorTarget<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Span<T> _parameters;
    private readonly ReadOnlySpan<T> _gradients;
    private readonly Span<T> _state0;
    private readonly Span<T> _state1;
    private readonly Span<T> _state2;

    /// <summary>Holds the spans of one update; the state spans are as long as <paramref name="parameters"/>, or empty when unused.</summary>
    public SpanTarget(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> state0 = default, Span<T> state1 = default, Span<T> state2 = default)
    {
        _parameters = parameters;
        _gradients = gradients;
        _state0 = state0;
        _state1 = state1;
        _state2 = state2;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Run<TOp>(in TOp op)
        where TOp : struct, IUpdateOperator<T> =>
        KernelDriver.Run(
            op,
            _parameters.Length,
            ref MemoryMarshal.GetReference(_parameters),
            ref MemoryMarshal.GetReference(_gradients),
            ref MemoryMarshal.GetReference(_state0),
            ref MemoryMarshal.GetReference(_state1),
            ref MemoryMarshal.GetReference(_state2));
}
