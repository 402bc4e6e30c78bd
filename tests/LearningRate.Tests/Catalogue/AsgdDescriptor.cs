using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Asgd{T}"/>: torch.optim.ASGD, rows built from the reference's <see cref="AsgdSettings"/>.</summary>
public sealed class AsgdDescriptor : OptimizerDescriptor<AsgdSettings>
{
    public override Type OptimizerType => typeof(Asgd<>);

    public override IReadOnlyList<string> PyTorchNames => ["ASGD"];

    /// <summary>ASGD has no momentum; its learning rate enters η, so schedules and controllers apply.</summary>
    public override bool SupportsMomentumSchedule => false;

    /// <summary>Measured worst float error over the ASGD golden is 4.4e-7; 2e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 2e-6;

    /// <summary>
    /// Every branch within the generic tests' four or five steps: μ = 1/max(1, t − t0) first differs from 1 for the
    /// update after step t0 + 1, so t0 = 0 averages from step 3 and t0 = 1 from step 4; the default t0 never does.
    /// </summary>
    protected override IEnumerable<(string Name, AsgdSettings Options)> Configurations =>
    [
        ("asgd", new AsgdSettings()),
        ("asgd-averaging-weight-decay", new AsgdSettings { LearningRate = 0.05, Lambd = 0.01, Alpha = 0.5, T0 = 0, WeightDecay = 0.1 }),
        ("asgd-averaging-maximize", new AsgdSettings { LearningRate = 0.1, Lambd = 0.1, Alpha = 1, T0 = 1, Maximize = true }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.01.", () => new AsgdSettings { LearningRate = -0.01 }),
        OutOfRange("WeightDecay", $"WeightDecay must be a finite number >= 0; got {double.NaN}.", () => new AsgdSettings { WeightDecay = double.NaN }),
        OutOfRange("Lambd", "Lambd must be a finite number >= 0; got -0.0001.", () => new AsgdSettings { Lambd = -1e-4 }),
        OutOfRange("Lambd", $"Lambd must be a finite number >= 0; got {double.PositiveInfinity}.", () => new AsgdSettings { Lambd = double.PositiveInfinity }),
        OutOfRange("Alpha", "Alpha must be a finite number >= 0; got -0.75.", () => new AsgdSettings { Alpha = -0.75 }),
        OutOfRange("Alpha", $"Alpha must be a finite number >= 0; got {double.NaN}.", () => new AsgdSettings { Alpha = double.NaN }),
        OutOfRange("T0", "T0 must be a finite number >= 0; got -1.", () => new AsgdSettings { T0 = -1 }),
        OutOfRange("T0", $"T0 must be a finite number >= 0; got {double.PositiveInfinity}.", () => new AsgdSettings { T0 = double.PositiveInfinity }),
    ];

    /// <summary>
    /// With λ = 0, η stays γ and the iterate follows plain gradient descent, which converges linearly; λ &gt; 0 shrinks θ
    /// by 1 − λη each step, i.e. minimizes f + λ‖θ‖²/2, whose minimum is off f's by about λ·|θ*|/f'' (measured 1.3e-4 on
    /// quad for the default λ = 1e-4). Plain gradient descent needs γ ≤ 1e-3 on Rosenbrock (measured 2.2e-9 after 50,000 steps).
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("asgd", ConvergenceProblem.Quad, new AsgdSettings { LearningRate = 0.1 }, 1000, 2e-4),
        Converges("asgd-no-decay", ConvergenceProblem.Quad, new AsgdSettings { LearningRate = 0.1, Lambd = 0 }, 1000, 1e-10),
        Converges("asgd-no-decay", ConvergenceProblem.Rosenbrock, new AsgdSettings { LearningRate = 1e-3, Lambd = 0 }, 50_000, 1e-8),
    ];

    public override IOptimizer Create<T>(AsgdSettings options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Asgd<T>(ToOptions(options)), value, gradient);

    public override IReferenceOptimizer Reference(AsgdSettings options, int length) => new AsgdReference(options, length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(AsgdSettings options, int length) =>
        new SamePrecision<T>(options, length).Step;

    /// <summary>The caller owns ax, η (the learning rate at first) and μ (1), and advances η and μ after each update.</summary>
    public override SpanUpdate<T> Functional<T>(AsgdSettings options, int length)
    {
        var average = new T[length];
        double eta = options.LearningRate, mu = 1;
        long step = 0;
        return (parameters, gradients) =>
        {
            AsgdKernel.Update<T>(parameters, gradients, average, new AsgdKernel.Scalars<T>(options.Lambd, options.WeightDecay, options.Maximize, eta, mu));
            step++;
            eta = AsgdKernel.NextEta(options.LearningRate, options.Lambd, options.Alpha, step);
            mu = AsgdKernel.NextMu(options.T0, step);
        };
    }

    protected override AsgdSettings FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Lambd = kwargs.Number("lambd"),
        Alpha = kwargs.Number("alpha"),
        T0 = kwargs.Number("t0"),
        WeightDecay = kwargs.Number("weight_decay"),
        Maximize = kwargs.Flag("maximize"),
    };

    private static AsgdOptions ToOptions(AsgdSettings settings) => new()
    {
        LearningRate = settings.LearningRate,
        Lambd = settings.Lambd,
        Alpha = settings.Alpha,
        T0 = settings.T0,
        WeightDecay = settings.WeightDecay,
        Maximize = settings.Maximize,
    };

    /// <summary>
    /// ASGD as a plain loop in <typeparamref name="T"/>, transcribing the kernel's arithmetic: η and μ kept in double,
    /// the per-step scalars rounded once to T, then per element (fma(a, b, c) = a·b + c rounded once):
    /// <code>
    /// g ← g·(±1);  g ← fma(λ_wd, θ, g) (weight decay)
    /// θ ← fma(g, −η, θ·(1 − λη));   ax ← fma(θ − ax, μ, ax) if μ ≠ 1, else ax ← θ
    /// η ← γ / (1 + λ·γ·t)^α;  μ ← 1 / max(1, t − t0)
    /// </code>
    /// </summary>
    private sealed class SamePrecision<T>(AsgdSettings settings, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _average = new T[length];
        private double _eta = settings.LearningRate;
        private double _mu = 1;
        private long _step;

        public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
        {
            var sign = settings.Maximize ? -T.One : T.One;
            var weightDecay = T.CreateTruncating(settings.WeightDecay);
            var decayFactor = T.CreateTruncating(1 - (settings.Lambd * _eta));
            var negativeEta = T.CreateTruncating(-_eta);
            var mu = T.CreateTruncating(_mu);
            for (var i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                var g = gradients[i] * sign;
                if (settings.WeightDecay != 0)
                {
                    g = T.FusedMultiplyAdd(weightDecay, p, g);
                }

                p = T.FusedMultiplyAdd(g, negativeEta, p * decayFactor);
                parameters[i] = p;
                _average[i] = _mu != 1 ? T.FusedMultiplyAdd(p - _average[i], mu, _average[i]) : p;
            }

            _step++;
            _eta = settings.LearningRate / Math.Pow(1 + (settings.Lambd * settings.LearningRate * _step), settings.Alpha);
            _mu = 1 / Math.Max(1, _step - settings.T0);
        }
    }
}
