using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="AdamW{T}"/>: torch.optim.AdamW, Adam with the decay applied to θ directly.</summary>
public sealed class AdamWDescriptor : AdamFamilyDescriptor<AdamWOptions>
{
    public override Type OptimizerType => typeof(AdamW<>);

    public override IReadOnlyList<string> PyTorchNames => ["AdamW"];

    protected override IEnumerable<(string Name, AdamWOptions Options)> Configurations =>
    [
        ("adamw", new AdamWOptions { LearningRate = 0.05 }),
        ("adamw-amsgrad-maximize", new AdamWOptions { LearningRate = 0.05, AmsGrad = true, Maximize = true, Epsilon = 1e-3 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -0.01.", () => new AdamWOptions { WeightDecay = -0.01 }),
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -1.", () => new AdamWOptions { LearningRate = -1 }),
        OutOfRange("Beta2", "Beta2 must be in [0, 1); got 1.5.", () => new AdamWOptions { Beta2 = 1.5 }),
    ];

    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("adamw", ConvergenceProblem.Quad, new AdamWOptions { LearningRate = 0.05, WeightDecay = 0 }, 3000, 1e-6),
        Converges("adamw", ConvergenceProblem.Rosenbrock, new AdamWOptions { LearningRate = 0.02, WeightDecay = 0 }, 20_000, 1e-4),
    ];

    public override IOptimizer Create<T>(AdamWOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new AdamW<T>(options), value, gradient);

    /// <summary>torch.optim.AdamW has no <c>decoupled_weight_decay</c> kwarg: it always decouples.</summary>
    protected override AdamWOptions FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Beta1 = kwargs.Pair("betas", 0),
        Beta2 = kwargs.Pair("betas", 1),
        Epsilon = kwargs.Number("eps"),
        WeightDecay = kwargs.Number("weight_decay"),
        AmsGrad = kwargs.Flag("amsgrad"),
        Maximize = kwargs.Flag("maximize"),
        DecoupledWeightDecay = kwargs.Flag("decoupled_weight_decay", absent: true),
    };
}
