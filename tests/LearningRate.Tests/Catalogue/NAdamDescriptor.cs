using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="NAdam{T}"/>: torch.optim.NAdam, with L2 and decoupled weight decay (NAdamW).</summary>
public sealed class NAdamDescriptor : OptimizerDescriptor<NAdamOptions>
{
    public override Type OptimizerType => typeof(NAdam<>);

    public override IReadOnlyList<string> PyTorchNames => ["NAdam"];

    /// <summary>Measured worst float error over the NAdam golden is about 9e-7; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    /// <summary>One row per weight-decay form (none, coupled, decoupled), maximize, and the μ schedule at both ends (ψ = 0: μ constant; fast ψ; β1 = 0: μ = 0).</summary>
    protected override IEnumerable<(string Name, NAdamOptions Options)> Configurations =>
    [
        ("nadam", new NAdamOptions { LearningRate = 0.05 }),
        ("nadam-l2", new NAdamOptions { LearningRate = 0.05, WeightDecay = 0.1 }),
        ("nadam-maximize-l2-fast-schedule", new NAdamOptions { LearningRate = 0.05, WeightDecay = 0.1, Maximize = true, Beta1 = 0.8, Beta2 = 0.99, MomentumDecay = 0.5 }),
        ("nadam-decoupled", new NAdamOptions { LearningRate = 0.05, WeightDecay = 0.1, DecoupledWeightDecay = true }),
        ("nadam-constant-mu", new NAdamOptions { LearningRate = 0.01, MomentumDecay = 0, Beta2 = 0.9, Epsilon = 1e-3 }),
        ("nadam-beta1-zero-decoupled-maximize", new NAdamOptions { LearningRate = 0.01, Beta1 = 0, WeightDecay = 0.05, DecoupledWeightDecay = true, Maximize = true }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.002.", () => new NAdamOptions { LearningRate = -2e-3 }),
        OutOfRange("LearningRate", $"LearningRate must be a finite number >= 0; got {double.NaN}.", () => new NAdamOptions { LearningRate = double.NaN }),
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -0.01.", () => new NAdamOptions { WeightDecay = -0.01 }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got 1.", () => new NAdamOptions { Beta1 = 1.0 }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got -0.1.", () => new NAdamOptions { Beta1 = -0.1 }),
        OutOfRange("Beta2", "Beta2 must be in [0, 1); got 1.", () => new NAdamOptions { Beta2 = 1.0 }),
        OutOfRange("Beta2", $"Beta2 must be in [0, 1); got {double.NaN}.", () => new NAdamOptions { Beta2 = double.NaN }),
        OutOfRange("Epsilon", "Epsilon must be a finite number >= 0; got -1E-08.", () => new NAdamOptions { Epsilon = -1e-8 }),
        OutOfRange("MomentumDecay", "MomentumDecay must be a finite number >= 0; got -0.004.", () => new NAdamOptions { MomentumDecay = -4e-3 }),
        OutOfRange("MomentumDecay", $"MomentumDecay must be a finite number >= 0; got {double.PositiveInfinity}.", () => new NAdamOptions { MomentumDecay = double.PositiveInfinity }),
        OutOfRange("MomentumDecay", $"MomentumDecay must be a finite number >= 0; got {double.NaN}.", () => new NAdamOptions { MomentumDecay = double.NaN }),
    ];

    /// <summary>
    /// On Rosenbrock NAdam with a constant learning rate ends in a cycle around the minimum: its gradient term
    /// γ(1 − μ_t)/(1 − Πμ)·g/d is not averaged like the momentum term, and g/d stays of order 1 in the narrow valley
    /// (measured: 2e-3 off with γ = 2e-2, 4e-5 with γ = 1e-3 after 20,000 steps). On quad it converges.
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("nadam", ConvergenceProblem.Quad, new NAdamOptions { LearningRate = 0.05 }, 3000, 1e-6),
        Converges("nadam", ConvergenceProblem.Rosenbrock, new NAdamOptions { LearningRate = 1e-3 }, 20_000, 3e-4),
    ];

    public override IOptimizer Create<T>(NAdamOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new NAdam<T>(options), value, gradient);

