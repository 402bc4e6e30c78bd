using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Lion{T}"/>: optax.lion, with and without its decoupled weight decay, and maximize.</summary>
public sealed class LionDescriptor : OptimizerDescriptor<LionOptions>
{
    public override Type OptimizerType => typeof(Lion<>);

    public override IReadOnlyList<string> PyTorchNames => ["optax.lion"];

    /// <summary>Measured worst float error over the golden is about 4.2e-7; 5e-6·max(1, |x|) keeps a margin. The 300 noisy steps never bring c within float rounding of 0, where float and double can take opposite signs (docs/optimizers.md measures that drift on noise-free problems).</summary>
    public override double GoldenFloatTolerance => 5e-6;

    /// <summary>One row per weight-decay form (Optax's default λ, none, strong), maximize, and β1, β2 at 0.</summary>
    protected override IEnumerable<(string Name, LionOptions Options)> Configurations =>
    [
        ("lion", new LionOptions { LearningRate = 0.01 }),
        ("lion-automl-maximize", LionOptions.GoogleAutoml with { LearningRate = 0.01, Maximize = true }),
        ("lion-beta1-zero-strong-decay", new LionOptions { LearningRate = 0.02, Beta1 = 0, Beta2 = 0.9, WeightDecay = 0.5 }),
        ("lion-beta2-zero-decay-maximize", new LionOptions { LearningRate = 0.005, Beta1 = 0.5, Beta2 = 0, WeightDecay = 0.1, Maximize = true }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.0001.", () => new LionOptions { LearningRate = -1e-4 }),
        OutOfRange("LearningRate", $"LearningRate must be a finite number >= 0; got {double.PositiveInfinity}.", () => new LionOptions { LearningRate = double.PositiveInfinity }),
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -0.001.", () => new LionOptions { WeightDecay = -1e-3 }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got 1.", () => new LionOptions { Beta1 = 1.0 }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got -0.1.", () => new LionOptions { Beta1 = -0.1 }),
        OutOfRange("Beta2", "Beta2 must be in [0, 1); got 1.", () => new LionOptions { Beta2 = 1.0 }),
        OutOfRange("Beta2", $"Beta2 must be in [0, 1); got {double.NaN}.", () => new LionOptions { Beta2 = double.NaN }),
    ];

    /// <summary>
    /// Lion moves every coordinate by γ·(±1 + λθ) each step, so with a constant learning rate it ends in a cycle of
    /// amplitude about γ around the minimum (measured with γ = 1e-3: 1.1e-3 off on quad after 3,000 steps; on
    /// Rosenbrock the walk from (−1.5, 2) happens to land on (1, 1)). λ = 0, whose minimum is the problem's own.
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("lion", ConvergenceProblem.Quad, new LionOptions { LearningRate = 1e-3, WeightDecay = 0 }, 3000, 2e-3),
        Converges("lion", ConvergenceProblem.Rosenbrock, new LionOptions { LearningRate = 1e-3, WeightDecay = 0 }, 10_000, 2e-3),
    ];

    public override IOptimizer Create<T>(LionOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Lion<T>(options), value, gradient);

    public override IReferenceOptimizer Reference(LionOptions options, int length) => new LionReference(
        new LionSettings
        {
            LearningRate = options.LearningRate,
            Beta1 = options.Beta1,
            Beta2 = options.Beta2,
            WeightDecay = options.WeightDecay,
            Maximize = options.Maximize,
        },
        length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(LionOptions options, int length) =>
        new SamePrecision<T>(options, length).Step;

    /// <summary>The caller owns m; Lion's scalars do not depend on the step.</summary>
    public override SpanUpdate<T> Functional<T>(LionOptions options, int length)
    {
        var m = new T[length];
        var scalars = new LionKernel.Scalars<T>(options.LearningRate, options.Beta1, options.Beta2, options.WeightDecay, options.Maximize);
        return (parameters, gradients) => LionKernel.Update<T>(parameters, gradients, m, scalars);
    }

    protected override LionOptions FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("learning_rate"),
        Beta1 = kwargs.Number("b1"),
        Beta2 = kwargs.Number("b2"),
        WeightDecay = kwargs.Number("weight_decay"),
    };

    /// <summary>
    /// Lion as a plain loop in <typeparamref name="T"/>, transcribing the kernel's arithmetic: 1 − β1, 1 − β2 and −γ
    /// formed in double and rounded once to T, then per element, in this order and with these fused multiply-adds
    /// (fma(a, b, c) = a·b + c rounded once):
    /// <code>
    /// g ← g·(±1);  c ← fma(β1, m, (1 − β1)·g);  u ← sign(c) (+0 for ±0, NaN for NaN)
    /// m ← fma(β2, m, (1 − β2)·g);  u ← fma(λ, θ, u) (λ ≠ 0);  θ ← fma(−γ, u, θ)
    /// </code>
    /// The optimizer must match it bit for bit at every vector width.
    /// </summary>
    private sealed class SamePrecision<T>(LionOptions options, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _momentum = new T[length];

        public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
        {
            var sign = options.Maximize ? -T.One : T.One;
            var beta1 = T.CreateTruncating(options.Beta1);
            var oneMinusBeta1 = T.CreateTruncating(1 - options.Beta1);
            var beta2 = T.CreateTruncating(options.Beta2);
            var oneMinusBeta2 = T.CreateTruncating(1 - options.Beta2);
            var weightDecay = T.CreateTruncating(options.WeightDecay);
            var negativeLearningRate = T.CreateTruncating(-options.LearningRate);
            for (var i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                var g = gradients[i] * sign;
                var c = T.FusedMultiplyAdd(beta1, _momentum[i], oneMinusBeta1 * g);
                var u = c > T.Zero ? T.One : c < T.Zero ? -T.One : c == T.Zero ? T.Zero : c;
                _momentum[i] = T.FusedMultiplyAdd(beta2, _momentum[i], oneMinusBeta2 * g);
                if (options.WeightDecay != 0)
                {
                    u = T.FusedMultiplyAdd(weightDecay, p, u);
                }

                parameters[i] = T.FusedMultiplyAdd(negativeLearningRate, u, p);
            }
        }
    }
}
