using LearningRate.Optimizers;
using LearningRate.Tests.Catalogue;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// One configuration of an <see cref="OptimizerDescriptor"/>: how to build the optimizer over one parameter, the
/// independent reference it must agree with, and the functional-API call it must equal. Generic tests run every case.
/// </summary>
public abstract class OptimizerCase(string name, OptimizerDescriptor descriptor)
{
    public string Name { get; } = name;

    /// <summary>Gets the optimizer class this configuration belongs to.</summary>
    public OptimizerDescriptor Descriptor { get; } = descriptor;

    /// <summary>Builds the optimizer with one registered parameter named "p".</summary>
    public abstract IOptimizer Create<T>(Memory<T> value, Memory<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Builds the plain-loop double oracle for a parameter of <paramref name="length"/> elements.</summary>
    public abstract IReferenceOptimizer CreateReference(int length);

    /// <summary>Builds the oracle the parity tests hold the optimizer over <typeparamref name="T"/> to (see <see cref="OptimizerDescriptor{TRow}.Reference{T}"/>).</summary>
    public abstract IReferenceOptimizer CreateReference<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Builds the plain loop in <typeparamref name="T"/> with the kernel's order of operations and fused
    /// multiply-adds, which the optimizer must match bit for bit; null when the descriptor provides none.
    /// </summary>
    public abstract SpanUpdate<T>? CreateSamePrecisionReference<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Builds the public kernel call over caller-owned state for <paramref name="length"/> elements.</summary>
    public abstract SpanUpdate<T> CreateFunctional<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>;

    public override string ToString() => Name;
}