    public override IReferenceOptimizer Reference(NAdamOptions options, int length) => new NAdamReference(
        new NAdamSettings
        {
            LearningRate = options.LearningRate,
            Beta1 = options.Beta1,
            Beta2 = options.Beta2,
            Epsilon = options.Epsilon,
            WeightDecay = options.WeightDecay,
            MomentumDecay = options.MomentumDecay,
            DecoupledWeightDecay = options.DecoupledWeightDecay,
            Maximize = options.Maximize,
        },
        length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(NAdamOptions options, int length) =>
        new SamePrecision<T>(options, length).Step;

    /// <summary>The caller owns m, v and Πμ: Πμ starts at 1 and each update's <c>MuProduct</c> feeds the next one.</summary>
    public override SpanUpdate<T> Functional<T>(NAdamOptions options, int length)
    {
        T[] m = new T[length], v = new T[length];
        long step = 0;
        var muProduct = 1.0;
        return (parameters, gradients) =>
        {
            var scalars = new NAdamKernel.Scalars<T>(options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.MomentumDecay, options.DecoupledWeightDecay, options.Maximize, ++step, muProduct);
            NAdamKernel.Update<T>(parameters, gradients, m, v, scalars);
            muProduct = scalars.MuProduct;
        };
    }

    protected override NAdamOptions FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Beta1 = kwargs.Pair("betas", 0),
        Beta2 = kwargs.Pair("betas", 1),
        Epsilon = kwargs.Number("eps"),
        WeightDecay = kwargs.Number("weight_decay"),
        MomentumDecay = kwargs.Number("momentum_decay"),
        DecoupledWeightDecay = kwargs.Flag("decoupled_weight_decay"),
        Maximize = kwargs.Flag("maximize"),
    };

    /// <summary>
    /// NAdam as a plain loop in <typeparamref name="T"/>, transcribing the kernel's arithmetic: μ_t, μ_{t+1}, Πμ and the
    /// step coefficients formed in double and rounded once to T, then per element, in this order and with these fused
    /// multiply-adds (fma(a, b, c) = a·b + c rounded once):
    /// <code>
    /// g ← g·(±1);  g ← fma(λ, θ, g) (coupled L2);  θ ← θ·(1 − γλ) (1 unless decoupled)
    /// m ← fma(g − m, 1 − β1, m);  v ← fma((1 − β2)·g, g, v·β2);  d ← √(v / (1 − β2^t)) + ε
    /// θ ← fma(−γ(1 − μ_t)/(1 − Πμ), g/d, θ);  θ ← fma(−γμ_{t+1}/(1 − Πμ·μ_{t+1}), m/d, θ)
    /// </code>
    /// The optimizer must match it bit for bit at every vector width.
    /// </summary>
    private sealed class SamePrecision<T>(NAdamOptions options, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _expAvg = new T[length];
        private readonly T[] _expAvgSq = new T[length];
        private double _muProduct = 1;
        private long _step;

        public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
        {
            _step++;
            double t = _step;
            var lr = options.LearningRate;
            var mu = options.Beta1 * (1 - (0.5 * Math.Pow(0.96, t * options.MomentumDecay)));
            var muNext = options.Beta1 * (1 - (0.5 * Math.Pow(0.96, (t + 1) * options.MomentumDecay)));
            _muProduct *= mu;
            var sign = options.Maximize ? -T.One : T.One;
            var coupledDecay = !options.DecoupledWeightDecay && options.WeightDecay != 0;
            var weightDecay = T.CreateTruncating(options.WeightDecay);
            var decayFactor = T.CreateTruncating(options.DecoupledWeightDecay ? 1 - (lr * options.WeightDecay) : 1);
            var oneMinusBeta1 = T.CreateTruncating(1 - options.Beta1);
            var beta2 = T.CreateTruncating(options.Beta2);
            var oneMinusBeta2 = T.CreateTruncating(1 - options.Beta2);
            var biasCorrection2 = T.CreateTruncating(1 - Math.Pow(options.Beta2, t));
            var epsilon = T.CreateTruncating(options.Epsilon);
            var gradientCoefficient = T.CreateTruncating(-lr * (1 - mu) / (1 - _muProduct));
            var momentCoefficient = T.CreateTruncating(-lr * muNext / (1 - (_muProduct * muNext)));
            for (var i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                var g = gradients[i] * sign;
                if (coupledDecay)
                {
                    g = T.FusedMultiplyAdd(weightDecay, p, g);
                }

                p *= decayFactor;
                _expAvg[i] = T.FusedMultiplyAdd(g - _expAvg[i], oneMinusBeta1, _expAvg[i]);
                _expAvgSq[i] = T.FusedMultiplyAdd(oneMinusBeta2 * g, g, _expAvgSq[i] * beta2);
                var denominator = T.Sqrt(_expAvgSq[i] / biasCorrection2) + epsilon;
                p = T.FusedMultiplyAdd(gradientCoefficient, g / denominator, p);
                parameters[i] = T.FusedMultiplyAdd(momentCoefficient, _expAvg[i] / denominator, p);
            }
        }
    }
}
