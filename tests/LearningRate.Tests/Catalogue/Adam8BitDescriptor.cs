using LearningRate.Optimizers;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Adam8Bit{T}"/>: Adam (L2 or decoupled weight decay, maximize) over 8-bit block-wise state.</summary>
public sealed class Adam8BitDescriptor : Adam8BitFamilyDescriptor<Adam8BitOptions>
{
    public override Type OptimizerType => typeof(Adam8Bit<>);

    protected override IEnumerable<(string Name, Adam8BitOptions Options)> Configurations =>
    [
        ("adam8bit", new Adam8BitOptions { LearningRate = 0.05 }),
        ("adam8bit-l2-block16", new Adam8BitOptions { LearningRate = 0.05, WeightDecay = 0.1, BlockSize = 16 }),
        ("adam8bit-maximize-l2-block32", new Adam8BitOptions { LearningRate = 0.05, WeightDecay = 0.1, Maximize = true, BlockSize = 32 }),
        ("adam8bit-decoupled", new Adam8BitOptions { LearningRate = 0.05, WeightDecay = 0.1, DecoupledWeightDecay = true, Beta1 = 0.8, Beta2 = 0.9 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("BlockSize", "BlockSize must be a power of two from 16 to 2048; got 100.", () => new Adam8BitOptions { BlockSize = 100 }),
        OutOfRange("BlockSize", "BlockSize must be a power of two from 16 to 2048; got 8.", () => new Adam8BitOptions { BlockSize = 8 }),
        OutOfRange("BlockSize", "BlockSize must be a power of two from 16 to 2048; got 4096.", () => new Adam8BitOptions { BlockSize = 4096 }),
        OutOfRange("BlockSize", "BlockSize must be a power of two from 16 to 2048; got -256.", () => new Adam8BitOptions { BlockSize = -256 }),
        Invalid("AmsGrad", "8-bit Adam keeps no running maximum of the second moment: AmsGrad must be false.", () => new Adam8BitOptions { AmsGrad = true }),
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.001.", () => new Adam8BitOptions { LearningRate = -1e-3 }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got 1.", () => new Adam8BitOptions { Beta1 = 1.0 }),
        OutOfRange("Beta2", $"Beta2 must be in [0, 1); got {double.NaN}.", () => new Adam8BitOptions { Beta2 = double.NaN }),
        OutOfRange("Epsilon", "Epsilon must be a finite number >= 0; got -1E-08.", () => new Adam8BitOptions { Epsilon = -1e-8 }),
    ];

    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("adam8bit", ConvergenceProblem.Quad, new Adam8BitOptions { LearningRate = 0.05 }, 3000, 1e-6),
        Converges("adam8bit", ConvergenceProblem.Rosenbrock, new Adam8BitOptions { LearningRate = 0.02 }, 20_000, 1e-4),
    ];

    public override IOptimizer Create<T>(Adam8BitOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Adam8Bit<T>(options), value, gradient);
}
