using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary>
/// What the optimizers with 8-bit block-wise state share: PyTorch has no such optimizer, so no golden applies (the
/// same-precision loop over the codes of <see cref="BlockCodeReference"/> is the reference, in float and double, and
/// the convergence rows are the check against the problems' minima); elements share their block's scale, so they are
/// not independent; and the update runs on one core.
/// </summary>
public abstract class EightBitDescriptor<TOptions> : OptimizerDescriptor<TOptions>
    where TOptions : OptimizerOptions
{
    public override IReadOnlyList<string> PyTorchNames => [];

    public override string WithoutGoldens =>
        "PyTorch has no 8-bit optimizer (bitsandbytes' run on CUDA with other codes); the same-precision loop over the documented codes is the reference.";

    public override bool IsElementwise => false;

    public override bool SplitsAcrossCores => false;

    public override IReferenceOptimizer Reference(TOptions options, int length) =>
        new SamePrecisionOracle<double>(SamePrecisionReference<double>(options, length)!);

    public override IReferenceOptimizer Reference<T>(TOptions options, int length) =>
        new SamePrecisionOracle<T>(SamePrecisionReference<T>(options, length)!);

    protected override TOptions FromGolden(GoldenKwargs kwargs) =>
        throw new NotSupportedException($"{Name} reproduces no libtorch golden: {WithoutGoldens}");
}
