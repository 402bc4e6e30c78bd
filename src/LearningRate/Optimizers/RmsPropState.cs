using LearningRate.Kernels;

namespace LearningRate.Optimizers;

/// <summary><see cref="RmsProp{T}"/>'s state slots and group step.</summary>
internal static class RmsPropState
{
    /// <summary>Slots: 0 = v (square_avg), 1 = b (momentum_buffer, μ &gt; 0), 2 = ḡ (grad_avg, centered).</summary>
    public const int Count = 3;

    public const int SquareAverageSlot = 0;
    public const int MomentumSlot = 1;
    public const int GradientAverageSlot = 2;

    public static bool IsUsed(int slot, RmsPropOptions options) => slot switch
    {
        MomentumSlot => options.Momentum > 0,
        GradientAverageSlot => options.Centered,
        _ => true,
    };

    public static void StepGroup<T>(ParameterGroup<T, RmsPropOptions> group, double learningRate, double momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var options = group.Options;
        var scalars = RmsPropKernel.Scalars<T>.Unchecked(learningRate, options.Alpha, options.Epsilon, options.WeightDecay, momentum, options.Centered, options.Maximize, options.EpsilonInsideRoot);
        if (scalars.UsesMomentum)
        {
            MomentumBuffers.ThrowIfMissing(group.ParameterList, MomentumSlot);
        }

        foreach (var parameter in group.ParameterList)
        {
            RmsPropKernel.Apply(
                scalars,
                parameter.Value.Span,
                parameter.Gradient.Span,
                parameter.StateSpan(SquareAverageSlot),
                parameter.StateSpan(MomentumSlot),
                parameter.StateSpan(GradientAverageSlot));
            parameter.StepCount++;
        }
    }
}
