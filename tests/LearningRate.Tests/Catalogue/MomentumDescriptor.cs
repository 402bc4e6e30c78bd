using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Momentum{T}"/>: torch.optim.SGD with momentum required (0.9 by default).</summary>
public sealed class MomentumDescriptor : SgdFamilyDescriptor<MomentumOptions>
{
    public override Type OptimizerType => typeof(Momentum<>);

    protected override IEnumerable<(string Name, MomentumOptions Options)> Configurations =>
    [
        ("momentum", new MomentumOptions { LearningRate = 0.05 }),
        ("momentum-nesterov-dampening-free", new MomentumOptions { LearningRate = 0.05, Momentum = 0.5, Nesterov = true }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("Momentum", "Momentum must be a finite number > 0; got 0.", () => new MomentumOptions { Momentum = 0 }),
        OutOfRange("Momentum", "Momentum must be a finite number > 0; got -0.5.", () => new MomentumOptions { Momentum = -0.5 }),
        OutOfRange("Momentum", "Momentum must be a finite number > 0; got 0.", () => new MomentumOptions() with { Momentum = 0 }),
        OutOfRange("Dampening", "Dampening must be in [0, 1]; got 2.", () => new MomentumOptions { Dampening = 2 }),
        Invalid("Nesterov", "Nesterov momentum requires Momentum > 0 and Dampening = 0; got Momentum = 0.9, Dampening = 0.5.", () => new MomentumOptions { Dampening = 0.5, Nesterov = true }),
    ];

    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("momentum", ConvergenceProblem.Quad, new MomentumOptions { LearningRate = 0.05 }, 2000, 1e-10),
        Converges("momentum", ConvergenceProblem.Rosenbrock, new MomentumOptions { LearningRate = 2e-4 }, 50_000, 1e-8),
    ];

    /// <summary>Only torch SGD's trajectories with momentum: without it, Momentum cannot be configured.</summary>
    public override bool Reproduces(GoldenCase golden) => base.Reproduces(golden) && golden.Get("momentum") > 0;

    public override IOptimizer Create<T>(MomentumOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Momentum<T>(options), value, gradient);
}
