namespace LearningRate.Optimizers.State;

/// <summary>
/// Everything an algorithm keeps between steps, declared once: its stable kind string, its named buffers and
/// its named scalars. Snapshots, checkpoints, the range test's restore and the bold driver's undo handle any
/// algorithm's state through this declaration, by name; no shared code knows a particular algorithm.
/// </summary>
/// <typeparam name="TOptions">The algorithm's options record.</typeparam>
internal sealed class StateLayout<TOptions>
    where TOptions : OptimizerOptions
{
    /// <summary>Initializes a layout.</summary>
    /// <param name="kind">The algorithm's stable checkpoint name (e.g. <c>"adam"</c>).</param>
    /// <param name="slots">The buffers, in a fixed order (format 1 stored them by this position).</param>
    /// <param name="scalars">The scalars.</param>
    /// <param name="formatOneKind">The name checkpoint format 1 stored for this algorithm, or null if it had none.</param>
    public StateLayout(string kind, StateSlot<TOptions>[] slots, StateScalar[] scalars, string? formatOneKind = null)
    {
        Kind = kind;
        Slots = slots;
        Scalars = scalars;
        FormatOneKind = formatOneKind;
        HasSharedSlots = slots.Any(s => s.Scope != StateScope.Parameter);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in slots.Select(s => s.Name).Concat(scalars.Select(s => s.Name)))
        {
            if (!names.Add(name))
            {
                throw new InvalidOperationException($"The state layout of '{kind}' declares '{name}' twice.");
            }
        }
    }

    /// <summary>Gets the algorithm's stable checkpoint name.</summary>
    public string Kind { get; }

    /// <summary>Gets the name checkpoint format 1 stored, or null.</summary>
    public string? FormatOneKind { get; }

    /// <summary>Gets the declared buffers.</summary>
    public IReadOnlyList<StateSlot<TOptions>> Slots { get; }

    /// <summary>Gets a value indicating whether some buffer belongs to a group or to the optimizer rather than to a parameter.</summary>
    public bool HasSharedSlots { get; }

    /// <summary>Gets the declared scalars.</summary>
    public IReadOnlyList<StateScalar> Scalars { get; }

    /// <summary>Returns the index of the buffer named <paramref name="name"/>, or -1.</summary>
    public int SlotIndex(string name)
    {
        for (var i = 0; i < Slots.Count; i++)
        {
            if (Slots[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Returns the index of the scalar named <paramref name="name"/>, or -1.</summary>
    public int ScalarIndex(string name)
    {
        for (var i = 0; i < Scalars.Count; i++)
        {
            if (Scalars[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
