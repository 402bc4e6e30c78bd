using LearningRate.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// One optimizer configuration of the shared case table: how to build it over one parameter, and
/// the independent reference it must agree with. Generic tests run every case.
/// </summary>
public abstract class OptimizerCase(string name)
{
    public string Name { get; } = name;

    /// <summary>Builds the optimizer with one registered parameter named "p".</summary>
    public abstract IOptimizer Create<T>(Memory<T> value, Memory<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Builds the plain-loop oracle for a parameter of <paramref name="length"/> elements.</summary>
    public abstract IReferenceOptimizer CreateReference(int length);

    public override string ToString() => Name;
}
