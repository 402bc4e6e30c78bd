using System.Runtime.InteropServices;

namespace LearningRate.Optimizers.State;

/// <summary>
/// The memory of one parameter group's state (or of the optimizer-wide state): one native block aligned to
/// 64 bytes, in which each buffer starts on a 64-byte boundary. Buffers are laid out in allocation order, so the
/// state of parameters registered one after another is one contiguous slice (a flat shard), and every vector
/// load of a buffer is aligned as the parameters' own are. The block grows by reallocation (registration only,
/// never during a step); its size is limited only by memory.
/// </summary>
/// <remarks>
/// Native rather than managed memory: a managed array is limited to about 2 GB and is not 64-byte aligned. The
/// memory is released by the finalizer; callers keep the arena reachable (<see cref="GC.KeepAlive"/>) while they
/// use a span over it.
/// </remarks>
internal sealed unsafe class StateArena
{
    /// <summary>The alignment of the block and of every buffer in it, in bytes: one cache line, one Vector512.</summary>
    public const int Alignment = 64;

    private byte* _memory;
    private long _capacity;

    /// <summary>Gets the bytes in use.</summary>
    public long Used { get; private set; }

    /// <summary>
    /// Gets a number that changes whenever a buffer of the arena is allocated, reinitialized or released, so that what
    /// caches buffer offsets (a group's tensor table) knows to read them again.
    /// </summary>
    public int Version { get; private set; }

    /// <summary>Records that a buffer's offset, shape or presence changed.</summary>
    public void Changed() => Version++;

    /// <summary>Reserves <paramref name="bytes"/> bytes (zeroed) and returns their offset, a multiple of <see cref="Alignment"/>.</summary>
    public long Allocate(long bytes)
    {
        var offset = Used;
        var end = offset + RoundUp(Math.Max(bytes, 1));
        if (end > _capacity)
        {
            Grow(end);
        }

        new Span<byte>(_memory + offset, (int)Math.Min(bytes, int.MaxValue)).Clear();
        for (var cleared = (long)int.MaxValue; cleared < bytes; cleared += int.MaxValue)
        {
            new Span<byte>(_memory + offset + cleared, (int)Math.Min(bytes - cleared, int.MaxValue)).Clear();
        }

        Used = end;
        Version++;
        return offset;
    }

    /// <summary>Returns the <paramref name="length"/> elements of type <typeparamref name="TElement"/> at <paramref name="offset"/>.</summary>
    public Span<TElement> Span<TElement>(long offset, int length)
        where TElement : unmanaged => new(_memory + offset, length);

    ~StateArena()
    {
        if (_memory is not null)
        {
            NativeMemory.AlignedFree(_memory);
            GC.RemoveMemoryPressure(_capacity);
        }
    }

    private static long RoundUp(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;

    private void Grow(long required)
    {
        // Doubling keeps registration of many parameters linear overall.
        var capacity = Math.Max(required, Math.Max(_capacity * 2, 4 * Alignment));
        _memory = (byte*)NativeMemory.AlignedRealloc(_memory, (nuint)capacity, Alignment);
        GC.AddMemoryPressure(capacity - _capacity);
        _capacity = capacity;
    }
}
