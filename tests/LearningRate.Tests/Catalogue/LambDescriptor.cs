using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary><see cref="Lamb{T}"/>: optax.lamb, with and without weight decay inside the trust ratio, ε_root, and maximize.</summary>
public sealed class LambDescriptor : OptimizerDescriptor<LambOptions>
{
    public override Type OptimizerType => typeof(Lamb<>);

    public override IReadOnlyList<string> PyTorchNames => ["optax.lamb"];

    /// <summary>Measured worst float error over the golden is about 3.7e-7; 5e-6·max(1, |x|) keeps a margin.</summary>
    public override double GoldenFloatTolerance => 5e-6;

    /// <summary>The trust ratio is a norm over the whole tensor: one element's update depends on every other element.</summary>
    public override bool IsElementwise => false;

    /// <summary>One row per weight-decay form (none, inside u), ε_root, maximize, ε = 0 and β1 = 0 (no bias correction of m).</summary>
    protected override IEnumerable<(string Name, LambOptions Options)> Configurations =>
    [
        ("lamb", new LambOptions { LearningRate = 0.01 }),
        ("lamb-decay", new LambOptions { LearningRate = 0.01, WeightDecay = 0.1 }),
        ("lamb-maximize-eps-root-decay", new LambOptions { LearningRate = 0.02, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-3, EpsilonRoot = 1e-4, WeightDecay = 0.05, Maximize = true }),
        ("lamb-beta1-zero-eps-zero", new LambOptions { LearningRate = 0.005, Beta1 = 0, Epsilon = 0 }),
    ];

    protected override IEnumerable<InvalidOptionCase> InvalidConfigurations =>
    [
        OutOfRange("LearningRate", "LearningRate must be a finite number >= 0; got -0.001.", () => new LambOptions { LearningRate = -1e-3 }),
        OutOfRange("LearningRate", $"LearningRate must be a finite number >= 0; got {double.NaN}.", () => new LambOptions { LearningRate = double.NaN }),
        OutOfRange("WeightDecay", "WeightDecay must be a finite number >= 0; got -0.01.", () => new LambOptions { WeightDecay = -0.01 }),
        OutOfRange("Beta1", "Beta1 must be in [0, 1); got 1.", () => new LambOptions { Beta1 = 1.0 }),
        OutOfRange("Beta2", "Beta2 must be in [0, 1); got -0.5.", () => new LambOptions { Beta2 = -0.5 }),
        OutOfRange("Epsilon", "Epsilon must be a finite number >= 0; got -1E-06.", () => new LambOptions { Epsilon = -1e-6 }),
        OutOfRange("EpsilonRoot", "EpsilonRoot must be a finite number >= 0; got -1E-08.", () => new LambOptions { EpsilonRoot = -1e-8 }),
        OutOfRange("EpsilonRoot", $"EpsilonRoot must be a finite number >= 0; got {double.PositiveInfinity}.", () => new LambOptions { EpsilonRoot = double.PositiveInfinity }),
    ];

    /// <summary>
    /// The trust ratio makes every step about γ·‖θ‖ long, so with a constant learning rate LAMB ends in a cycle whose size
    /// scales with γ‖θ‖ (measured: 4e-4 off on quad with γ = 3e-3 after 10,000 steps, 8.5e-3 on Rosenbrock). The same
    /// ratio makes it crawl near θ = 0, which the Rosenbrock valley passes: with γ = 1e-3 it is still near the origin
    /// after 20,000 steps.
    /// </summary>
    protected override IEnumerable<ConvergenceCase> ConvergenceSettings =>
    [
        Converges("lamb", ConvergenceProblem.Quad, new LambOptions { LearningRate = 3e-3 }, 10_000, 1e-3),
        Converges("lamb", ConvergenceProblem.Rosenbrock, new LambOptions { LearningRate = 3e-3 }, 10_000, 1.5e-2),
    ];

    public override IOptimizer Create<T>(LambOptions options, Memory<T> value, Memory<T> gradient) =>
        Registered(new Lamb<T>(options), value, gradient);

    public override IReferenceOptimizer Reference(LambOptions options, int length) => new LambReference(
        new LambSettings
        {
            LearningRate = options.LearningRate,
            Beta1 = options.Beta1,
            Beta2 = options.Beta2,
            Epsilon = options.Epsilon,
            EpsilonRoot = options.EpsilonRoot,
            WeightDecay = options.WeightDecay,
            Maximize = options.Maximize,
        },
        length);

    public override SpanUpdate<T>? SamePrecisionReference<T>(LambOptions options, int length) =>
        new SamePrecision<T>(options, length).Step;

