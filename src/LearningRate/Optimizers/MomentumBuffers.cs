namespace LearningRate.Optimizers;

/// <summary>
/// The invariant behind SGD's and RMSprop's momentum: a velocity buffer exists whenever a step uses
/// momentum. Buffers are allocated when a group's options have momentum or a momentum schedule is
/// bound (at registration, when options change, when the schedule is bound, after a checkpoint
/// restore), never during a step; this check turns a broken invariant into a clear error before the
/// group's first parameter is written, instead of a null dereference halfway through it.
/// </summary>
internal static class MomentumBuffers
{
    public static void ThrowIfMissing<T>(List<Parameter<T>> parameters, int slot)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var parameter in parameters)
        {
            if (parameter.State[slot] is null)
            {
                throw new InvalidOperationException(
                    $"Parameter '{parameter.Name}' has no momentum buffer, but this step uses momentum. Set Momentum > 0 in the group's options or bind a MomentumSchedule, which allocate it.");
            }
        }
    }
}
