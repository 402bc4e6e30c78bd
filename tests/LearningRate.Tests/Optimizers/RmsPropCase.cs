using LearningRate.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>An <see cref="RmsProp{T}"/> configuration.</summary>
public sealed class RmsPropCase(string name, RmsPropOptions options) : OptimizerCase(name)
{
    public RmsPropOptions Options { get; } = options;

    public override IOptimizer Create<T>(Memory<T> value, Memory<T> gradient)
    {
        var optimizer = new RmsProp<T>(Options);
        optimizer.Add("p", value, gradient);
        return optimizer;
    }

    public override IReferenceOptimizer CreateReference(int length) => new RmsPropReference(Options, length);
}
