using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Kernels.Simd;

namespace LearningRate.Optimizers;

/// <summary>
/// Consecutive tensors of a group's <see cref="TensorTable{T}"/> that share per-step scalars: the target a kernel's
/// dispatch runs its operator over, in one pass (<see cref="KernelDriver.RunTensors{T, TOp, TSet}"/>).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal readonly struct TensorRange<T> : IOperatorTarget<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TensorTable<T>.Set _tensors;

    /// <summary>Holds tensors <c>[from, to)</c> of <paramref name="tensors"/>.</summary>
    public TensorRange(TensorTable<T>.Set tensors, int from, int to)
    {
        _tensors = tensors;
        From = from;
        To = to;
    }

    /// <summary>Gets the index of the first tensor.</summary>
    public int From { get; }

    /// <summary>Gets the index past the last tensor.</summary>
    public int To { get; }

    /// <inheritdoc/>
    public void Run<TOp>(in TOp op)
        where TOp : struct, IUpdateOperator<T> =>
        KernelDriver.RunTensors<T, TOp, TensorTable<T>.Set>(op, _tensors, From, To);

    /// <summary>Gets state buffer <paramref name="slot"/> of tensor <paramref name="tensor"/>, as long as the tensor (empty when absent).</summary>
    public Span<T> State(int tensor, int slot)
    {
        ref var start = ref _tensors.State(tensor, slot);
        return Unsafe.IsNullRef(ref start) ? default : MemoryMarshal.CreateSpan(ref start, _tensors.Length(tensor));
    }
}
