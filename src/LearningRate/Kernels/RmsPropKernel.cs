using System.Runtime.CompilerServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The RMSprop update (centered, with momentum, weight decay and maximize) as one fused pass over
/// caller-owned spans: the functional form of the RmsProp optimizer (PyTorch's <c>torch.optim._functional.rmsprop</c>).
/// </summary>
public static class RmsPropKernel
{
    /// <summary>
    /// Applies one RMSprop update in place. With the hyper-parameters of <paramref name="scalars"/> (μ the momentum):
    /// <code>
    /// g ← −g if maximize;  g ← g + λθ;   v ← α·v + (1 − α)·g²
    /// d = √v + ε,  or if centered:  ḡ ← α·ḡ + (1 − α)·g;  d = √(v − ḡ²) + ε      (√(… + ε) if epsilonInsideRoot)
    /// θ ← θ − γ·g/d,  or if μ &gt; 0:  b ← μ·b + g/d;  θ ← θ − γ·b
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="squareAverage">The average of squared gradients v (PyTorch <c>square_avg</c>), zero before the first update.</param>
    /// <param name="momentumBuffer">The velocity b (PyTorch <c>momentum_buffer</c>), zero before the first update; ignored (may be empty) when the momentum of <paramref name="scalars"/> is 0.</param>
    /// <param name="gradientAverage">The gradient average ḡ (PyTorch <c>grad_avg</c>), zero before the first update; ignored (may be empty) unless <paramref name="scalars"/> are centered.</param>
    /// <param name="scalars">The hyper-parameters of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> squareAverage,
        Span<T> momentumBuffer,
        Span<T> gradientAverage,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(squareAverage, nameof(squareAverage));
        if (scalars.UsesMomentum)
        {
            spans.Add(momentumBuffer, nameof(momentumBuffer));
        }

        if (scalars.Centered)
        {
            spans.Add(gradientAverage, nameof(gradientAverage));
        }

