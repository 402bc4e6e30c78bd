using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary>What Sgd and Momentum share: one kernel, one double oracle, one same-precision loop, torch.optim.SGD's kwargs.</summary>
public abstract class SgdFamilyDescriptor<TOptions> : OptimizerDescriptor<TOptions>
    where TOptions : SgdOptions, new()
{
    public override IReadOnlyList<string> PyTorchNames => ["SGD"];

    /// <summary>Measured worst float error over the SGD goldens is about 1e-6; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    public override IReferenceOptimizer Reference(TOptions options, int length) => new SgdReference(options, length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(TOptions options, int length) =>
        new SgdSamePrecisionReference<T>(options, length).Step;

    public override SpanUpdate<T> Functional<T>(TOptions options, int length)
    {
        var velocity = new T[length];
        var started = false;
        return (parameters, gradients) =>
        {
            SgdKernel.Update<T>(
                parameters,
                gradients,
                velocity,
                new SgdKernel.Scalars<T>(options.LearningRate, options.Momentum, options.Dampening, options.WeightDecay, options.Nesterov, options.Maximize),
                started);
            started |= options.Momentum != 0;
        };
    }

    protected override TOptions FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Momentum = kwargs.Number("momentum"),
        Dampening = kwargs.Number("dampening"),
        WeightDecay = kwargs.Number("weight_decay"),
        Nesterov = kwargs.Flag("nesterov"),
        Maximize = kwargs.Flag("maximize"),
    };
}
