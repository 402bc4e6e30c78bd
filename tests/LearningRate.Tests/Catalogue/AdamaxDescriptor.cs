using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Adamax{T}"/>: torch.optim.Adamax, Adam with the infinity norm (ε inside the max).</summary>
public sealed class AdamaxDescriptor : OptimizerDescriptor<AdamaxSettings>
{
    public override Type OptimizerType => typeof(Adamax<>);

    public override IReadOnlyList<string> PyTorchNames => ["Adamax"];

    /// <summary>Measured worst float error over the Adamax golden is 5e-7; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    /// <summary>The kernel has one branch (coupled weight decay); maximize is a sign, ε large enough to win the max is a value.</summary>
    protected override IEnumerable<(string Name, AdamaxSettings Options)> Configurations =>
    [
        ("adamax", new AdamaxSettings { LearningRate = 0.05 }),
        ("adamax-weight-decay", new AdamaxSettings { LearningRate = 0.05, WeightDecay = 0.1, Beta1 = 0.8, Beta2 = 0.9 }),
        ("adamax-maximize-weight-decay", new AdamaxSettings { LearningRate = 0.05, WeightDecay = 0.05, Maximize = true }),
        ("adamax-large-epsilon", new AdamaxSettings { LearningRate = 0.05, Beta2 = 0.5, Epsilon = 0.3 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.002.", () => new AdamaxSettings { LearningRate = -2e-3 }),
        OutOfRange("LearningRate", $"LearningRate must be a finite number >= 0; got {double.NaN}.", () => new AdamaxSettings { LearningRate = double.NaN }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got 1.", () => new AdamaxSettings { Beta1 = 1.0 }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got -0.1.", () => new AdamaxSettings { Beta1 = -0.1 }),
        OutOfRange("Beta2", "Beta2 must be in [0, 1); got 1.", () => new AdamaxSettings { Beta2 = 1.0 }),
        OutOfRange("Beta2", $"Beta2 must be in [0, 1); got {double.NaN}.", () => new AdamaxSettings { Beta2 = double.NaN }),
        OutOfRange("Epsilon", "Epsilon must be a finite number >= 0; got -1E-08.", () => new AdamaxSettings { Epsilon = -1e-8 }),
        OutOfRange("Epsilon", $"Epsilon must be a finite number >= 0; got {double.PositiveInfinity}.", () => new AdamaxSettings { Epsilon = double.PositiveInfinity }),
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -0.01.", () => new AdamaxSettings { WeightDecay = -0.01 }),
    ];

    /// <summary>
    /// u keeps the largest recent |g| (decaying by β2 per step), so near the minimum the step γ·m/u shrinks with the
    /// gradient and the iterate converges linearly instead of cycling as RMSprop's does (measured: 2e-15 on quad after
    /// 1000 steps; 2.4e-9 on Rosenbrock after 20 000 steps with γ = 2e-3, where γ = 2e-2 still leaves 5e-4).
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("adamax", ConvergenceProblem.Quad, new AdamaxSettings { LearningRate = 0.05 }, 1000, 1e-10),
        Converges("adamax", ConvergenceProblem.Rosenbrock, new AdamaxSettings { LearningRate = 2e-3 }, 20_000, 1e-7),
    ];

    public override IOptimizer Create<T>(AdamaxSettings options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Adamax<T>(Options(options)), value, gradient);

    public override IReferenceOptimizer Reference(AdamaxSettings options, int length) => new AdamaxReference(options, length);

    /// <summary>
    /// The kernel's arithmetic as a plain loop in <typeparamref name="T"/>: −γ/(1 − β1^t) formed in double and rounded
    /// once, then per element g ← g·(±1); g ← fma(λ, θ, g); m ← fma(g − m, 1 − β1, m); u ← max(u·β2, |g| + ε);
    /// θ ← fma(−γ/(1 − β1^t), m/u, θ).
    /// </summary>
    public override SpanUpdate<T>? SamePrecisionReference<T>(AdamaxSettings options, int length)
    {
        T[] m = new T[length], u = new T[length];
        long step = 0;
        return (parameters, gradients) =>
        {
            step++;
            var sign = options.Maximize ? -T.One : T.One;
            var weightDecay = T.CreateTruncating(options.WeightDecay);
            var oneMinusBeta1 = T.CreateTruncating(1 - options.Beta1);
            var beta2 = T.CreateTruncating(options.Beta2);
            var epsilon = T.CreateTruncating(options.Epsilon);
            var negativeStepSize = T.CreateTruncating(-(options.LearningRate / (1 - Math.Pow(options.Beta1, step))));
            for (var i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                var g = gradients[i] * sign;
                if (options.WeightDecay != 0)
                {
                    g = T.FusedMultiplyAdd(weightDecay, p, g);
                }

                m[i] = T.FusedMultiplyAdd(g - m[i], oneMinusBeta1, m[i]);
                u[i] = T.Max(u[i] * beta2, T.Abs(g) + epsilon);
                parameters[i] = T.FusedMultiplyAdd(negativeStepSize, m[i] / u[i], p);
            }
        };
    }

    public override SpanUpdate<T> Functional<T>(AdamaxSettings options, int length)
    {
        T[] m = new T[length], u = new T[length];
        long step = 0;
        return (parameters, gradients) => AdamaxKernel.Update<T>(
            parameters,
            gradients,
            m,
            u,
            new AdamaxKernel.Scalars<T>(options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.Maximize, ++step));
    }

    protected override AdamaxSettings FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Beta1 = kwargs.Pair("betas", 0),
        Beta2 = kwargs.Pair("betas", 1),
        Epsilon = kwargs.Number("eps"),
        WeightDecay = kwargs.Number("weight_decay"),
        Maximize = kwargs.Flag("maximize"),
    };

    private static AdamaxOptions Options(AdamaxSettings settings) => new()
    {
        LearningRate = settings.LearningRate,
        Beta1 = settings.Beta1,
        Beta2 = settings.Beta2,
        Epsilon = settings.Epsilon,
        WeightDecay = settings.WeightDecay,
        Maximize = settings.Maximize,
    };
}
