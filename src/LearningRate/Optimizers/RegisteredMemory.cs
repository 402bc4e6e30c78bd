using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// The value and gradient memory of an optimizer's registered parameters, indexed so that registration finds the
/// parameters a new span overlaps in O(log n) rather than by comparing it with every one.
/// </summary>
/// <remarks>
/// <para>
/// Memory over an array (directly, or through a <see cref="System.Buffers.MemoryManager{T}"/> that exposes it) is
/// located by the array and element offsets: two arrays never share memory, and the collector may move an array,
/// so its address means nothing a moment later. Other memory, a <see cref="System.Buffers.MemoryManager{T}"/> over
/// native memory, does not move, and is located by its address, so that two managers over the same native memory
/// are seen to overlap. Empty memory overlaps nothing and is not kept.
/// </para>
/// <para>
/// Each array that holds registered memory gets a number, found from the array by its identity hash code in an
/// open-addressing table of (hash code, number) pairs. The table holds no reference: an array is told from another
/// of the same hash code through the parameter that first registered memory in it. So a million arrays cost the
/// collector nothing to scan, and growing the table copies integers.
/// </para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class RegisteredMemory<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Owner 0 is the address space; each array gets its own number from 1 on.
    private const int Addresses = 0;

    private readonly List<Parameter<T>> _parameters = [];
    private readonly IntervalIndex _intervals = new();

    // Linear probing over a power-of-two table, at most half full. A slot holds an array's identity hash code in its
    // upper half and the array's number in its lower half, so a probe reads no other memory; 0 is an empty slot.
    private long[] _slots = new long[16];

    // Per array number, the parameter that first registered memory in it: 2 × id, plus 1 when that memory was its
    // gradient. Index 0, the address space, is unused.
    private int[] _registrants = new int[8];
    private int _arrayCount;

    /// <summary>
    /// Finds where <paramref name="memory"/> lies: its owner (the number of its array, <see cref="Location.NewArray"/>
    /// for an array that holds no registered memory yet, or the address space) and its interval. A registration
    /// locates its value and gradient once, checks them with <see cref="FirstOverlapping"/>, and keeps them with
    /// <see cref="Add(Parameter{T}, in Location, in Location)"/>; nothing is recorded before that.
    /// </summary>
    public Location Locate(Memory<T> memory)
    {
        if (!TryLocate(memory, out var array, out var start, out var end))
        {
            return new Location(null, Location.None, 0, 0, 0);
        }

        if (array is null)
        {
            return new Location(null, Addresses, start, end, 0);
        }

        var hash = RuntimeHelpers.GetHashCode(array);
        return new Location(array, Find(array, hash), start, end, hash);
    }

    /// <summary>Returns the earliest registered parameter whose value or gradient overlaps the memory at <paramref name="location"/>, or null.</summary>
    /// <param name="location">Where the memory lies.</param>
    /// <param name="order">The parameter's position in registration order; <see cref="int.MaxValue"/> when there is none.</param>
    public Parameter<T>? FirstOverlapping(in Location location, out int order)
    {
        order = int.MaxValue;
        var id = location.Owner < 0 ? -1 : _intervals.SmallestOverlappingId(location.Owner, location.Start, location.End);
        if (id < 0)
        {
            return null;
        }

        order = id;
        return _parameters[id];
    }

    /// <summary>Records the value and gradient memory of <paramref name="parameter"/>, located by <see cref="Locate"/>, which overlap no registered parameter's.</summary>
    public void Add(Parameter<T> parameter, in Location value, in Location gradient)
    {
        var id = _parameters.Count;
        _parameters.Add(parameter);
        Add(value, 2 * id);
        Add(gradient, (2 * id) + 1);
    }

    /// <summary>Finds the array and the interval of <paramref name="memory"/>; false when it is empty.</summary>
    /// <param name="memory">The memory.</param>
    /// <param name="array">The array it lies in, or null when <paramref name="start"/> and <paramref name="end"/> are addresses.</param>
    /// <param name="start">The first element's offset in the array, or the first byte's address.</param>
    /// <param name="end">One past the last element's offset, or one past the last byte's address.</param>
    private static unsafe bool TryLocate(Memory<T> memory, out object? array, out ulong start, out ulong end)
    {
        array = null;
        start = end = 0;
        if (memory.IsEmpty)
        {
            return false;
        }

        if (MemoryMarshal.TryGetArray((ReadOnlyMemory<T>)memory, out var segment))
        {
            array = segment.Array!;
            start = (ulong)segment.Offset;
            end = start + (ulong)segment.Count;
            return true;
        }

        var span = memory.Span;
        start = (ulong)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
        end = start + ((ulong)span.Length * (ulong)sizeof(T));
        return true;
    }

    /// <summary>Records located memory of the parameter and side given by <paramref name="registrant"/> (2 × id, plus 1 for the gradient).</summary>
    private void Add(in Location location, int registrant)
    {
        if (location.Owner == Location.None)
        {
            return;
        }

        var owner = location.Owner;
        if (owner == Location.NewArray)
        {
            // The value may have numbered this array a moment ago, when the gradient lies in it too.
            owner = Find(location.Array!, location.Hash);
            if (owner == Location.NewArray)
            {
                owner = Number(location.Hash, registrant);
            }
        }

        _intervals.Add(owner, location.Start, location.End, registrant >> 1);
    }

    /// <summary>Returns the number of <paramref name="array"/>, or <see cref="Location.NewArray"/> when it has none.</summary>
    private int Find(object array, int hash)
    {
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; _slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot];
            if ((int)(entry >> 32) == hash && ReferenceEquals(ArrayOf((int)entry), array))
            {
                return (int)entry;
            }
        }

        return Location.NewArray;
    }

    /// <summary>Gives the next number to the array of identity hash code <paramref name="hash"/>, first registered by <paramref name="registrant"/>.</summary>
    private int Number(int hash, int registrant)
    {
        var number = ++_arrayCount;
        if (number == _registrants.Length)
        {
            Array.Resize(ref _registrants, number * 2);
        }

        _registrants[number] = registrant;
        if (2 * _arrayCount > _slots.Length)
        {
            var slots = _slots;
            _slots = new long[slots.Length * 2];
            foreach (var entry in slots)
            {
                if (entry != 0)
                {
                    Place(entry);
                }
            }
        }

        Place(((long)hash << 32) | (uint)number);
        return number;
    }

    /// <summary>Puts <paramref name="entry"/> (hash code and number) in the first empty slot from its hash code on.</summary>
    private void Place(long entry)
    {
        var mask = _slots.Length - 1;
        var slot = (int)(entry >> 32) & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = entry;
    }

    /// <summary>Returns the array numbered <paramref name="number"/>, through the memory of the parameter that first registered memory in it.</summary>
    private T[] ArrayOf(int number)
    {
        var registrant = _registrants[number];
        var parameter = _parameters[registrant >> 1];
        var memory = (registrant & 1) == 0 ? parameter.Value : parameter.Gradient;
        MemoryMarshal.TryGetArray((ReadOnlyMemory<T>)memory, out var segment);
        return segment.Array!;
    }

    /// <summary>Where a span of memory lies.</summary>
    /// <param name="Array">The array it lies in, or null for native memory and empty memory.</param>
    /// <param name="Owner">The number of its array, 0 for the address space, <see cref="NewArray"/> or <see cref="None"/>.</param>
    /// <param name="Start">The first element's offset in the array, or the first byte's address.</param>
    /// <param name="End">One past the last element's offset, or one past the last byte's address.</param>
    /// <param name="Hash">The array's identity hash code; 0 without an array.</param>
    public readonly record struct Location(object? Array, int Owner, ulong Start, ulong End, int Hash)
    {
        /// <summary>The owner of empty memory, which overlaps nothing and is not kept.</summary>
        public const int None = -1;

        /// <summary>The owner of memory in an array that holds no registered memory yet: it overlaps nothing.</summary>
        public const int NewArray = -2;
    }
}
