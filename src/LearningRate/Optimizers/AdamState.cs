using LearningRate.Kernels;

namespace LearningRate.Optimizers;

/// <summary>What <see cref="Adam{T}"/> and <see cref="AdamW{T}"/> share: the state slots and the group step.</summary>
internal static class AdamState
{
    /// <summary>Slots: 0 = m (exp_avg), 1 = v (exp_avg_sq), 2 = running max of v (max_exp_avg_sq, AMSGrad only).</summary>
    public const int Count = 3;

    public static bool IsUsed(int slot, AdamOptions options) => slot < 2 || options.AmsGrad;

    public static void StepGroup<T>(ParameterGroup<T, AdamOptions> group, double learningRate, double beta1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var options = group.Options;
        long cachedStep = 0;
        AdamKernel.Scalars<T> scalars = default;
        foreach (var parameter in group.ParameterList)
        {
            // Parameters registered at different times have different step counts (PyTorch keeps
            // one per parameter); in the usual case all agree and the scalars are computed once.
            var step = parameter.StepCount + 1;
            if (step != cachedStep)
            {
                scalars = AdamKernel.Scalars<T>.Unchecked(learningRate, beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.AmsGrad, options.Maximize, options.DecoupledWeightDecay, step);
                cachedStep = step;
            }

            AdamKernel.Apply(scalars, parameter.Value.Span, parameter.Gradient.Span, parameter.StateSpan(0), parameter.StateSpan(1), parameter.StateSpan(2));
            parameter.StepCount = step;
        }
    }
}
