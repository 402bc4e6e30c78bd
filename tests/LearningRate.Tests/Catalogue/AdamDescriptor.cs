using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Adam{T}"/>: torch.optim.Adam, with AMSGrad, L2 and decoupled weight decay.</summary>
public sealed class AdamDescriptor : AdamFamilyDescriptor<AdamOptions>
{
    public override Type OptimizerType => typeof(Adam<>);

    public override IReadOnlyList<string> PyTorchNames => ["Adam"];

    protected override IEnumerable<(string Name, AdamOptions Options)> Configurations =>
    [
        ("adam", new AdamOptions { LearningRate = 0.05 }),
        ("adam-l2", new AdamOptions { LearningRate = 0.05, WeightDecay = 0.1 }),
        ("adam-maximize-l2", new AdamOptions { LearningRate = 0.05, WeightDecay = 0.1, Maximize = true }),
        ("adam-amsgrad", new AdamOptions { LearningRate = 0.05, AmsGrad = true, Beta1 = 0.8, Beta2 = 0.9 }),
        ("adam-amsgrad-l2", new AdamOptions { LearningRate = 0.05, AmsGrad = true, WeightDecay = 0.05 }),
        ("adam-decoupled", new AdamOptions { LearningRate = 0.05, WeightDecay = 0.1, DecoupledWeightDecay = true }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.001.", () => new AdamOptions { LearningRate = -1e-3 }),
        OutOfRange("LearningRate", $"LearningRate must be a finite number >= 0; got {double.NaN}.", () => new AdamOptions { LearningRate = double.NaN }),
        OutOfRange("LearningRate", $"LearningRate must be a finite number >= 0; got {double.PositiveInfinity}.", () => new AdamOptions { LearningRate = double.PositiveInfinity }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got 1.", () => new AdamOptions { Beta1 = 1.0 }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got -0.1.", () => new AdamOptions { Beta1 = -0.1 }),
        OutOfRange("Beta2", "Beta2 must be in [0, 1); got 1.", () => new AdamOptions { Beta2 = 1.0 }),
        OutOfRange("Beta2", $"Beta2 must be in [0, 1); got {double.NaN}.", () => new AdamOptions { Beta2 = double.NaN }),
        OutOfRange("Epsilon", "Epsilon must be a finite number >= 0; got -1E-08.", () => new AdamOptions { Epsilon = -1e-8 }),
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -0.01.", () => new AdamOptions { WeightDecay = -0.01 }),
    ];

    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("adam", ConvergenceProblem.Quad, new AdamOptions { LearningRate = 0.05 }, 3000, 1e-6),
        Converges("adam-amsgrad", ConvergenceProblem.Quad, new AdamOptions { LearningRate = 0.05, AmsGrad = true }, 3000, 1e-6),
        Converges("adam", ConvergenceProblem.Rosenbrock, new AdamOptions { LearningRate = 0.02 }, 20_000, 1e-4),
        Converges("adam-amsgrad", ConvergenceProblem.Rosenbrock, new AdamOptions { LearningRate = 0.02, AmsGrad = true }, 20_000, 1e-4),
    ];

    public override IOptimizer Create<T>(AdamOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Adam<T>(options), value, gradient);

    protected override AdamOptions FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Beta1 = kwargs.Pair("betas", 0),
        Beta2 = kwargs.Pair("betas", 1),
        Epsilon = kwargs.Number("eps"),
        WeightDecay = kwargs.Number("weight_decay"),
        AmsGrad = kwargs.Flag("amsgrad"),
        Maximize = kwargs.Flag("maximize"),
        DecoupledWeightDecay = kwargs.Flag("decoupled_weight_decay", absent: false),
    };
}
