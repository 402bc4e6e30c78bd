using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Kernels.Simd;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// A parameter group's tensors as a flat table: for each parameter in registration order, where its values and
/// gradient are (the array and offset behind each <see cref="Memory{T}"/>), its element count, and the addresses of
/// its first three state buffers. A step reads everything it needs from here instead of from each
/// <see cref="Parameter{T}"/> and <see cref="StateBlock"/>, which is what makes a step over many small tensors cost
/// little more than one over a single tensor of as many elements.
/// </summary>
/// <remarks>
/// <para>
/// Built lazily and rebuilt whenever it may be stale: after a registration (the parameter count differs), after any
/// state buffer was allocated, reinitialized or released (the arena's <see cref="StateArena.Version"/> differs:
/// registration, options changes, momentum schedules and every snapshot or checkpoint restore go through
/// <see cref="StateBlock"/>), and when the group's options or momentum schedule change (<see cref="Invalidate"/>).
/// </para>
/// <para>
/// A user's arrays may move (they are not pinned), so the table keeps array references and offsets for them, and
/// <see cref="Set"/> derives the references afresh on each call (one load and an add). State buffers never move
/// (<see cref="StateArena"/>), so for them the table keeps addresses. A parameter whose memory is not an array (a
/// <see cref="System.Buffers.MemoryManager{T}"/>) is read through its <see cref="Memory{T}.Span"/>.
/// </para>
/// <para>
/// The storage of an entry decides how <see cref="Set"/> produces the <typeparamref name="T"/> references the update
/// operators take; a storage that is not <typeparamref name="T"/> itself (16-bit parameters with float state) belongs
/// here and in the multi-tensor driver (<see cref="KernelDriver.RunTensors{T, TOp, TSet}"/>), not in the optimizers.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal sealed unsafe class TensorTable<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of state buffers an entry locates: those of <see cref="IUpdateOperator{T}"/>.</summary>
    public const int StateSlots = 3;

    private readonly StateArena _arena;
    private Entry[] _entries = [];
    private int _count;
    private int _arenaVersion;
    private bool _stale = true;

    // Bit k set: state slot k is present in every tensor of the table.
    private int _presentEverywhere;

    /// <summary>Initializes an empty, stale table over the arena of a group's state.</summary>
    public TensorTable(StateArena arena) => _arena = arena;

    /// <summary>Gets the number of tensors.</summary>
    public int Count => _count;

    /// <summary>Gets the tensors as the multi-tensor driver and the gradient check read them.</summary>
    public Set Tensors => new(_entries, _arena);

    /// <summary>Gets the step count and per-parameter scalars of tensor <paramref name="index"/>.</summary>
    public ref readonly TensorScalars<T> Scalars(int index) => ref _entries[index].Scalars;

    /// <summary>Tells whether state slot <paramref name="slot"/> is present in every tensor.</summary>
    public bool IsPresentEverywhere(int slot) => slot < StateSlots && (_presentEverywhere & (1 << slot)) != 0;

    /// <summary>Marks the table stale: the next <see cref="Refresh"/> rebuilds it.</summary>
    public void Invalidate() => _stale = true;

    /// <summary>Returns the table, rebuilt first if the group's parameters or state changed since it was built.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TensorTable<T> Refresh(List<Parameter<T>> parameters)
    {
        if (_stale || _count != parameters.Count || _arenaVersion != _arena.Version)
        {
            Rebuild(parameters);
        }

        return this;
    }

    private void Rebuild(List<Parameter<T>> parameters)
    {
        if (_entries.Length < parameters.Count)
        {
            _entries = new Entry[Math.Max(parameters.Count, _entries.Length * 2)];
        }

        var presentEverywhere = (1 << StateSlots) - 1;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            ref var entry = ref _entries[i];
            entry = default;
            entry.Scalars = new TensorScalars<T>(parameter);
            entry.Length = parameter.Length;
            if (MemoryMarshal.TryGetArray<T>(parameter.Value, out var values) && MemoryMarshal.TryGetArray<T>(parameter.Gradient, out var gradients))
            {
                (entry.Values, entry.ValuesStart) = (values.Array, values.Offset);
                (entry.Gradients, entry.GradientsStart) = (gradients.Array, gradients.Offset);
            }

            var block = parameter.Block;
            for (var slot = 0; slot < StateSlots; slot++)
            {
                var address = slot < block.SlotCount ? (nint)block.AddressOf(slot) : 0;
                entry.SetState(slot, address);
                if (address == 0)
                {
                    presentEverywhere &= ~(1 << slot);
                }
            }
        }

        // Entries past the count keep no parameter or array alive.
        Array.Clear(_entries, parameters.Count, _count > parameters.Count ? _count - parameters.Count : 0);
        _count = parameters.Count;
        _presentEverywhere = presentEverywhere;
        _arenaVersion = _arena.Version;
        _stale = false;
    }

    /// <summary>One tensor: where its values, gradient and state are.</summary>
    internal struct Entry
    {
        /// <summary>The array behind the values, or null when the memory is not an array (then both are read through the parameter).</summary>
        public T[]? Values;

        /// <summary>The array behind the gradient, or null with <see cref="Values"/>.</summary>
        public T[]? Gradients;

        /// <summary>The parameter, with its step count and declared scalars.</summary>
        public TensorScalars<T> Scalars;

        public int ValuesStart;

        public int GradientsStart;

        public int Length;

        /// <summary>The addresses of state slots 0, 1 and 2; zero when absent.</summary>
        public nint State0;

        public nint State1;

        public nint State2;

        public readonly nint StateAddress(int slot) => slot switch
        {
            0 => State0,
            1 => State1,
            _ => State2,
        };

        public void SetState(int slot, nint address)
        {
            switch (slot)
            {
                case 0:
                    State0 = address;
                    break;
                case 1:
                    State1 = address;
                    break;
                default:
                    State2 = address;
                    break;
            }
        }
    }

    /// <summary>The tensors of a table, as <see cref="ITensorSet{T}"/>: references derived on each call.</summary>
    internal readonly struct Set : ITensorSet<T>
    {
        private readonly Entry[] _entries;
        private readonly StateArena _arena;

        public Set(Entry[] entries, StateArena arena)
        {
            _entries = entries;
            _arena = arena;
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Length(int tensor) => _entries[tensor].Length;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref T Parameters(int tensor)
        {
            ref readonly var entry = ref _entries[tensor];
            return ref entry.Values is { } values
                ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), entry.ValuesStart)
                : ref MemoryMarshal.GetReference(entry.Scalars.Parameter.Value.Span);
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref T Gradients(int tensor)
        {
            ref readonly var entry = ref _entries[tensor];
            return ref entry.Gradients is { } gradients
                ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(gradients), entry.GradientsStart)
                : ref MemoryMarshal.GetReference(entry.Scalars.Parameter.Gradient.Span);
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref T State(int tensor, int slot)
        {
            var address = _entries[tensor].StateAddress(slot);
            return ref address == 0 ? ref Unsafe.NullRef<T>() : ref Unsafe.AsRef<T>((void*)address);
        }
    }
}
