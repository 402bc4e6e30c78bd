using LearningRate.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>An <see cref="Adam{T}"/> (or, with <see cref="AdamWOptions"/>, <see cref="AdamW{T}"/>) configuration.</summary>
public sealed class AdamCase(string name, AdamOptions options) : OptimizerCase(name)
{
    public AdamOptions Options { get; } = options;

    public override IOptimizer Create<T>(Memory<T> value, Memory<T> gradient)
    {
        Optimizer<T, AdamOptions> optimizer = Options is AdamWOptions w ? new AdamW<T>(w) : new Adam<T>(Options);
        optimizer.Add("p", value, gradient);
        return optimizer;
    }

    public override IReferenceOptimizer CreateReference(int length) => new AdamReference(Options, length);
}
