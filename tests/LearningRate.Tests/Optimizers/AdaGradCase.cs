using LearningRate.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>An <see cref="AdaGrad{T}"/> configuration.</summary>
public sealed class AdaGradCase(string name, AdaGradOptions options) : OptimizerCase(name)
{
    public AdaGradOptions Options { get; } = options;

    public override IOptimizer Create<T>(Memory<T> value, Memory<T> gradient)
    {
        var optimizer = new AdaGrad<T>(Options);
        optimizer.Add("p", value, gradient);
        return optimizer;
    }

    public override IReferenceOptimizer CreateReference(int length) => new AdaGradReference(Options, length);
}
