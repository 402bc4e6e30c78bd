using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// The value and gradient memory of an optimizer's registered parameters, indexed so that registration finds the
/// parameters a new span overlaps in O(log n) rather than by comparing it with every one.
/// </summary>
/// <remarks>
/// Memory over an array (directly, or through a <see cref="System.Buffers.MemoryManager{T}"/> that exposes it) is located by the
/// array and element offsets: two arrays never share memory, and the collector may move an array, so its address
/// means nothing a moment later. Other memory, a <see cref="System.Buffers.MemoryManager{T}"/> over native memory, does not move,
/// and is located by its address, so that two managers over the same native memory are seen to overlap. Empty
/// memory overlaps nothing and is not kept.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class RegisteredMemory<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Owner 0 is the address space; each array gets its own number from 1 on.
    private const int Addresses = 0;

    private readonly Dictionary<object, int> _arrays = new(ReferenceEqualityComparer.Instance);
    private readonly List<Parameter<T>> _parameters = [];
    private readonly IntervalIndex _intervals = new();

    /// <summary>Returns the earliest registered parameter whose value or gradient overlaps <paramref name="memory"/>, or null.</summary>
    /// <param name="memory">The memory to look for.</param>
    /// <param name="order">The parameter's position in registration order; <see cref="int.MaxValue"/> when there is none.</param>
    public Parameter<T>? FirstOverlapping(Memory<T> memory, out int order)
    {
        order = int.MaxValue;
        if (!TryLocate(memory, out var array, out var start, out var end))
        {
            return null;
        }

        var owner = Addresses;
        if (array is not null && !_arrays.TryGetValue(array, out owner))
        {
            return null;
        }

        var id = _intervals.SmallestOverlappingId(owner, start, end);
        if (id < 0)
        {
            return null;
        }

        order = id;
        return _parameters[id];
    }

    /// <summary>Records the value and gradient memory of <paramref name="parameter"/>, which overlap no registered parameter's.</summary>
    public void Add(Parameter<T> parameter)
    {
        var id = _parameters.Count;
        _parameters.Add(parameter);
        Add(parameter.Value, id);
        Add(parameter.Gradient, id);
    }

    /// <summary>Finds the owner and the interval of <paramref name="memory"/>; false when it is empty.</summary>
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

    private void Add(Memory<T> memory, int id)
    {
        if (!TryLocate(memory, out var array, out var start, out var end))
        {
            return;
        }

        var owner = Addresses;
        if (array is not null)
        {
            ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(_arrays, array, out var known);
            if (!known)
            {
                number = _arrays.Count;
            }

            owner = number;
        }

        _intervals.Add(owner, start, end, id);
    }
}
