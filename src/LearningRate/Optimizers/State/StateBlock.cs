using System.Runtime.InteropServices;

namespace LearningRate.Optimizers.State;

/// <summary>
/// The state of one owner (a parameter, a group or the optimizer): a buffer per declared slot, present or not,
/// in its arena, and a value per declared scalar. Slots and scalars are indexed as the layout declares them;
/// those of another scope are never present here.
/// </summary>
internal sealed class StateBlock
{
    private readonly StateArena _arena;
    private readonly long[] _offsets;
    private readonly int[] _lengths;
    private readonly StateElement[] _elements;
    private readonly bool[] _present;

    /// <summary>Initializes a block with no buffer present and the scalars at their initial values.</summary>
    public StateBlock(StateArena arena, int slotCount, double[] scalars)
    {
        _arena = arena;
        _offsets = new long[slotCount];
        _lengths = new int[slotCount];
        _elements = new StateElement[slotCount];
        _present = new bool[slotCount];
        _offsets.AsSpan().Fill(-1);
        Scalars = scalars;
    }

    /// <summary>Gets the scalars' values, by declared index.</summary>
    public double[] Scalars { get; }

    /// <summary>Gets the number of declared slots.</summary>
    public int SlotCount => _present.Length;

    /// <summary>Gets the arena that holds the buffers.</summary>
    public StateArena Arena => _arena;

    /// <summary>Tells whether slot <paramref name="slot"/> holds a buffer.</summary>
    public bool IsPresent(int slot) => _present[slot];

    /// <summary>Gets the element count of a present slot.</summary>
    public int LengthOf(int slot) => _lengths[slot];

    /// <summary>Gets the byte offset in the arena of a present slot's buffer, or −1 when the slot is absent.</summary>
    public long OffsetOf(int slot) => _present[slot] ? _offsets[slot] : -1;

    /// <summary>Gets the element type of a present slot.</summary>
    public StateElement ElementOf(int slot) => _elements[slot];

    /// <summary>Gets a slot's buffer; empty when it is absent.</summary>
    public Span<TElement> Buffer<TElement>(int slot)
        where TElement : unmanaged => _present[slot] ? _arena.Span<TElement>(_offsets[slot], _lengths[slot]) : default;

    /// <summary>Gets a present slot's bytes.</summary>
    public Span<byte> Bytes(int slot) =>
        _present[slot] ? _arena.Span<byte>(_offsets[slot], checked(_lengths[slot] * StateElements.Size(_elements[slot]))) : default;

    /// <summary>
    /// Makes slot <paramref name="slot"/> present with <paramref name="length"/> elements of <paramref name="element"/>,
    /// every one <paramref name="initial"/>, unless it already is present with that shape (then it is left as it is).
    /// </summary>
    /// <returns>Whether a buffer was (re)initialized.</returns>
    public bool Ensure(int slot, StateElement element, int length, double initial)
    {
        if (_present[slot] && _lengths[slot] == length && _elements[slot] == element)
        {
            return false;
        }

        var bytes = (long)length * StateElements.Size(element);
        var reusable = _offsets[slot] >= 0 && (long)_lengths[slot] * StateElements.Size(_elements[slot]) >= bytes;
        if (!reusable)
        {
            _offsets[slot] = _arena.Allocate(bytes);
        }

        _lengths[slot] = length;
        _elements[slot] = element;
        _present[slot] = true;
        _arena.Changed();
        StateElements.Fill(Bytes(slot), element, initial);
        return true;
    }

    /// <summary>Marks a slot absent; its memory is kept for the next <see cref="Ensure"/>.</summary>
    public void Release(int slot)
    {
        _present[slot] = false;
        _arena.Changed();
    }

    /// <summary>Copies everything into a new, detached image.</summary>
    public StateImage Capture()
    {
        var buffers = new byte[]?[SlotCount];
        for (var slot = 0; slot < SlotCount; slot++)
        {
            buffers[slot] = _present[slot] ? Bytes(slot).ToArray() : null;
        }

        GC.KeepAlive(_arena);
        return new StateImage([.. _elements], [.. _lengths], buffers, [.. Scalars]);
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
        where TElement : unmanaged => _present[slot] ? MemoryMarshal.Cast<byte, TElement>(Bytes(slot)).ToArray() : null;
}
