using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Adadelta{T}"/>: torch.optim.Adadelta (ε inside both roots, γ a multiplier on Δ).</summary>
public sealed class AdadeltaDescriptor : OptimizerDescriptor<AdadeltaSettings>
{
    public override Type OptimizerType => typeof(Adadelta<>);

    public override IReadOnlyList<string> PyTorchNames => ["Adadelta"];

    /// <summary>Adadelta has no momentum: PyTorch's cycle_momentum raises for it, and binding a momentum schedule throws.</summary>
    public override bool SupportsMomentumSchedule => false;

    /// <summary>Measured worst float error over the Adadelta golden is 1.2e-6; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    /// <summary>The kernel has one branch (weight decay); ρ = 1 freezes both averages at zero, so Δ = g.</summary>
    protected override IEnumerable<(string Name, AdadeltaSettings Options)> Configurations =>
    [
        ("adadelta", new AdadeltaSettings()),
        ("adadelta-weight-decay", new AdadeltaSettings { WeightDecay = 0.1, Rho = 0.5, Epsilon = 1e-3 }),
        ("adadelta-maximize-weight-decay", new AdadeltaSettings { LearningRate = 0.5, WeightDecay = 0.05, Maximize = true }),
        ("adadelta-rho-one", new AdadeltaSettings { LearningRate = 0.1, Rho = 1 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -1.", () => new AdadeltaSettings { LearningRate = -1 }),
        OutOfRange("LearningRate", $"LearningRate must be a finite number >= 0; got {double.PositiveInfinity}.", () => new AdadeltaSettings { LearningRate = double.PositiveInfinity }),
        OutOfRange("Rho", "Rho must be in [0, 1]; got 1.01.", () => new AdadeltaSettings { Rho = 1.01 }),
        OutOfRange("Rho", "Rho must be in [0, 1]; got -0.1.", () => new AdadeltaSettings { Rho = -0.1 }),
        OutOfRange("Rho", $"Rho must be in [0, 1]; got {double.NaN}.", () => new AdadeltaSettings { Rho = double.NaN }),
        OutOfRange("Epsilon", "Epsilon must be a finite number >= 0; got -1E-06.", () => new AdadeltaSettings { Epsilon = -1e-6 }),
        OutOfRange("Epsilon", $"Epsilon must be a finite number >= 0; got {double.NaN}.", () => new AdadeltaSettings { Epsilon = double.NaN }),
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -0.1.", () => new AdadeltaSettings { WeightDecay = -0.1 }),
    ];

    /// <summary>
    /// Adadelta's step size √(u + ε)/√(v + ε) is set by its own past updates, not by γ alone. On quad γ = 0.5 converges
    /// to machine precision in 3000 steps, while PyTorch's default γ = 1 ends in a cycle around the minimum whose
    /// amplitude slowly grows (measured: 7e-3 after 1000 steps, 2e-2 after 3000, 4e-2 after 10 000). On Rosenbrock every
    /// setting tried ends in such a cycle; the smallest, 3.4e-4 after 50 000 steps, is with γ = 5e-3 and ρ = 0.95.
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("adadelta", ConvergenceProblem.Quad, new AdadeltaSettings { LearningRate = 0.5 }, 3000, 1e-10),
        Converges("adadelta", ConvergenceProblem.Rosenbrock, new AdadeltaSettings { LearningRate = 5e-3, Rho = 0.95 }, 50_000, 1e-3),
    ];

    public override IOptimizer Create<T>(AdadeltaSettings options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Adadelta<T>(Options(options)), value, gradient);

    public override IReferenceOptimizer Reference(AdadeltaSettings options, int length) => new AdadeltaReference(options, length);

    /// <summary>
    /// The kernel's arithmetic as a plain loop in <typeparamref name="T"/>, in PyTorch's order: g ← g·(±1);
    /// g ← fma(λ, θ, g); v ← fma((1 − ρ)·g, g, v·ρ); Δ ← √(u + ε) / √(v + ε) · g; u ← fma((1 − ρ)·Δ, Δ, u·ρ);
    /// θ ← fma(Δ, −γ, θ).
    /// </summary>
    public override SpanUpdate<T>? SamePrecisionReference<T>(AdadeltaSettings options, int length)
    {
        T[] v = new T[length], u = new T[length];
        return (parameters, gradients) =>
        {
            var sign = options.Maximize ? -T.One : T.One;
            var weightDecay = T.CreateTruncating(options.WeightDecay);
            var rho = T.CreateTruncating(options.Rho);
            var oneMinusRho = T.CreateTruncating(1 - options.Rho);
            var epsilon = T.CreateTruncating(options.Epsilon);
            var negativeLearningRate = T.CreateTruncating(-options.LearningRate);
            for (var i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                var g = gradients[i] * sign;
                if (options.WeightDecay != 0)
                {
                    g = T.FusedMultiplyAdd(weightDecay, p, g);
                }

                v[i] = T.FusedMultiplyAdd(oneMinusRho * g, g, v[i] * rho);
                var delta = T.Sqrt(u[i] + epsilon) / T.Sqrt(v[i] + epsilon) * g;
                u[i] = T.FusedMultiplyAdd(oneMinusRho * delta, delta, u[i] * rho);
                parameters[i] = T.FusedMultiplyAdd(delta, negativeLearningRate, p);
            }
        };
    }

    public override SpanUpdate<T> Functional<T>(AdadeltaSettings options, int length)
    {
        T[] v = new T[length], u = new T[length];
        return (parameters, gradients) => AdadeltaKernel.Update<T>(
            parameters,
            gradients,
            v,
            u,
            new AdadeltaKernel.Scalars<T>(options.LearningRate, options.Rho, options.Epsilon, options.WeightDecay, options.Maximize));
    }

    protected override AdadeltaSettings FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Rho = kwargs.Number("rho"),
        Epsilon = kwargs.Number("eps"),
        WeightDecay = kwargs.Number("weight_decay"),
        Maximize = kwargs.Flag("maximize"),
    };

    private static AdadeltaOptions Options(AdadeltaSettings settings) => new()
    {
        LearningRate = settings.LearningRate,
        Rho = settings.Rho,
        Epsilon = settings.Epsilon,
        WeightDecay = settings.WeightDecay,
        Maximize = settings.Maximize,
    };
}
