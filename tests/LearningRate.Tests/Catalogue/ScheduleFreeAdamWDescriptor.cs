using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary>
/// <see cref="ScheduleFreeAdamW{T}"/>: facebookresearch/schedule_free's AdamWScheduleFreeReference, rows built from
/// the reference's <see cref="ScheduleFreeAdamWSettings"/>.
/// </summary>
public sealed class ScheduleFreeAdamWDescriptor : OptimizerDescriptor<ScheduleFreeAdamWSettings>
{
    public override Type OptimizerType => typeof(ScheduleFreeAdamW<>);

    public override IReadOnlyList<string> PyTorchNames => ["schedulefree.AdamWScheduleFreeReference"];

    /// <summary>β1 is the interpolation weight, not a momentum a schedule may cycle.</summary>
    public override bool SupportsMomentumSchedule => false;

    /// <summary>Measured worst float error over the golden is 5.9e-7 in y and 6.2e-7 in x; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    /// <summary>Weight decay off, at y and at z; warmup ending within the generic tests' four steps; maximize; p = 0 (equal weights during warmup).</summary>
    protected override IEnumerable<(string Name, ScheduleFreeAdamWSettings Options)> Configurations =>
    [
        ("adamw-schedulefree", new ScheduleFreeAdamWSettings()),
        ("adamw-schedulefree-decay-at-y-warmup", new ScheduleFreeAdamWSettings { LearningRate = 0.05, WeightDecay = 0.1, WarmupSteps = 2, R = 0.5 }),
        ("adamw-schedulefree-decay-at-z-maximize", new ScheduleFreeAdamWSettings { LearningRate = 0.05, WeightDecay = 0.1, DecayAtZ = true, Beta1 = 0.8, Beta2 = 0.9, Maximize = true, WarmupSteps = 3, WeightLearningRatePower = 0 }),
        ("adamw-schedulefree-beta1-one-eps", new ScheduleFreeAdamWSettings { LearningRate = 0.02, Beta1 = 1, Epsilon = 1e-3 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.0025.", () => new ScheduleFreeAdamWSettings { LearningRate = -0.0025 }),
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -0.01.", () => new ScheduleFreeAdamWSettings { WeightDecay = -0.01 }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1]; got 1.5.", () => new ScheduleFreeAdamWSettings { Beta1 = 1.5 }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1]; got -0.1.", () => new ScheduleFreeAdamWSettings { Beta1 = -0.1 }),
        OutOfRange("Beta2", "Beta2 must be in [0, 1); got 1.", () => new ScheduleFreeAdamWSettings { Beta2 = 1 }),
        OutOfRange("Epsilon", "Epsilon must be a finite number >= 0; got -1E-08.", () => new ScheduleFreeAdamWSettings { Epsilon = -1e-8 }),
        OutOfRange("WarmupSteps", "WarmupSteps must be >= 0; got -5.", () => new ScheduleFreeAdamWSettings { WarmupSteps = -5 }),
        OutOfRange("R", $"R must be a finite number >= 0; got {double.NaN}.", () => new ScheduleFreeAdamWSettings { R = double.NaN }),
        OutOfRange("WeightLearningRatePower", "WeightLearningRatePower must be a finite number >= 0; got -2.", () => new ScheduleFreeAdamWSettings { WeightLearningRatePower = -2 }),
        OutOfRange(
            "InnerMomentum",
            "InnerMomentum must be 0: a non-zero inner momentum needs a fourth buffer per element (exp_avg) beside z, x and v, which the fused kernel does not stream; got 0.9.",
            () => new ScheduleFreeAdamWSettings { InnerMomentum = 0.9 }),
    ];

    /// <summary>
    /// On quad the path reaches the minimum to rounding (measured 4e-14 after 3,000 steps with γ = 0.1). On
    /// Rosenbrock, as Adam, it ends in a cycle around the minimum: g/√v stays of order 1 in the narrow valley
    /// (measured amplitude 6.4e-4 after 20,000 steps with γ = 0.01).
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("adamw-schedulefree", ConvergenceProblem.Quad, new ScheduleFreeAdamWSettings { LearningRate = 0.1 }, 3000, 1e-9),
        Converges("adamw-schedulefree", ConvergenceProblem.Rosenbrock, new ScheduleFreeAdamWSettings { LearningRate = 0.01 }, 20_000, 2e-3),
    ];

    public override IOptimizer Create<T>(ScheduleFreeAdamWSettings options, Memory<T> value, Memory<T> gradient) =>
        Registered(new ScheduleFreeAdamW<T>(ToOptions(options)), value, gradient);

