namespace LearningRate.Optimizers.State;

/// <summary>
/// Where one slot's buffer is and what it holds. A block's entries lie in a page of its arena
/// (<see cref="StateArena.ReserveEntries"/>): structs without references, which the collector neither moves nor scans.
/// </summary>
internal unsafe struct StateEntry
{
    /// <summary>The buffer's first byte in the arena, or null before the slot's first allocation.</summary>
    public byte* Address;

    /// <summary>The element count; with <see cref="Element"/>, kept when the slot is released, so its memory can be reused.</summary>
    public int Length;

    /// <summary>The element type.</summary>
    public StateElement Element;

    /// <summary>Whether the slot holds a buffer.</summary>
    public bool Present;
}
