using System.Runtime.InteropServices;

namespace LearningRate.Optimizers.State;

/// <summary>
/// The state of one owner (a parameter, a group or the optimizer): a buffer per declared slot, present or not,
/// in its arena, and a value per declared scalar. Slots and scalars are indexed as the layout declares them;
/// those of another scope are never present here.
/// </summary>
/// <remarks>
/// A registration creates one block per parameter, so a block is a value inside its owner, not an object: its
/// slots' entries lie in a page of the arena, and its scalars are an array (one shared empty array when the layout
/// declares none). Each entry records its buffer's address: the arena never moves a buffer. Copies of a block are
/// the same block.
/// </remarks>
internal readonly unsafe struct StateBlock
{
    private readonly StateArena _arena;
    private readonly StateEntry[] _entries;
    private readonly int _first;

    /// <summary>Initializes a block with no buffer present and the scalars at their initial values.</summary>
    /// <param name="arena">The arena that holds the buffers and the block's entries.</param>
    /// <param name="slotCount">The number of declared slots.</param>
    /// <param name="scalars">The block's own scalars (an empty array may be shared: it holds nothing to write).</param>
    public StateBlock(StateArena arena, int slotCount, double[] scalars)
    {
        _arena = arena;
        _entries = arena.ReserveEntries(slotCount, out _first);
        SlotCount = slotCount;
        Scalars = scalars;
    }

    /// <summary>Gets the scalars' values, by declared index.</summary>
    public double[] Scalars { get; }

    /// <summary>Gets the number of declared slots.</summary>
    public int SlotCount { get; }

    /// <summary>Gets the arena that holds the buffers.</summary>
    public StateArena Arena => _arena;

    /// <summary>Tells whether slot <paramref name="slot"/> holds a buffer.</summary>
    public bool IsPresent(int slot) => Entry(slot).Present;

    /// <summary>Gets the element count of a present slot.</summary>
    public int LengthOf(int slot) => Entry(slot).Length;

    /// <summary>Gets the address of a present slot's buffer, or null when the slot is absent.</summary>
    public byte* AddressOf(int slot)
    {
        ref readonly var entry = ref Entry(slot);
        return entry.Present ? entry.Address : null;
    }

    /// <summary>Gets the element type of a present slot.</summary>
    public StateElement ElementOf(int slot) => Entry(slot).Element;

    /// <summary>Gets a slot's buffer; empty when it is absent.</summary>
    public Span<TElement> Buffer<TElement>(int slot)
        where TElement : unmanaged
    {
        ref readonly var entry = ref Entry(slot);
        return entry.Present ? new(entry.Address, entry.Length) : default;
    }

    /// <summary>Gets a present slot's bytes.</summary>
    public Span<byte> Bytes(int slot)
    {
        ref readonly var entry = ref Entry(slot);
        return entry.Present ? new(entry.Address, checked(entry.Length * StateElements.Size(entry.Element))) : default;
    }

    /// <summary>
    /// Makes slot <paramref name="slot"/> present with <paramref name="length"/> elements of <paramref name="element"/>,
    /// every one <paramref name="initial"/>, unless it already is present with that shape (then it is left as it is).
    /// </summary>
    /// <returns>Whether a buffer was (re)initialized.</returns>
    public bool Ensure(int slot, StateElement element, int length, double initial)
    {
        ref var entry = ref Entry(slot);
        if (entry.Present && entry.Length == length && entry.Element == element)
        {
            return false;
        }

        var bytes = (long)length * StateElements.Size(element);
        // The memory of the slot's last buffer is reused when it is large enough.
        var fresh = entry.Address == null || (long)entry.Length * StateElements.Size(entry.Element) < bytes;
        if (fresh)
        {
            entry.Address = _arena.Allocate(bytes);
        }

        entry.Length = length;
        entry.Element = element;
        entry.Present = true;

        // Fresh arena memory is zero already: writing zeros would only touch its pages early.
        if (!fresh || initial != 0 || double.IsNegative(initial))
        {
            StateElements.Fill(Bytes(slot), element, initial);
        }

        _arena.Changed();
        return true;
    }

    /// <summary>Marks a slot absent; its memory is kept for the next <see cref="Ensure"/>.</summary>
    public void Release(int slot)
    {
        Entry(slot).Present = false;
        _arena.Changed();
    }

    /// <summary>Copies everything into a new, detached image.</summary>
    public StateImage Capture()
    {
        var elements = new StateElement[SlotCount];
        var lengths = new int[SlotCount];
        var buffers = new byte[]?[SlotCount];
        for (var slot = 0; slot < SlotCount; slot++)
        {
            ref readonly var entry = ref Entry(slot);
            elements[slot] = entry.Element;
            lengths[slot] = entry.Length;
            buffers[slot] = entry.Present ? Bytes(slot).ToArray() : null;
        }

        GC.KeepAlive(_arena);
        return new StateImage(elements, lengths, buffers, [.. Scalars]);
    }

    /// <summary>Puts back an image taken by <see cref="Capture"/> (or read from a checkpoint).</summary>
    public void Restore(StateImage image)
    {
        for (var slot = 0; slot < SlotCount; slot++)
        {
            if (image.Buffers[slot] is { } saved)
            {
                Ensure(slot, image.Elements[slot], image.Lengths[slot], 0);
                saved.CopyTo(Bytes(slot));
            }
            else
            {
                Release(slot);
            }
        }

        image.Scalars.CopyTo(Scalars, 0);
        GC.KeepAlive(_arena);
    }

    /// <summary>Returns a present slot's elements as <typeparamref name="TElement"/> values (a copy), or null when absent.</summary>
    public TElement[]? CopyOf<TElement>(int slot)
        where TElement : unmanaged => Entry(slot).Present ? MemoryMarshal.Cast<byte, TElement>(Bytes(slot)).ToArray() : null;

    private ref StateEntry Entry(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)SlotCount, nameof(slot));
        return ref _entries[_first + slot];
    }
}
