using System.Runtime.InteropServices;

namespace LearningRate.Optimizers.State;

/// <summary>
/// The memory of one parameter group's state (or of the optimizer-wide state), and the entries that record where
/// each buffer is. Buffers are cut one after another from native chunks, each starting on a 64-byte boundary and
/// lying whole in one chunk, so every vector load of a buffer is aligned as the parameters' own are. Growing adds a
/// chunk and never moves or copies what is already allocated: a buffer keeps its address for the arena's
/// lifetime. The size is limited only by memory.
/// </summary>
/// <remarks>
/// <para>
/// Buffers allocated one after another are adjacent (64-byte padding aside) while they fit in the current chunk;
/// a run of parameters' state is contiguous within a chunk but may span several chunks. Each new chunk is as
/// large as all the chunks buffers were cut from so far, from 64 KiB up to 64 MiB, so a million parameters take
/// a few dozen chunks; a buffer larger than the next chunk gets a chunk of its own, and the current chunk stays
/// current for the buffers that follow.
/// </para>
/// <para>
/// Chunks come zeroed from the allocator (<see cref="NativeMemory.AllocZeroed(nuint)"/>) and the arena hands out
/// each byte once, so <see cref="Allocate"/> returns zeroed memory without writing it. For large chunks the
/// operating system maps zero pages on first touch, so registering a parameter whose state starts at +0 does
/// not touch that state: its pages are first written by the first step.
/// </para>
/// <para>
/// Native rather than managed memory: a managed array is limited to about 2 GB and is not 64-byte aligned. The
/// memory is released by the finalizer; callers keep the arena reachable (<see cref="GC.KeepAlive"/>) while they
/// use a span over it.
/// </para>
/// </remarks>
internal sealed unsafe class StateArena
{
    /// <summary>The alignment of every buffer, in bytes: one cache line, one Vector512.</summary>
    public const int Alignment = 64;

    private const long SmallestChunk = 64 * 1024;
    private const long LargestChunk = 64 * 1024 * 1024;

    // The pointers the allocator returned (chunk starts are rounded up from them to the alignment).
    private nint[] _chunks = [];
    private int _chunkCount;
    private byte* _next;
    private byte* _end;

    /// <summary>
    /// Gets a number that changes whenever a buffer of the arena is allocated, reinitialized or released, so that what
    /// caches buffer addresses (a group's tensor table) knows to read them again.
    /// </summary>
    public int Version { get; private set; }

    /// <summary>Records that a buffer's address, shape or presence changed.</summary>
    public void Changed() => Version++;

    // The bytes of the chunks buffers are cut from (not those of buffers with a chunk of their own): the next chunk's size.
    private long _shared;

    // The page that blocks' entries are taken from, and how much of it is taken.
    private StateEntry[] _entries = [];
    private int _entriesUsed;

    /// <summary>Gets the bytes reserved from the allocator, in all chunks.</summary>
    public long Reserved { get; private set; }

    /// <summary>Gets the number of chunks.</summary>
    public int ChunkCount => _chunkCount;

    /// <summary>
    /// Returns the address of <paramref name="bytes"/> zeroed bytes, a multiple of <see cref="Alignment"/>, valid and
    /// unmoved for the arena's lifetime.
    /// </summary>
    public byte* Allocate(long bytes)
    {
        var size = RoundUp(Math.Max(bytes, 1));
        if (size <= _end - _next)
        {
            var address = _next;
            _next += size;
            return address;
        }

        var growth = Math.Clamp(_shared, SmallestChunk, LargestChunk);
        if (size > growth)
        {
            // A chunk of its own: the current chunk's free space is kept for the buffers that follow.
            return AddChunk(size);
        }

        var chunk = AddChunk(growth);
        _shared += growth;
        _next = chunk + size;
        _end = chunk + growth;
        return chunk;
    }

    /// <summary>
    /// Reserves <paramref name="count"/> zeroed entries for a block, contiguous in one page that never moves, and returns
    /// the page and, in <paramref name="first"/>, the first entry's index.
    /// </summary>
    /// <remarks>
    /// Pages grow from 16 entries to 8,192 (128 KiB), so an optimizer with a few parameters takes little and a million
    /// parameters take a few hundred pages; a page is never resized, because blocks keep a reference to it.
    /// </remarks>
    public StateEntry[] ReserveEntries(int count, out int first)
    {
        if (count > _entries.Length - _entriesUsed)
        {
            _entries = new StateEntry[Math.Max(count, Math.Clamp(_entries.Length * 2, 16, 8_192))];
            _entriesUsed = 0;
        }

        first = _entriesUsed;
        _entriesUsed += count;
        return _entries;
    }

    ~StateArena()
    {
        for (var i = 0; i < _chunkCount; i++)
        {
            NativeMemory.Free((void*)_chunks[i]);
        }

        if (Reserved > 0)
        {
            GC.RemoveMemoryPressure(Reserved);
        }
    }

    private static long RoundUp(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;

    /// <summary>Allocates a zeroed chunk of <paramref name="size"/> usable bytes and returns its aligned start.</summary>
    private byte* AddChunk(long size)
    {
        if (_chunkCount == _chunks.Length)
        {
            Array.Resize(ref _chunks, Math.Max(8, _chunkCount * 2));
        }

        // The allocator aligns to 16 bytes at least: Alignment − 1 more bytes leave room to round the start up.
        var raw = (byte*)NativeMemory.AllocZeroed((nuint)(size + Alignment - 1));
        _chunks[_chunkCount++] = (nint)raw;
        Reserved += size;
        GC.AddMemoryPressure(size);
        return (byte*)(((nuint)raw + Alignment - 1) & ~(nuint)(Alignment - 1));
    }
}
