using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// A parameter's buffers seen as arrays by slot index: reading gives a copy (null when the slot is absent);
/// setting null releases the slot, setting an array copies it in. For tests and diagnostics, never the step path.
/// </summary>
internal readonly struct ParameterStateView<T>(StateBlock block)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets the number of declared slots.</summary>
    public int Length => block.SlotCount;

    /// <summary>Gets or sets a slot's buffer.</summary>
    public T[]? this[int slot]
    {
        get => block.CopyOf<T>(slot);
        set
        {
            if (value is null)
            {
                block.Release(slot);
            }
            else
            {
                block.Ensure(slot, StateElements.Of<T>(), value.Length, 0);
                value.CopyTo(block.Buffer<T>(slot));
            }
        }
    }

    /// <summary>Returns every slot's buffer (copies; null when absent).</summary>
    public T[]?[] ToArray()
    {
        var buffers = new T[]?[Length];
        for (var slot = 0; slot < buffers.Length; slot++)
        {
            buffers[slot] = this[slot];
        }

        return buffers;
    }
}
