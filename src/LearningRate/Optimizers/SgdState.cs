using LearningRate.Kernels;

namespace LearningRate.Optimizers;

/// <summary>What <see cref="Sgd{T}"/> and <see cref="Momentum{T}"/> share: the state slot and the group step.</summary>
internal static class SgdState
{
    /// <summary>Slots: 0 = the velocity b (momentum_buffer), allocated while the options have momentum.</summary>
    public const int Count = 1;

    public const int MomentumSlot = 0;

    public static bool IsUsed(int slot, SgdOptions options) => slot == MomentumSlot && options.Momentum != 0;

    public static void StepGroup<T, TOptions>(ParameterGroup<T, TOptions> group, double learningRate, double momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : SgdOptions
    {
        var options = group.Options;
        var scalars = SgdKernel.Scalars<T>.Unchecked(learningRate, momentum, options.Dampening, options.WeightDecay, options.Nesterov, options.Maximize);
        if (scalars.UsesMomentum)
        {
            MomentumBuffers.ThrowIfMissing(group.ParameterList, MomentumSlot);
        }

        foreach (var parameter in group.ParameterList)
        {
            SgdKernel.Apply(scalars, parameter.Value.Span, parameter.Gradient.Span, parameter.StateSpan(MomentumSlot), parameter.MomentumStarted);
            parameter.MomentumStarted |= scalars.UsesMomentum;
            parameter.StepCount++;
        }
    }
}
