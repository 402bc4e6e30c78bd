using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Rprop{T}"/>: torch.optim.Rprop (Rprop⁻).</summary>
public sealed class RpropDescriptor : OptimizerDescriptor<RpropOptions>
{
    public override Type OptimizerType => typeof(Rprop<>);

    public override IReadOnlyList<string> PyTorchNames => ["Rprop"];

    /// <summary>The learning rate is only the initial step size, as in PyTorch: a schedule, a controller or the range test would have no effect.</summary>
    public override bool SupportsSchedules => false;

    /// <summary>Rprop has no momentum.</summary>
    public override bool SupportsMomentumSchedule => false;

    /// <summary>
    /// Rprop moves θ by ±s, where s is a product of η± factors, so float and double agree to the rounding of those
    /// products and of θ ± s, a few ε per step: measured worst float error over the golden is 1.9e-6.
    /// </summary>
    public override double GoldenFloatTolerance => 5e-6;

    /// <summary>
    /// Random gradients in the generic tests flip sign about every other step, so every row takes the η+, η− and
    /// "zero" (first step, and the step after a flip) factors; narrow bounds make the clamp bite on both sides.
    /// </summary>
    protected override IEnumerable<(string Name, RpropOptions Options)> Configurations =>
    [
        ("rprop", new RpropOptions()),
        ("rprop-maximize-clamped", new RpropOptions { LearningRate = 0.3, EtaMinus = 0.25, EtaPlus = 2, StepSizeMin = 0.1, StepSizeMax = 0.5, Maximize = true }),
        ("rprop-initial-step-outside-bounds", new RpropOptions { LearningRate = 2, StepSizeMin = 1e-3, StepSizeMax = 1 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.01.", () => new RpropOptions { LearningRate = -0.01 }),
        OutOfRange("EtaMinus", "EtaMinus must be in (0, 1); got 0.", () => new RpropOptions { EtaMinus = 0 }),
        OutOfRange("EtaMinus", "EtaMinus must be in (0, 1); got 1.", () => new RpropOptions { EtaMinus = 1 }),
        OutOfRange("EtaMinus", $"EtaMinus must be in (0, 1); got {double.NaN}.", () => new RpropOptions { EtaMinus = double.NaN }),
        OutOfRange("EtaPlus", "EtaPlus must be a finite number > 1; got 1.", () => new RpropOptions { EtaPlus = 1 }),
        OutOfRange("EtaPlus", $"EtaPlus must be a finite number > 1; got {double.PositiveInfinity}.", () => new RpropOptions { EtaPlus = double.PositiveInfinity }),
        OutOfRange("StepSizeMin", "StepSizeMin must be a finite number >= 0; got -1E-06.", () => new RpropOptions { StepSizeMin = -1e-6 }),
        OutOfRange("StepSizeMax", $"StepSizeMax must be a finite number >= 0; got {double.NaN}.", () => new RpropOptions { StepSizeMax = double.NaN }),
        Invalid("StepSizeMin", "StepSizeMin must not exceed StepSizeMax; got StepSizeMin = 2, StepSizeMax = 1.", () => new RpropOptions { StepSizeMin = 2, StepSizeMax = 1 }),
        Invalid("WeightDecay", "PyTorch's Rprop has no weight decay: WeightDecay must be 0; got 0.01.", () => new RpropOptions { WeightDecay = 0.01 }),
    ];

    /// <summary>
    /// Near the minimum the signs alternate, so η− shrinks the step sizes geometrically down to StepSizeMin and the
    /// iterate ends within a few StepSizeMin of the minimum (quad, measured 1.2e-6 for the default 1e-6). In Rosenbrock's
    /// curved valley the default floor of 1e-6 leaves a cycle 7.7e-4 from the minimum (both signs flip every other
    /// step, so the iterate steps back and forth by the floor); a floor of 1e-12 lets it in (measured 1.2e-9 after
    /// 20,000 steps).
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("rprop", ConvergenceProblem.Quad, new RpropOptions(), 1000, 1e-5),
        Converges("rprop-fine-floor", ConvergenceProblem.Quad, new RpropOptions { StepSizeMin = 1e-12 }, 2000, 1e-10),
        Converges("rprop-fine-floor", ConvergenceProblem.Rosenbrock, new RpropOptions { StepSizeMin = 1e-12 }, 20_000, 1e-8),
    ];

    public override IOptimizer Create<T>(RpropOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Rprop<T>(options), value, gradient);

    public override IReferenceOptimizer Reference(RpropOptions options, int length) => new RpropReference(
        new RpropSettings
        {
            LearningRate = options.LearningRate,
            EtaMinus = options.EtaMinus,
            EtaPlus = options.EtaPlus,
            StepSizeMin = options.StepSizeMin,
            StepSizeMax = options.StepSizeMax,
            Maximize = options.Maximize,
        },
        length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(RpropOptions options, int length) =>
        new SamePrecision<T>(options, length).Step;

    /// <summary>The caller owns prev (zero) and the step sizes, filled with the learning rate, as the optimizer does.</summary>
    public override SpanUpdate<T> Functional<T>(RpropOptions options, int length)
    {
        var previous = new T[length];
        var stepSizes = new T[length];
        Array.Fill(stepSizes, T.CreateTruncating(options.LearningRate));
        return (parameters, gradients) => RpropKernel.Update<T>(
            parameters,
            gradients,
            previous,
            stepSizes,
            new RpropKernel.Scalars<T>(options.EtaMinus, options.EtaPlus, options.StepSizeMin, options.StepSizeMax, options.Maximize));
    }

    protected override RpropOptions FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("lr"),
        EtaMinus = kwargs.Pair("etas", 0),
        EtaPlus = kwargs.Pair("etas", 1),
        StepSizeMin = kwargs.Pair("step_sizes", 0),
        StepSizeMax = kwargs.Pair("step_sizes", 1),
        Maximize = kwargs.Flag("maximize"),
    };

    /// <summary>
    /// Rprop as a plain loop in <typeparamref name="T"/>, transcribing the kernel's arithmetic per element:
    /// <code>
    /// g ← g·(±1);  p = g·prev;  f = p &gt; 0 ? η+ : p &lt; 0 ? η− : 1;  s ← min(max(s·f, min), max)
    /// g ← p &lt; 0 ? +0 : g;  θ ← θ − sign(g)·s (torch.sign: NaN → 0);  prev ← g
    /// </code>
    /// </summary>
    private sealed class SamePrecision<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly RpropOptions _options;
        private readonly T[] _previous;
        private readonly T[] _stepSizes;

        public SamePrecision(RpropOptions options, int length)
        {
            _options = options;
            _previous = new T[length];
            _stepSizes = new T[length];
            Array.Fill(_stepSizes, T.CreateTruncating(options.LearningRate));
        }

        public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
        {
            var sign = _options.Maximize ? -T.One : T.One;
            var etaMinus = T.CreateTruncating(_options.EtaMinus);
            var etaPlus = T.CreateTruncating(_options.EtaPlus);
            var minimum = T.CreateTruncating(_options.StepSizeMin);
            var maximum = T.CreateTruncating(_options.StepSizeMax);
            for (var i = 0; i < parameters.Length; i++)
            {
                var g = gradients[i] * sign;
                var product = g * _previous[i];
                var factor = product > T.Zero ? etaPlus : product < T.Zero ? etaMinus : T.One;
                _stepSizes[i] = T.Min(T.Max(_stepSizes[i] * factor, minimum), maximum);
                if (product < T.Zero)
                {
                    g = T.Zero;
                }

                var direction = g > T.Zero ? T.One : g < T.Zero ? -T.One : T.Zero;
                parameters[i] -= direction * _stepSizes[i];
                _previous[i] = g;
            }
        }
    }
}
