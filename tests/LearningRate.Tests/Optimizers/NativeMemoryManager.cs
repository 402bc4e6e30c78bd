using System.Buffers;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// A <see cref="MemoryManager{T}"/> over native memory it does not own, as a caller's unmanaged tensor reaches the
/// optimizer: memory that is no array, so registration can only compare it by address.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed unsafe class NativeMemoryManager<T>(T* pointer, int length) : MemoryManager<T>
    where T : unmanaged
{
    public override Span<T> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
