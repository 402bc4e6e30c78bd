using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Momentum8Bit{T}"/>: torch.optim.SGD with momentum (dampening, Nesterov) over an 8-bit block-wise velocity.</summary>
public sealed class Momentum8BitDescriptor : EightBitDescriptor<Momentum8BitOptions>
{
    public override Type OptimizerType => typeof(Momentum8Bit<>);

    /// <summary>The first step sets b ← g; the second is the first to decay b.</summary>
    public override int StepsToReachEveryBranch => 2;

    protected override IEnumerable<(string Name, Momentum8BitOptions Options)> Configurations =>
    [
        ("momentum8bit", new Momentum8BitOptions { LearningRate = 0.05 }),
        ("momentum8bit-nesterov-block16", new Momentum8BitOptions { LearningRate = 0.05, Momentum = 0.5, Nesterov = true, BlockSize = 16 }),
        ("momentum8bit-dampening-l2-maximize-block32", new Momentum8BitOptions { LearningRate = 0.05, Dampening = 0.3, WeightDecay = 0.1, Maximize = true, BlockSize = 32 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("BlockSize", "BlockSize must be a power of two from 16 to 2048; got 48.", () => new Momentum8BitOptions { BlockSize = 48 }),
        OutOfRange("Momentum", "Momentum must be a finite number > 0; got 0.", () => new Momentum8BitOptions { Momentum = 0 }),
        OutOfRange("Dampening", "Dampening must be in [0, 1]; got 2.", () => new Momentum8BitOptions { Dampening = 2 }),
        Invalid("Nesterov", "Nesterov momentum requires Momentum > 0 and Dampening = 0; got Momentum = 0.9, Dampening = 0.5.", () => new Momentum8BitOptions { Dampening = 0.5, Nesterov = true }),
    ];

    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("momentum8bit", ConvergenceProblem.Quad, new Momentum8BitOptions { LearningRate = 0.05 }, 2000, 1e-10),
        Converges("momentum8bit", ConvergenceProblem.Rosenbrock, new Momentum8BitOptions { LearningRate = 2e-4 }, 50_000, 1e-8),
    ];

    public override IOptimizer Create<T>(Momentum8BitOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Momentum8Bit<T>(options), value, gradient);

    public override SpanUpdate<T>? SamePrecisionReference<T>(Momentum8BitOptions options, int length) =>
        new Momentum8BitSamePrecisionReference<T>(options, length).Step;

    public override SpanUpdate<T> Functional<T>(Momentum8BitOptions options, int length)
    {
        var codes = new byte[length];
        var scales = new float[BlockQuantization.BlockCount(length, options.BlockSize)];
        var started = false;
        return (parameters, gradients) =>
        {
            Momentum8BitKernel.Update<T>(
                parameters,
                gradients,
                codes,
                scales,
                options.BlockSize,
                new Momentum8BitKernel.Scalars<T>(options.LearningRate, options.Momentum, options.Dampening, options.WeightDecay, options.Nesterov, options.Maximize),
                started);
            started = true;
        };
    }
}
