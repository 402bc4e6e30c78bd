using LearningRate.Optimizers;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Sgd{T}"/>: torch.optim.SGD, with momentum, dampening, Nesterov, weight decay and maximize.</summary>
public sealed class SgdDescriptor : SgdFamilyDescriptor<SgdOptions>
{
    public override Type OptimizerType => typeof(Sgd<>);

    protected override IEnumerable<(string Name, SgdOptions Options)> Configurations =>
    [
        ("sgd", new SgdOptions { LearningRate = 0.05 }),
        ("sgd-weight-decay", new SgdOptions { LearningRate = 0.05, WeightDecay = 0.1 }),
        ("sgd-maximize-weight-decay", new SgdOptions { LearningRate = 0.05, WeightDecay = 0.1, Maximize = true }),
        ("sgd-momentum", new SgdOptions { LearningRate = 0.05, Momentum = 0.9 }),
        ("sgd-momentum-dampening-weight-decay", new SgdOptions { LearningRate = 0.05, Momentum = 0.8, Dampening = 0.3, WeightDecay = 0.05 }),
        ("sgd-nesterov", new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Nesterov = true }),
        ("sgd-nesterov-maximize-weight-decay", new SgdOptions { LearningRate = 0.05, Momentum = 0.7, Nesterov = true, Maximize = true, WeightDecay = 0.1 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.1.", () => new SgdOptions { LearningRate = -0.1 }),
        OutOfRange("LearningRate", $"LearningRate must be a finite number >= 0; got {double.NaN}.", () => new SgdOptions { LearningRate = double.NaN }),
        OutOfRange("WeightDecay", $"WeightDecay must be a finite number >= 0; got {double.PositiveInfinity}.", () => new SgdOptions { WeightDecay = double.PositiveInfinity }),
        OutOfRange("Momentum", "Momentum must be a finite number >= 0; got -0.1.", () => new SgdOptions { Momentum = -0.1 }),
        OutOfRange("Momentum", $"Momentum must be a finite number >= 0; got {double.NaN}.", () => new SgdOptions { Momentum = double.NaN }),
        OutOfRange("Momentum", $"Momentum must be a finite number >= 0; got {double.PositiveInfinity}.", () => new SgdOptions { Momentum = double.PositiveInfinity }),
        OutOfRange("Dampening", "Dampening must be in [0, 1]; got -0.1.", () => new SgdOptions { Dampening = -0.1 }),
        OutOfRange("Dampening", "Dampening must be in [0, 1]; got 1.5.", () => new SgdOptions { Dampening = 1.5 }),
        OutOfRange("Dampening", $"Dampening must be in [0, 1]; got {double.NaN}.", () => new SgdOptions { Dampening = double.NaN }),
        Invalid("Nesterov", "Nesterov momentum requires Momentum > 0 and Dampening = 0; got Momentum = 0, Dampening = 0.", () => new SgdOptions { Nesterov = true }),
        Invalid("Nesterov", "Nesterov momentum requires Momentum > 0 and Dampening = 0; got Momentum = 0.9, Dampening = 0.1.", () => new SgdOptions { Momentum = 0.9, Dampening = 0.1, Nesterov = true }),
        Invalid("Nesterov", "Nesterov momentum requires Momentum > 0 and Dampening = 0; got Momentum = 0, Dampening = 0.1.", () => new SgdOptions { Dampening = 0.1, Nesterov = true }),
    ];

    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("sgd", ConvergenceProblem.Quad, new SgdOptions { LearningRate = 0.1 }, 1000, 1e-10),
        Converges("sgd-nesterov", ConvergenceProblem.Quad, new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Nesterov = true }, 1000, 1e-10),
        Converges("sgd", ConvergenceProblem.Rosenbrock, new SgdOptions { LearningRate = 1e-3 }, 100_000, 1e-8),
        Converges("sgd-nesterov", ConvergenceProblem.Rosenbrock, new SgdOptions { LearningRate = 2e-4, Momentum = 0.9, Nesterov = true }, 50_000, 1e-8),
    ];

    public override IOptimizer Create<T>(SgdOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Sgd<T>(options), value, gradient);
}
