using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary>What Adam and AdamW share: one kernel, one double oracle, one same-precision loop.</summary>
public abstract class AdamFamilyDescriptor<TOptions> : OptimizerDescriptor<TOptions>
    where TOptions : AdamOptions
{
    /// <summary>Measured worst float error over the Adam goldens is about 1e-6; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    public override IReferenceOptimizer Reference(TOptions options, int length) => new AdamReference(options, length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(TOptions options, int length) =>
        new AdamSamePrecisionReference<T>(options, length).Step;

    public override SpanUpdate<T> Functional<T>(TOptions options, int length)
    {
        T[] m = new T[length], v = new T[length], vMax = new T[length];
        long step = 0;
        return (parameters, gradients) => AdamKernel.Update<T>(
            parameters,
            gradients,
            m,
            v,
            vMax,
            new AdamKernel.Scalars<T>(options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.AmsGrad, options.Maximize, options.DecoupledWeightDecay, ++step));
    }
}
