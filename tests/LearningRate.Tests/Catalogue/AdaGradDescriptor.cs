using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="AdaGrad{T}"/>: torch.optim.Adagrad, plus the Keras/Optax ε-inside-root switch.</summary>
public sealed class AdaGradDescriptor : OptimizerDescriptor<AdaGradOptions>
{
    public override Type OptimizerType => typeof(AdaGrad<>);

    public override IReadOnlyList<string> PyTorchNames => ["Adagrad"];

    /// <summary>AdaGrad has no momentum; its learning rate is decayed per step, so schedules and controllers apply.</summary>
    public override bool SupportsMomentumSchedule => false;

    /// <summary>Measured worst float error over the Adagrad goldens is about 1e-6; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    protected override IEnumerable<(string Name, AdaGradOptions Options)> Configurations =>
    [
        ("adagrad", new AdaGradOptions { LearningRate = 0.1 }),
        ("adagrad-lr-decay-accumulator-weight-decay", new AdaGradOptions { LearningRate = 0.1, LearningRateDecay = 0.05, InitialAccumulatorValue = 0.1, WeightDecay = 0.1 }),
        ("adagrad-maximize", new AdaGradOptions { LearningRate = 0.1, Maximize = true }),
        ("adagrad-epsilon-inside-root", new AdaGradOptions { LearningRate = 0.1, InitialAccumulatorValue = 0.1, Epsilon = 1e-7, EpsilonInsideRoot = true }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.01.", () => new AdaGradOptions { LearningRate = -1e-2 }),
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -1.", () => new AdaGradOptions { WeightDecay = -1 }),
        OutOfRange("LearningRateDecay", "LearningRateDecay must be a finite number >= 0; got -0.01.", () => new AdaGradOptions { LearningRateDecay = -0.01 }),
        OutOfRange("LearningRateDecay", $"LearningRateDecay must be a finite number >= 0; got {double.NaN}.", () => new AdaGradOptions { LearningRateDecay = double.NaN }),
        OutOfRange("InitialAccumulatorValue", "InitialAccumulatorValue must be a finite number >= 0; got -0.1.", () => new AdaGradOptions { InitialAccumulatorValue = -0.1 }),
        OutOfRange("InitialAccumulatorValue", $"InitialAccumulatorValue must be a finite number >= 0; got {double.PositiveInfinity}.", () => new AdaGradOptions { InitialAccumulatorValue = double.PositiveInfinity }),
        OutOfRange("Epsilon", "Epsilon must be a finite number >= 0; got -1E-10.", () => new AdaGradOptions { Epsilon = -1e-10 }),
        OutOfRange("Epsilon", $"Epsilon must be a finite number >= 0; got {double.NaN}.", () => new AdaGradOptions { Epsilon = double.NaN }),
    ];

    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("adagrad", ConvergenceProblem.Quad, new AdaGradOptions { LearningRate = 0.5 }, 1000, 1e-10),
        Converges("adagrad", ConvergenceProblem.Rosenbrock, new AdaGradOptions { LearningRate = 0.5 }, 50_000, 1e-8),
    ];

    public override IOptimizer Create<T>(AdaGradOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new AdaGrad<T>(options), value, gradient);

    public override IReferenceOptimizer Reference(AdaGradOptions options, int length) => new AdaGradReference(options, length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(AdaGradOptions options, int length) =>
        new AdaGradSamePrecisionReference<T>(options, length).Step;

    /// <summary>The caller owns the sum of squares and starts it at the initial accumulator value, as the optimizer does.</summary>
    public override SpanUpdate<T> Functional<T>(AdaGradOptions options, int length)
    {
        var sum = new T[length];
        Array.Fill(sum, T.CreateTruncating(options.InitialAccumulatorValue));
        long step = 0;
        return (parameters, gradients) => AdaGradKernel.Update<T>(
            parameters,
            gradients,
            sum,
            new AdaGradKernel.Scalars<T>(options.LearningRate, options.LearningRateDecay, options.WeightDecay, options.Epsilon, options.Maximize, options.EpsilonInsideRoot, ++step));
    }

    protected override AdaGradOptions FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        LearningRateDecay = kwargs.Number("lr_decay"),
        WeightDecay = kwargs.Number("weight_decay"),
        InitialAccumulatorValue = kwargs.Number("initial_accumulator_value"),
        Epsilon = kwargs.Number("eps"),
        Maximize = kwargs.Flag("maximize"),
    };
}