    /// <summary>The caller owns m and v and counts the steps.</summary>
    public override SpanUpdate<T> Functional<T>(LambOptions options, int length)
    {
        T[] m = new T[length], v = new T[length];
        long step = 0;
        return (parameters, gradients) => LambKernel.Update<T>(
            parameters,
            gradients,
            m,
            v,
            new LambKernel.Scalars<T>(options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.EpsilonRoot, options.WeightDecay, options.Maximize, ++step));
    }

    protected override LambOptions FromGolden(GoldenKwargs kwargs) => new()
    {
        LearningRate = kwargs.Number("learning_rate"),
        Beta1 = kwargs.Number("b1"),
        Beta2 = kwargs.Number("b2"),
        Epsilon = kwargs.Number("eps"),
        EpsilonRoot = kwargs.Number("eps_root"),
        WeightDecay = kwargs.Number("weight_decay"),
    };

    /// <summary>
    /// LAMB as a plain loop in <typeparamref name="T"/>, transcribing the kernel's arithmetic: 1 − β1, 1 − β2,
    /// 1/(1 − β1^t) and 1/(1 − β2^t) formed in double and rounded once to T, then per element, in this order and with
    /// these fused multiply-adds (fma(a, b, c) = a·b + c rounded once):
    /// <code>
    /// g ← g·(±1);  m ← fma(β1, m, (1 − β1)·g);  v ← fma((1 − β2)·g, g, v·β2)
    /// u ← (m·(1/(1 − β1^t))) / (√fma(v, 1/(1 − β2^t), ε_root) + ε);  u ← fma(λ, θ, u) (λ ≠ 0)
    /// s[i mod 32] ← fma(θ, θ, s[i mod 32]);  s'[i mod 32] ← fma(u, u, s'[i mod 32])       (in double)
    /// r ← √(s0 + … + s31) / √(s'0 + … + s'31), added in that order (1 if either is 0)
    /// θ ← fma(T(−γ·r), u, θ)                                                            (u recomputed as above)
    /// </code>
    /// The optimizer must match it bit for bit at every vector width.
    /// </summary>
    private sealed class SamePrecision<T>(LambOptions options, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private const int Lanes = 32;
        private readonly T[] _firstMoment = new T[length];
        private readonly T[] _secondMoment = new T[length];
        private long _step;

        public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
        {
            _step++;
            var sign = options.Maximize ? -T.One : T.One;
            var beta1 = T.CreateTruncating(options.Beta1);
            var oneMinusBeta1 = T.CreateTruncating(1 - options.Beta1);
            var beta2 = T.CreateTruncating(options.Beta2);
            var oneMinusBeta2 = T.CreateTruncating(1 - options.Beta2);
            var inverseBiasCorrection1 = T.CreateTruncating(1 / (1 - Math.Pow(options.Beta1, _step)));
            var inverseBiasCorrection2 = T.CreateTruncating(1 / (1 - Math.Pow(options.Beta2, _step)));
            var epsilon = T.CreateTruncating(options.Epsilon);
            var epsilonRoot = T.CreateTruncating(options.EpsilonRoot);
            var weightDecay = T.CreateTruncating(options.WeightDecay);
            var parameterSums = new double[Lanes];
            var updateSums = new double[Lanes];
            for (var i = 0; i < parameters.Length; i++)
            {
                var g = gradients[i] * sign;
                _firstMoment[i] = T.FusedMultiplyAdd(beta1, _firstMoment[i], oneMinusBeta1 * g);
                _secondMoment[i] = T.FusedMultiplyAdd(oneMinusBeta2 * g, g, _secondMoment[i] * beta2);
                var p = double.CreateTruncating(parameters[i]);
                var u = double.CreateTruncating(Direction(i, parameters[i]));
                parameterSums[i % Lanes] = Math.FusedMultiplyAdd(p, p, parameterSums[i % Lanes]);
                updateSums[i % Lanes] = Math.FusedMultiplyAdd(u, u, updateSums[i % Lanes]);
            }

            double parameterSquares = 0, updateSquares = 0;
            for (var k = 0; k < Lanes; k++)
            {
                parameterSquares += parameterSums[k];
                updateSquares += updateSums[k];
            }

            var parameterNorm = Math.Sqrt(parameterSquares);
            var updateNorm = Math.Sqrt(updateSquares);
            var ratio = parameterNorm == 0 || updateNorm == 0 ? 1 : parameterNorm / updateNorm;
            var coefficient = T.CreateTruncating(-(options.LearningRate * ratio));
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] = T.FusedMultiplyAdd(coefficient, Direction(i, parameters[i]), parameters[i]);
            }

            T Direction(int i, T p)
            {
                var u = _firstMoment[i] * inverseBiasCorrection1 / (T.Sqrt(T.FusedMultiplyAdd(_secondMoment[i], inverseBiasCorrection2, epsilonRoot)) + epsilon);
                return options.WeightDecay != 0 ? T.FusedMultiplyAdd(weightDecay, p, u) : u;
            }
        }
    }
}
