using LearningRate.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>An <see cref="Sgd{T}"/> (or, with <see cref="MomentumOptions"/>, <see cref="Momentum{T}"/>) configuration.</summary>
public sealed class SgdCase(string name, SgdOptions options) : OptimizerCase(name)
{
    public SgdOptions Options { get; } = options;

    public override IOptimizer Create<T>(Memory<T> value, Memory<T> gradient)
    {
        if (Options is MomentumOptions momentumOptions)
        {
            var momentum = new Momentum<T>(momentumOptions);
            momentum.Add("p", value, gradient);
            return momentum;
        }

        var sgd = new Sgd<T>(Options);
        sgd.Add("p", value, gradient);
        return sgd;
    }

    public override IReferenceOptimizer CreateReference(int length) => new SgdReference(Options, length);
}
