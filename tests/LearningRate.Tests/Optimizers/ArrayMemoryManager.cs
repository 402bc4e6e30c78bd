using System.Buffers;
using System.Runtime.InteropServices;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// A <see cref="MemoryManager{T}"/> over a pinned array that it exposes through <see cref="TryGetArray"/>: its memory
/// is the array's, so registration must see it overlap the same array given directly.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed unsafe class ArrayMemoryManager<T>(T[] pinnedArray) : MemoryManager<T>
    where T : unmanaged
{
    public override Span<T> GetSpan() => pinnedArray;

    // The array lives on the pinned object heap (GC.AllocateArray(pinned: true)): its address does not change.
    public override MemoryHandle Pin(int elementIndex = 0) =>
        new((T*)Marshal.UnsafeAddrOfPinnedArrayElement(pinnedArray, elementIndex));

    public override void Unpin()
    {
    }

    protected override bool TryGetArray(out ArraySegment<T> segment)
    {
        segment = pinnedArray;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
    }
}
