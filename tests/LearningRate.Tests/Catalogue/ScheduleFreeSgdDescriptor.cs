using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary>
/// <see cref="ScheduleFreeSgd{T}"/>: facebookresearch/schedule_free's SGDScheduleFreeReference, rows built from the
/// reference's <see cref="ScheduleFreeSgdSettings"/>.
/// </summary>
public sealed class ScheduleFreeSgdDescriptor : OptimizerDescriptor<ScheduleFreeSgdSettings>
{
    public override Type OptimizerType => typeof(ScheduleFreeSgd<>);

    public override IReadOnlyList<string> PyTorchNames => ["schedulefree.SGDScheduleFreeReference"];

    /// <summary>β is the interpolation weight, not a momentum a schedule may cycle.</summary>
    public override bool SupportsMomentumSchedule => false;

    /// <summary>Measured worst float error over the golden is 4.2e-7 in y and 5.2e-7 in x; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    /// <summary>Every branch within the generic tests' four steps: with W = 3 the warmup ends at the fourth update.</summary>
    protected override IEnumerable<(string Name, ScheduleFreeSgdSettings Options)> Configurations =>
    [
        ("sgd-schedulefree", new ScheduleFreeSgdSettings()),
        ("sgd-schedulefree-warmup-weight-decay", new ScheduleFreeSgdSettings { LearningRate = 0.1, WeightDecay = 0.1, WarmupSteps = 3, R = 1, WeightLearningRatePower = 1 }),
        ("sgd-schedulefree-maximize-weight-decay", new ScheduleFreeSgdSettings { LearningRate = 0.2, Momentum = 0.5, WeightDecay = 0.05, Maximize = true, WeightLearningRatePower = 0 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.1.", () => new ScheduleFreeSgdSettings { LearningRate = -0.1 }),
        OutOfRange("WeightDecay", $"WeightDecay must be a finite number >= 0; got {double.NaN}.", () => new ScheduleFreeSgdSettings { WeightDecay = double.NaN }),
        OutOfRange("Momentum", "Momentum must be in (0, 1); got 0.", () => new ScheduleFreeSgdSettings { Momentum = 0 }),
        OutOfRange("Momentum", "Momentum must be in (0, 1); got 1.", () => new ScheduleFreeSgdSettings { Momentum = 1 }),
        OutOfRange("Momentum", $"Momentum must be in (0, 1); got {double.NaN}.", () => new ScheduleFreeSgdSettings { Momentum = double.NaN }),
        OutOfRange("WarmupSteps", "WarmupSteps must be >= 0; got -1.", () => new ScheduleFreeSgdSettings { WarmupSteps = -1 }),
        OutOfRange("R", "R must be a finite number >= 0; got -1.", () => new ScheduleFreeSgdSettings { R = -1 }),
        OutOfRange("WeightLearningRatePower", $"WeightLearningRatePower must be a finite number >= 0; got {double.PositiveInfinity}.", () => new ScheduleFreeSgdSettings { WeightLearningRatePower = double.PositiveInfinity }),
    ];

    /// <summary>
    /// With equal weights x is the mean of the z iterates, and y = βx + (1 − β)z still converges on quad, which is
    /// strongly convex (measured 1.8e-13 after 2,000 steps with γ = 0.3). In Rosenbrock's valley the long average
    /// slows it down (measured 8.5e-5 after 100,000 steps with γ = 3e-3; 1.3e-3 with γ = 2e-3).
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("sgd-schedulefree", ConvergenceProblem.Quad, new ScheduleFreeSgdSettings { LearningRate = 0.3 }, 2000, 1e-10),
        Converges("sgd-schedulefree", ConvergenceProblem.Rosenbrock, new ScheduleFreeSgdSettings { LearningRate = 3e-3 }, 100_000, 5e-4),
    ];

    public override IOptimizer Create<T>(ScheduleFreeSgdSettings options, Memory<T> value, Memory<T> gradient) =>
        Registered(new ScheduleFreeSgd<T>(ToOptions(options)), value, gradient);

    public override IReferenceOptimizer Reference(ScheduleFreeSgdSettings options, int length) => new ScheduleFreeSgdReference(options, length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(ScheduleFreeSgdSettings options, int length) =>
        new SamePrecision<T>(options, length).Step;

    /// <summary>The caller owns z and x (copies of the parameters before the first update) and the group's averaging state.</summary>
    public override SpanUpdate<T> Functional<T>(ScheduleFreeSgdSettings options, int length)
    {
        T[] z = new T[length], x = new T[length];
        var averaging = default(ScheduleFreeAveraging);
        return (parameters, gradients) =>
        {
            if (averaging.Step == 0)
            {
                parameters.CopyTo(z);
                parameters.CopyTo(x);
            }

            averaging = averaging.Next(options.LearningRate, options.WarmupSteps, options.R, options.WeightLearningRatePower);
            ScheduleFreeSgdKernel.Update<T>(
                parameters,
                gradients,
                z,
                x,
                new ScheduleFreeSgdKernel.Scalars<T>(averaging.LearningRate, options.Momentum, options.WeightDecay, options.Maximize, averaging.AveragingWeight));
        };
    }

    public static ScheduleFreeSgdOptions ToOptions(ScheduleFreeSgdSettings settings) => new()
    {
        LearningRate = settings.LearningRate,
        Momentum = settings.Momentum,
        WeightDecay = settings.WeightDecay,
        WarmupSteps = settings.WarmupSteps,
        R = settings.R,
        WeightLearningRatePower = settings.WeightLearningRatePower,
        Maximize = settings.Maximize,
    };

    protected override ScheduleFreeSgdSettings FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        Momentum = kwargs.Number("momentum"),
        WeightDecay = kwargs.Number("weight_decay"),
        WarmupSteps = checked((int)kwargs.Number("warmup_steps")),
        R = kwargs.Number("r"),
        WeightLearningRatePower = kwargs.Number("weight_lr_power"),
    };

    /// <summary>
    /// Schedule-Free SGD as a plain loop in <typeparamref name="T"/>, transcribing the kernel's arithmetic: the group
    /// scalars advanced in double (<see cref="ScheduleFreeAveraging"/>'s recursion written out), the per-update scalars
    /// rounded once to T, then per element (fma(a, b, c) = a·b + c rounded once):
    /// <code>
    /// g ← g·(±1);  g ← fma(λ, y, g) (weight decay)
    /// z ← fma(−γ_k, g, z);   x ← fma(c, z, (1 − c)·x);   y ← fma(1 − β, z, β·x)
    /// </code>
    /// </summary>
    private sealed class SamePrecision<T>(ScheduleFreeSgdSettings settings, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _z = new T[length];
        private readonly T[] _x = new T[length];
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
            var weightDecay = T.CreateTruncating(settings.WeightDecay);
            var negativeLr = T.CreateTruncating(-lr);
            T averagingWeight = T.CreateTruncating(c), oneMinusAveragingWeight = T.CreateTruncating(1 - c);
            T beta = T.CreateTruncating(settings.Momentum), oneMinusBeta = T.CreateTruncating(1 - settings.Momentum);
            for (var i = 0; i < parameters.Length; i++)
            {
                var g = gradients[i] * sign;
                if (settings.WeightDecay != 0)
                {
                    g = T.FusedMultiplyAdd(weightDecay, parameters[i], g);
                }

                _z[i] = T.FusedMultiplyAdd(negativeLr, g, _z[i]);
                _x[i] = T.FusedMultiplyAdd(averagingWeight, _z[i], oneMinusAveragingWeight * _x[i]);
                parameters[i] = T.FusedMultiplyAdd(oneMinusBeta, _z[i], beta * _x[i]);
            }
        }
    }
}
