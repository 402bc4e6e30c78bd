using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="RmsProp{T}"/>: torch.optim.RMSprop (centered, momentum), plus the ε-inside-root switch.</summary>
public sealed class RmsPropDescriptor : OptimizerDescriptor<RmsPropOptions>
{
    public override Type OptimizerType => typeof(RmsProp<>);

    public override IReadOnlyList<string> PyTorchNames => ["RMSprop"];

    /// <summary>Measured worst float error over the RMSprop goldens is about 1e-6; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    protected override IEnumerable<(string Name, RmsPropOptions Options)> Configurations =>
    [
        ("rmsprop", new RmsPropOptions()),
        ("rmsprop-centered", new RmsPropOptions { Centered = true }),
        ("rmsprop-momentum", new RmsPropOptions { Momentum = 0.9 }),
        ("rmsprop-centered-momentum-weight-decay", new RmsPropOptions { Centered = true, Momentum = 0.9, WeightDecay = 0.1, Alpha = 0.9 }),
        ("rmsprop-maximize-weight-decay", new RmsPropOptions { Maximize = true, WeightDecay = 0.1, Alpha = 0.95 }),
        ("rmsprop-epsilon-inside-root", new RmsPropOptions { LearningRate = 1e-3, Alpha = 0.9, Epsilon = 1e-3, EpsilonInsideRoot = true }),
        ("rmsprop-centered-momentum-epsilon-inside-root", new RmsPropOptions { Centered = true, Momentum = 0.5, Epsilon = 1e-3, EpsilonInsideRoot = true }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", $"LearningRate must be a finite number >= 0; got {double.NegativeInfinity}.", () => new RmsPropOptions { LearningRate = double.NegativeInfinity }),
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -0.1.", () => new RmsPropOptions { WeightDecay = -0.1 }),
        OutOfRange("Alpha", "Alpha must be in [0, 1); got -0.01.", () => new RmsPropOptions { Alpha = -0.01 }),
        OutOfRange("Alpha", "Alpha must be in [0, 1); got 1.", () => new RmsPropOptions { Alpha = 1 }),
        OutOfRange("Alpha", $"Alpha must be in [0, 1); got {double.NaN}.", () => new RmsPropOptions { Alpha = double.NaN }),
        OutOfRange("Epsilon", "Epsilon must be a finite number >= 0; got -1E-08.", () => new RmsPropOptions { Epsilon = -1e-8 }),
        OutOfRange("Epsilon", $"Epsilon must be a finite number >= 0; got {double.PositiveInfinity}.", () => new RmsPropOptions { Epsilon = double.PositiveInfinity }),
        OutOfRange("Momentum", "Momentum must be a finite number >= 0; got -0.9.", () => new RmsPropOptions { Momentum = -0.9 }),
        OutOfRange("Momentum", $"Momentum must be a finite number >= 0; got {double.NaN}.", () => new RmsPropOptions { Momentum = double.NaN }),
    ];

    /// <summary>
    /// RMSprop with a constant learning rate does not converge to a point: near the minimum g/√v stays of order 1,
    /// so every step has length about γ (γ/(1 − μ) with momentum) and the iterate ends in a cycle around the minimum
    /// of amplitude about half that (measured: 5e-3 on quad with γ = 1e-2; 1.6e-4 on Rosenbrock with γ = 3e-4). Its
    /// accuracy is therefore the effective step length, which a schedule that lowers γ would shrink.
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("rmsprop", ConvergenceProblem.Quad, new RmsPropOptions { LearningRate = 1e-2 }, 3000, 1e-2),
        Converges("rmsprop-centered", ConvergenceProblem.Quad, new RmsPropOptions { LearningRate = 1e-2, Centered = true }, 3000, 1e-2),
        Converges("rmsprop-momentum", ConvergenceProblem.Quad, new RmsPropOptions { LearningRate = 1e-3, Momentum = 0.9 }, 3000, 1e-2),
        Converges("rmsprop", ConvergenceProblem.Rosenbrock, new RmsPropOptions { LearningRate = 3e-4 }, 30_000, 3e-4),
        Converges("rmsprop-centered", ConvergenceProblem.Rosenbrock, new RmsPropOptions { LearningRate = 3e-4, Centered = true }, 20_000, 3e-4),
        Converges("rmsprop-momentum", ConvergenceProblem.Rosenbrock, new RmsPropOptions { LearningRate = 3e-5, Momentum = 0.9 }, 50_000, 3e-4),
    ];

    public override IOptimizer Create<T>(RmsPropOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new RmsProp<T>(options), value, gradient);

    public override IReferenceOptimizer Reference(RmsPropOptions options, int length) => new RmsPropReference(options, length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(RmsPropOptions options, int length) =>
        new RmsPropSamePrecisionReference<T>(options, length).Step;

    public override SpanUpdate<T> Functional<T>(RmsPropOptions options, int length)
    {
        T[] squareAverage = new T[length], velocity = new T[length], gradientAverage = new T[length];
        return (parameters, gradients) => RmsPropKernel.Update<T>(
            parameters,
            gradients,
            squareAverage,
            velocity,
            gradientAverage,
            new RmsPropKernel.Scalars<T>(options.LearningRate, options.Alpha, options.Epsilon, options.WeightDecay, options.Momentum, options.Centered, options.Maximize, options.EpsilonInsideRoot));
    }

    protected override RmsPropOptions FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Alpha = kwargs.Number("alpha"),
        Epsilon = kwargs.Number("eps"),
        WeightDecay = kwargs.Number("weight_decay"),
        Momentum = kwargs.Number("momentum"),
        Centered = kwargs.Flag("centered"),
        Maximize = kwargs.Flag("maximize"),
    };
}