    public override IReferenceOptimizer Reference(ScheduleFreeAdamWSettings options, int length) => new ScheduleFreeAdamWReference(options, length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(ScheduleFreeAdamWSettings options, int length) =>
        new SamePrecision<T>(options, length).Step;

    /// <summary>The caller owns z and x (copies of the parameters before the first update), v (zero) and the group's averaging state.</summary>
    public override SpanUpdate<T> Functional<T>(ScheduleFreeAdamWSettings options, int length)
    {
        T[] z = new T[length], x = new T[length], v = new T[length];
        var averaging = default(ScheduleFreeAveraging);
        return (parameters, gradients) =>
        {
            if (averaging.Step == 0)
            {
                parameters.CopyTo(z);
                parameters.CopyTo(x);
            }

            averaging = averaging.Next(options.LearningRate, options.WarmupSteps, options.R, options.WeightLearningRatePower);
            ScheduleFreeAdamWKernel.Update<T>(
                parameters,
                gradients,
                z,
                x,
                v,
                new ScheduleFreeAdamWKernel.Scalars<T>(
                    averaging.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.DecayAtZ, options.Maximize, averaging.Step, averaging.AveragingWeight));
        };
    }

    public static ScheduleFreeAdamWOptions ToOptions(ScheduleFreeAdamWSettings settings) => new()
    {
        LearningRate = settings.LearningRate,
        Beta1 = settings.Beta1,
        Beta2 = settings.Beta2,
        Epsilon = settings.Epsilon,
        WeightDecay = settings.WeightDecay,
        WarmupSteps = settings.WarmupSteps,
        R = settings.R,
        WeightLearningRatePower = settings.WeightLearningRatePower,
        DecayAtZ = settings.DecayAtZ,
        InnerMomentum = settings.InnerMomentum,
        Maximize = settings.Maximize,
    };

    protected override ScheduleFreeAdamWSettings FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Beta1 = kwargs.Pair("betas", 0),
        Beta2 = kwargs.Pair("betas", 1),
        Epsilon = kwargs.Number("eps"),
        WeightDecay = kwargs.Number("weight_decay"),
        WarmupSteps = checked((int)kwargs.Number("warmup_steps")),
        R = kwargs.Number("r"),
        WeightLearningRatePower = kwargs.Number("weight_lr_power"),
        DecayAtZ = kwargs.Flag("decay_at_z"),
        InnerMomentum = kwargs.Number("inner_momentum"),
    };

    /// <summary>
    /// Schedule-Free AdamW as a plain loop in <typeparamref name="T"/>, transcribing the kernel's arithmetic: the group
    /// scalars advanced in double (<see cref="ScheduleFreeAveraging"/>'s recursion written out), the per-update scalars
    /// rounded once to T, then per element (fma(a, b, c) = a·b + c rounded once):
    /// <code>
    /// g ← g·(±1);   z ← fma(−γ_kλ, y or z, z) (weight decay)
    /// v ← fma((1 − β2)·g, g, β2·v);   d = fma(√v, 1/√(1 − β2^t), ε)
    /// z ← fma(−γ_k, g/d, z);   x ← fma(c, z, (1 − c)·x);   y ← fma(1 − β1, z, β1·x)
    /// </code>
    /// </summary>
    private sealed class SamePrecision<T>(ScheduleFreeAdamWSettings settings, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _z = new T[length];
        private readonly T[] _x = new T[length];
        private readonly T[] _v = new T[length];
        private long _k;
        private double _lrMax;
        private double _weightSum;

        public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
        {
            if (_k == 0)
            {
                parameters.CopyTo(_z);
                parameters.CopyTo(_x);
            }

            var lr = _k < settings.WarmupSteps ? settings.LearningRate * ((double)(_k + 1) / settings.WarmupSteps) : settings.LearningRate;
            _lrMax = Math.Max(lr, _lrMax);
            var weight = Math.Pow(_k + 1, settings.R) * Math.Pow(_lrMax, settings.WeightLearningRatePower);
            _weightSum += weight;
            var c = _weightSum == 0 ? 0 : weight / _weightSum;
            _k++;

            var sign = settings.Maximize ? -T.One : T.One;
            var negativeLrDecay = T.CreateTruncating(-(lr * settings.WeightDecay));
            T beta2 = T.CreateTruncating(settings.Beta2), oneMinusBeta2 = T.CreateTruncating(1 - settings.Beta2);
            var inverseBias2Root = T.CreateTruncating(1 / Math.Sqrt(1 - Math.Pow(settings.Beta2, _k)));
            var epsilon = T.CreateTruncating(settings.Epsilon);
            var negativeLr = T.CreateTruncating(-lr);
            T averagingWeight = T.CreateTruncating(c), oneMinusAveragingWeight = T.CreateTruncating(1 - c);
            T beta1 = T.CreateTruncating(settings.Beta1), oneMinusBeta1 = T.CreateTruncating(1 - settings.Beta1);
            for (var i = 0; i < parameters.Length; i++)
            {
                var g = gradients[i] * sign;
                if (settings.WeightDecay != 0)
                {
                    _z[i] = T.FusedMultiplyAdd(negativeLrDecay, settings.DecayAtZ ? _z[i] : parameters[i], _z[i]);
                }

                _v[i] = T.FusedMultiplyAdd(oneMinusBeta2 * g, g, _v[i] * beta2);
                var denominator = T.FusedMultiplyAdd(T.Sqrt(_v[i]), inverseBias2Root, epsilon);
                _z[i] = T.FusedMultiplyAdd(negativeLr, g / denominator, _z[i]);
                _x[i] = T.FusedMultiplyAdd(averagingWeight, _z[i], oneMinusAveragingWeight * _x[i]);
                parameters[i] = T.FusedMultiplyAdd(oneMinusBeta1, _z[i], beta1 * _x[i]);
            }
        }
    }
}
