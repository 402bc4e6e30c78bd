namespace LearningRate.Optimizers.State;

/// <summary>The bytes of state an optimizer holds, from its blocks' present buffers.</summary>
internal static class StateSize
{
    /// <summary>
    /// Returns the bytes of every present buffer of the optimizer, its groups and its parameters (element count times
    /// element size), without the arena's alignment padding (each buffer starts on a 64-byte boundary).
    /// </summary>
    public static long Bytes<T, TOptions>(Optimizer<T, TOptions> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
    {
        var total = Bytes(optimizer.OptimizerState);
        foreach (var group in optimizer.Groups)
        {
            total += Bytes(group.State);
            foreach (var parameter in group.ParameterList)
            {
                total += Bytes(parameter.Block);
            }
        }

        return total;
    }

    private static long Bytes(StateBlock block)
    {
        long total = 0;
        for (var slot = 0; slot < block.SlotCount; slot++)
        {
            total += block.IsPresent(slot) ? (long)block.LengthOf(slot) * StateElements.Size(block.ElementOf(slot)) : 0;
        }

        return total;
    }
}
