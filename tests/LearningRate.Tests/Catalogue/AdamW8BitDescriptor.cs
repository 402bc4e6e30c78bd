using LearningRate.Optimizers;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="AdamW8Bit{T}"/>: AdamW (decoupled weight decay 0.01 by default) over 8-bit block-wise state.</summary>
public sealed class AdamW8BitDescriptor : Adam8BitFamilyDescriptor<AdamW8BitOptions>
{
    public override Type OptimizerType => typeof(AdamW8Bit<>);

    protected override IEnumerable<(string Name, AdamW8BitOptions Options)> Configurations =>
    [
        ("adamw8bit", new AdamW8BitOptions { LearningRate = 0.05 }),
        ("adamw8bit-block64", new AdamW8BitOptions { LearningRate = 0.05, WeightDecay = 0.1, BlockSize = 64 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("BlockSize", "BlockSize must be a power of two from 16 to 2048; got 0.", () => new AdamW8BitOptions { BlockSize = 0 }),
        Invalid("AmsGrad", "8-bit Adam keeps no running maximum of the second moment: AmsGrad must be false.", () => new AdamW8BitOptions { AmsGrad = true }),
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -0.01.", () => new AdamW8BitOptions { WeightDecay = -0.01 }),
    ];

    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("adamw8bit", ConvergenceProblem.Quad, new AdamW8BitOptions { LearningRate = 0.05, WeightDecay = 0 }, 3000, 1e-6),
        Converges("adamw8bit", ConvergenceProblem.Rosenbrock, new AdamW8BitOptions { LearningRate = 0.02, WeightDecay = 0 }, 20_000, 1e-4),
    ];

    public override IOptimizer Create<T>(AdamW8BitOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new AdamW8Bit<T>(options), value, gradient);
}
