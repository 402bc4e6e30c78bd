using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="RAdam{T}"/>: torch.optim.RAdam, with L2 and decoupled weight decay (RAdamW).</summary>
public sealed class RAdamDescriptor : OptimizerDescriptor<RAdamOptions>
{
    public override Type OptimizerType => typeof(RAdam<>);

    public override IReadOnlyList<string> PyTorchNames => ["RAdam"];

    /// <summary>Measured worst float error over the RAdam golden is about 1e-6; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    /// <summary>The first step t with ρ_t &gt; 5 over the rows that are ever rectified (6 for β2 from 0.9 to 0.999).</summary>
    public override int StepsToReachEveryBranch => Configurations.Max(c => FirstRectifiedStep(c.Options.Beta2) ?? 1);

    /// <summary>
    /// One row per weight-decay form (none, coupled, decoupled) and maximize; every row but the last is rectified from
    /// step 6 on, the last (β2 = 0.5, ρ∞ = 3) never.
    /// </summary>
    protected override IEnumerable<(string Name, RAdamOptions Options)> Configurations =>
    [
        ("radam", new RAdamOptions { LearningRate = 0.05 }),
        ("radam-l2", new RAdamOptions { LearningRate = 0.05, WeightDecay = 0.1 }),
        ("radam-maximize-l2", new RAdamOptions { LearningRate = 0.05, WeightDecay = 0.1, Maximize = true, Beta1 = 0.8, Beta2 = 0.9 }),
        ("radam-decoupled", new RAdamOptions { LearningRate = 0.05, WeightDecay = 0.1, DecoupledWeightDecay = true }),
        ("radam-beta1-zero", new RAdamOptions { LearningRate = 0.01, Beta1 = 0, Beta2 = 0.99, Epsilon = 1e-3 }),
        ("radam-never-rectified-decoupled-maximize", new RAdamOptions { LearningRate = 0.01, Beta2 = 0.5, WeightDecay = 0.05, DecoupledWeightDecay = true, Maximize = true }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.001.", () => new RAdamOptions { LearningRate = -1e-3 }),
        OutOfRange("LearningRate", $"LearningRate must be a finite number >= 0; got {double.PositiveInfinity}.", () => new RAdamOptions { LearningRate = double.PositiveInfinity }),
        OutOfRange("WeightDecay", $"WeightDecay must be a finite number >= 0; got {double.NaN}.", () => new RAdamOptions { WeightDecay = double.NaN }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got 1.", () => new RAdamOptions { Beta1 = 1.0 }),
        OutOfRange("Beta1", $"Beta1 must be in [0, 1); got {double.NaN}.", () => new RAdamOptions { Beta1 = double.NaN }),
        OutOfRange("Beta2", "Beta2 must be in [0, 1); got 1.", () => new RAdamOptions { Beta2 = 1.0 }),
        OutOfRange("Beta2", "Beta2 must be in [0, 1); got -0.5.", () => new RAdamOptions { Beta2 = -0.5 }),
        OutOfRange("Epsilon", "Epsilon must be a finite number >= 0; got -1E-08.", () => new RAdamOptions { Epsilon = -1e-8 }),
        OutOfRange("Epsilon", $"Epsilon must be a finite number >= 0; got {double.PositiveInfinity}.", () => new RAdamOptions { Epsilon = double.PositiveInfinity }),
    ];

    /// <summary>
    /// RAdam's first five steps are SGD with momentum, γ·m̂: on Rosenbrock, whose gradient at the start is about 160,
    /// γ = 2e-2 leaves the valley and diverges before rectification starts, so the row uses γ = 1e-3.
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("radam", ConvergenceProblem.Quad, new RAdamOptions { LearningRate = 0.05 }, 3000, 1e-6),
        Converges("radam", ConvergenceProblem.Rosenbrock, new RAdamOptions { LearningRate = 1e-3 }, 20_000, 1e-4),
    ];

    public override IOptimizer Create<T>(RAdamOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new RAdam<T>(options), value, gradient);

    public override IReferenceOptimizer Reference(RAdamOptions options, int length) => new RAdamReference(
        new RAdamSettings
        {
            LearningRate = options.LearningRate,
            Beta1 = options.Beta1,
            Beta2 = options.Beta2,
            Epsilon = options.Epsilon,
            WeightDecay = options.WeightDecay,
            DecoupledWeightDecay = options.DecoupledWeightDecay,
            Maximize = options.Maximize,
        },
        length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(RAdamOptions options, int length) =>
        new SamePrecision<T>(options, length).Step;

    public override SpanUpdate<T> Functional<T>(RAdamOptions options, int length)
    {
        T[] m = new T[length], v = new T[length];
        long step = 0;
        return (parameters, gradients) => RAdamKernel.Update<T>(
            parameters,
            gradients,
            m,
            v,
            new RAdamKernel.Scalars<T>(options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.DecoupledWeightDecay, options.Maximize, ++step));
    }

    protected override RAdamOptions FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Beta1 = kwargs.Pair("betas", 0),
        Beta2 = kwargs.Pair("betas", 1),
        Epsilon = kwargs.Number("eps"),
        WeightDecay = kwargs.Number("weight_decay"),
        DecoupledWeightDecay = kwargs.Flag("decoupled_weight_decay"),
        Maximize = kwargs.Flag("maximize"),
    };

    /// <summary>The first t with ρ_t = ρ∞ − 2t·β2^t/(1 − β2^t) &gt; 5, or null when ρ∞ = 2/(1 − β2) − 1 ≤ 5 (never).</summary>
    private static int? FirstRectifiedStep(double beta2)
    {
        var rhoInfinity = (2 / (1 - beta2)) - 1;
        if (rhoInfinity <= 5)
        {
            return null;
        }

        // ρ_t rises towards ρ∞ > 5, so the loop ends.
        var t = 1;
        while (rhoInfinity - (2 * t * Math.Pow(beta2, t) / (1 - Math.Pow(beta2, t))) <= 5)
        {
            t++;
        }

        return t;
    }

    /// <summary>
    /// RAdam as a plain loop in <typeparamref name="T"/>, transcribing the kernel's arithmetic: the branch and the step
    /// size s formed in double and rounded once to T, then per element, in this order and with these fused
    /// multiply-adds (fma(a, b, c) = a·b + c rounded once):
    /// <code>
    /// g ← g·(±1);  g ← fma(λ, θ, g) (coupled L2);  θ ← θ·(1 − γλ) (1 unless decoupled)
    /// m ← fma(g − m, 1 − β1, m);  v ← fma((1 − β2)·g, g, v·β2)
    /// ρ_t &gt; 5:  θ ← fma(−s, m/(√v + ε), θ),  s = γ/(1 − β1^t) · r_t·√(1 − β2^t)
    /// else:     θ ← fma(−s, m, θ),          s = γ/(1 − β1^t)
    /// </code>
    /// The optimizer must match it bit for bit at every vector width.
    /// </summary>
    private sealed class SamePrecision<T>(RAdamOptions options, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _expAvg = new T[length];
        private readonly T[] _expAvgSq = new T[length];
        private long _step;

        public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
        {
            _step++;
            double t = _step;
            var lr = options.LearningRate;
            var biasCorrection2 = 1 - Math.Pow(options.Beta2, t);
            var rhoInfinity = (2 / (1 - options.Beta2)) - 1;
            var rhoT = rhoInfinity - (2 * t * Math.Pow(options.Beta2, t) / biasCorrection2);
            var rectified = rhoT > 5;
            var stepSize = lr / (1 - Math.Pow(options.Beta1, t));
            if (rectified)
            {
                stepSize *= Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rhoT)) * Math.Sqrt(biasCorrection2);
            }

            var sign = options.Maximize ? -T.One : T.One;
            var coupledDecay = !options.DecoupledWeightDecay && options.WeightDecay != 0;
            var weightDecay = T.CreateTruncating(options.WeightDecay);
            var decayFactor = T.CreateTruncating(options.DecoupledWeightDecay ? 1 - (lr * options.WeightDecay) : 1);
            var oneMinusBeta1 = T.CreateTruncating(1 - options.Beta1);
            var beta2 = T.CreateTruncating(options.Beta2);
            var oneMinusBeta2 = T.CreateTruncating(1 - options.Beta2);
            var epsilon = T.CreateTruncating(options.Epsilon);
            var negativeStepSize = T.CreateTruncating(-stepSize);
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
                var direction = rectified ? _expAvg[i] / (T.Sqrt(_expAvgSq[i]) + epsilon) : _expAvg[i];
                parameters[i] = T.FusedMultiplyAdd(negativeStepSize, direction, p);
            }
        }
    }
}