        Apply(scalars, parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizers).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> squareAverage, Span<T> momentumBuffer, Span<T> gradientAverage)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Unused buffers may be empty: their references are then never dereferenced.
        var target = new SpanTarget<T>(parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
        Dispatch(s, ref target);
    }

    /// <summary>
    /// Builds the operator of <paramref name="s"/>'s configuration and runs it over <paramref name="target"/>; state 0
    /// is the average of g², 1 the velocity (with momentum), 2 the average of g (centered).
    /// </summary>
    internal static void Dispatch<T, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.Decay)
        {
            WithDecay<T, On, TTarget>(s, ref target);
        }
        else
        {
            WithDecay<T, Off, TTarget>(s, ref target);
        }
    }

    // One generic level per flag keeps the dispatch to two calls per level instead of one call per combination.
    private static void WithDecay<T, TDecay, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.Centered)
        {
            WithCentering<T, TDecay, On, TTarget>(s, ref target);
        }
        else
        {
            WithCentering<T, TDecay, Off, TTarget>(s, ref target);
        }
    }

    private static void WithCentering<T, TDecay, TCentered, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TCentered : struct, IFlag
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.UsesMomentum)
        {
            WithMomentum<T, TDecay, TCentered, On, TTarget>(s, ref target);
        }
        else
        {
            WithMomentum<T, TDecay, TCentered, Off, TTarget>(s, ref target);
        }
    }

    private static void WithMomentum<T, TDecay, TCentered, TMomentum, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TCentered : struct, IFlag
        where TMomentum : struct, IFlag
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.EpsilonInsideRoot)
        {
            target.Run(new Operator<T, TDecay, TCentered, TMomentum, On>(s));
        }
        else
        {
            target.Run(new Operator<T, TDecay, TCentered, TMomentum, Off>(s));
        }
    }

    /// <summary>
    /// RMSprop's per-step scalars: PyTorch's hyper-parameters combined once in <see cref="double"/> and
    /// narrowed to <typeparamref name="T"/> (the smoothing complement 1 − α and the negated learning rate −γ).
    /// RMSprop has no step-dependent term, so one value serves every step with the same hyper-parameters.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Validates and combines the hyper-parameters of one update (argument names and order of <c>torch.optim.RMSprop</c>).</summary>
        /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 1e-2); finite, ≥ 0.</param>
        /// <param name="alpha">α (PyTorch <c>alpha</c>, default 0.99), the decay of v; in [0, 1).</param>
        /// <param name="epsilon">ε (PyTorch <c>eps</c>, default 1e-8), added to the denominator; finite, ≥ 0.</param>
        /// <param name="weightDecay">λ (PyTorch <c>weight_decay</c>, default 0), adding λθ to g; finite, ≥ 0.</param>
        /// <param name="momentum">μ (PyTorch <c>momentum</c>, default 0; 0 turns momentum off); finite, ≥ 0.</param>
        /// <param name="centered">Divide by the variance estimate v − ḡ² instead of v (PyTorch <c>centered</c>).</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <param name="epsilonInsideRoot">Divide by √(v + ε) (Keras, Optax) instead of PyTorch's √v + ε.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double alpha, double epsilon, double weightDecay, double momentum, bool centered, bool maximize, bool epsilonInsideRoot)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.UnitInterval(alpha, nameof(alpha));
            Guard.NonNegative(epsilon, nameof(epsilon));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            Guard.NonNegative(momentum, nameof(momentum));
            this = Unchecked(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize, epsilonInsideRoot);
        }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T Alpha { get; private init; }

        internal T OneMinusAlpha { get; private init; }

        internal T Epsilon { get; private init; }

        internal T Momentum { get; private init; }

        internal T NegativeLearningRate { get; private init; }

        internal bool Decay { get; private init; }

        internal bool Centered { get; private init; }

        internal bool EpsilonInsideRoot { get; private init; }

        internal bool UsesMomentum { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizers).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double alpha, double epsilon, double weightDecay, double momentum, bool centered, bool maximize, bool epsilonInsideRoot) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            WeightDecay = T.CreateTruncating(weightDecay),
            Alpha = T.CreateTruncating(alpha),
            OneMinusAlpha = T.CreateTruncating(1 - alpha),
            Epsilon = T.CreateTruncating(epsilon),
            Momentum = T.CreateTruncating(momentum),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
            Decay = weightDecay != 0,
            Centered = centered,
            EpsilonInsideRoot = epsilonInsideRoot,
            UsesMomentum = momentum > 0,
        };
    }

    /// <summary>
    /// The RMSprop element rule, in PyTorch's order of operations:
    /// <code>
    /// g ← ±g (maximize);  g ← g + λθ (weight decay)
    /// v ← α·v + (1 − α)·g²
    /// d ← √v + ε,  or centered: ḡ ← ḡ + (g − ḡ)(1 − α);  d ← √(v − ḡ²) + ε   (ε inside the root: √(… + ε))
    /// θ ← θ − γ·g/d,  or with momentum: b ← μ·b + g/d;  θ ← θ − γ·b
    /// </code>
    /// State 0 is v, state 1 the velocity b (momentum only), state 2 the gradient average ḡ (centered only).
    /// </summary>
    private readonly struct Operator<T, TDecay, TCentered, TMomentum, TEpsilonInsideRoot>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TCentered : struct, IFlag
        where TMomentum : struct, IFlag
        where TEpsilonInsideRoot : struct, IFlag
    {
        private readonly Scalars<T> _s = s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var gradientSign = TVec.Create(_s.GradientSign);
            var weightDecay = TVec.Create(_s.WeightDecay);
            var alpha = TVec.Create(_s.Alpha);
            var oneMinusAlpha = TVec.Create(_s.OneMinusAlpha);
            var epsilon = TVec.Create(_s.Epsilon);
            var momentum = TVec.Create(_s.Momentum);
            var negativeLearningRate = TVec.Create(_s.NegativeLearningRate);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = GradientPreamble.Apply<T, TVec, TDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

                var v = TVec.FusedMultiplyAdd(oneMinusAlpha * g, g, TVec.Load(ref state0, i) * alpha);
                TVec.Store(v, ref state0, i);
                if (TCentered.IsSet)
                {
                    var mean = TVec.Load(ref state2, i);
                    mean = TVec.FusedMultiplyAdd(g - mean, oneMinusAlpha, mean);
                    TVec.Store(mean, ref state2, i);
                    v = TVec.FusedMultiplyAdd(-mean, mean, v);
                }

                var scaled = g / (TEpsilonInsideRoot.IsSet ? TVec.Sqrt(v + epsilon) : TVec.Sqrt(v) + epsilon);
                if (TMomentum.IsSet)
                {
                    scaled = TVec.FusedMultiplyAdd(TVec.Load(ref state1, i), momentum, scaled);
                    TVec.Store(scaled, ref state1, i);
                }

                p = TVec.FusedMultiplyAdd(scaled, negativeLearningRate, p);
                TVec.Store(p, ref parameter, i);
            }
        }
    }
}
