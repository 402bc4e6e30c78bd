namespace LearningRate.Optimizers;

/// <summary>
/// The check that keeps a scheduled momentum from stepping without a velocity buffer. Buffers are
/// allocated when the group's options have momentum (at registration or when the options change),
/// never during a step, so a momentum schedule on a group whose options have none cannot run.
/// </summary>
internal static class MomentumBuffers
{
    public static void ThrowIfMissing<T>(List<Parameter<T>> parameters, int slot, string option)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var parameter in parameters)
        {
            if (parameter.State[slot] is null)
            {
                throw new InvalidOperationException(
                    $"Parameter '{parameter.Name}' has no momentum buffer: a momentum was scheduled for a group whose options have {option} = 0. Set {option} > 0 in the group's options so the buffer is allocated before the first step.");
            }
        }
    }
}
