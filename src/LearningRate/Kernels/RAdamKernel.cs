using System.Runtime.CompilerServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The RAdam update (rectified Adam, optionally with decoupled weight decay) as one fused pass over caller-owned
/// spans: the functional form of the RAdam optimizer (PyTorch's <c>torch.optim._functional.radam</c>).
/// </summary>
public static class RAdamKernel
{
    /// <summary>
    /// Applies one RAdam update in place. With the hyper-parameters and the step t of <paramref name="scalars"/>:
    /// <code>
    /// g ← −g if maximize;  g ← g + λθ unless decoupledWeightDecay;  θ ← θ(1 − γλ) if decoupledWeightDecay
    /// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   m̂ = m / (1 − β1^t)
    /// ρ∞ = 2/(1 − β2) − 1;   ρ_t = ρ∞ − 2t·β2^t / (1 − β2^t)
    /// if ρ_t &gt; 5:  r_t = √[(ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)];   θ ← θ − γ·m̂·r_t·√(1 − β2^t) / (√v + ε)
    /// else:        θ ← θ − γ·m̂
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="firstMoment">The first moment m (PyTorch <c>exp_avg</c>), zero before the first step.</param>
    /// <param name="secondMoment">The second moment v (PyTorch <c>exp_avg_sq</c>), zero before the first step; updated on every step, read only by rectified ones.</param>
    /// <param name="scalars">The hyper-parameters and step of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> firstMoment,
        Span<T> secondMoment,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(firstMoment, nameof(firstMoment));
        spans.Add(secondMoment, nameof(secondMoment));
        Apply(scalars, parameters, gradients, firstMoment, secondMoment);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizer).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> firstMoment, Span<T> secondMoment)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var target = new SpanTarget<T>(parameters, gradients, firstMoment, secondMoment);
        Dispatch(s, ref target);
    }

    /// <summary>Builds the operator of <paramref name="s"/>'s configuration and runs it over <paramref name="target"/>; state 0 is m, 1 is v.</summary>
    internal static void Dispatch<T, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.Rectified)
        {
            WithRectification<T, On, TTarget>(s, ref target);
        }
        else
        {
            WithRectification<T, Off, TTarget>(s, ref target);
        }
    }

    // One generic level per flag keeps the dispatch to two calls per level instead of one call per combination.
    private static void WithRectification<T, TRectified, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRectified : struct, IFlag
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.CoupledDecay)
        {
            target.Run(new Operator<T, TRectified, On>(s));
        }
        else
        {
            target.Run(new Operator<T, TRectified, Off>(s));
        }
    }

    /// <summary>
    /// RAdam's per-step scalars: PyTorch's hyper-parameters and the step t, combined once in <see cref="double"/> and
    /// narrowed to <typeparamref name="T"/> (the bias corrections 1 − β1^t and 1 − β2^t, ρ∞ and ρ_t, the choice of
    /// branch ρ_t &gt; 5, the rectification r_t folded into the step size, the decoupled decay factor 1 − γλ).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Validates and combines the hyper-parameters of update number <paramref name="step"/> (argument names and
        /// order of <c>torch.optim.RAdam</c>, then the step).
        /// </summary>
        /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 1e-3); finite, ≥ 0.</param>
        /// <param name="beta1">β1 (PyTorch <c>betas[0]</c>, default 0.9), the decay of m; in [0, 1).</param>
        /// <param name="beta2">β2 (PyTorch <c>betas[1]</c>, default 0.999), the decay of v; in [0, 1).</param>
        /// <param name="epsilon">ε (PyTorch <c>eps</c>, default 1e-8), added to √v before the bias correction; finite, ≥ 0.</param>
        /// <param name="weightDecay">λ (PyTorch <c>weight_decay</c>, default 0); finite, ≥ 0.</param>
        /// <param name="decoupledWeightDecay">Decay θ directly, θ ← θ(1 − γλ), instead of adding λθ to g (RAdamW).</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <param name="step">The 1-based number t of this update (1 for the first), used by the bias corrections and ρ_t.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupledWeightDecay, bool maximize, long step)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.UnitInterval(beta1, nameof(beta1));
            Guard.UnitInterval(beta2, nameof(beta2));
            Guard.NonNegative(epsilon, nameof(epsilon));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
            this = Unchecked(learningRate, beta1, beta2, epsilon, weightDecay, decoupledWeightDecay, maximize, step);
        }

        /// <summary>
        /// Gets a value indicating whether this update is rectified (ρ_t &gt; 5, strictly): it divides by √v + ε.
        /// Otherwise it is SGD with bias-corrected momentum and reads no second moment (v is still updated).
        /// </summary>
        public bool Rectified { get; private init; }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T DecoupledDecayFactor { get; private init; }

        internal T OneMinusBeta1 { get; private init; }

        internal T Beta2 { get; private init; }

        internal T OneMinusBeta2 { get; private init; }

        internal T Epsilon { get; private init; }

        internal T NegativeStepSize { get; private init; }

        internal bool CoupledDecay { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizer).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupledWeightDecay, bool maximize, long step)
        {
            double t = step;
            var biasCorrection1 = 1 - Math.Pow(beta1, t);
            var beta2Power = Math.Pow(beta2, t);
            var biasCorrection2 = 1 - beta2Power;
            var rhoInfinity = (2 / (1 - beta2)) - 1;
            var rhoT = rhoInfinity - (2 * t * beta2Power / biasCorrection2);
            var rectified = rhoT > 5.0;

            // Rectified: θ ← θ − (γ·r_t·√(1 − β2^t)/(1 − β1^t))·m/(√v + ε); otherwise θ ← θ − (γ/(1 − β1^t))·m.
            var stepSize = learningRate / biasCorrection1;
            if (rectified)
            {
                var rectification = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rhoT));
                stepSize *= rectification * Math.Sqrt(biasCorrection2);
            }

            return new Scalars<T>
            {
                Rectified = rectified,
                GradientSign = maximize ? -T.One : T.One,
                WeightDecay = T.CreateTruncating(weightDecay),
                DecoupledDecayFactor = T.CreateTruncating(decoupledWeightDecay ? 1 - (learningRate * weightDecay) : 1),
                OneMinusBeta1 = T.CreateTruncating(1 - beta1),
                Beta2 = T.CreateTruncating(beta2),
                OneMinusBeta2 = T.CreateTruncating(1 - beta2),
                Epsilon = T.CreateTruncating(epsilon),
                NegativeStepSize = T.CreateTruncating(-stepSize),
                CoupledDecay = !decoupledWeightDecay && weightDecay != 0,
            };
        }
    }

    /// <summary>
    /// The element rule, in PyTorch's order of operations:
    /// <code>
    /// g ← ±g (maximize);  g ← g + λθ (coupled L2);  θ ← θ·(1 − γλ) (decoupled)
    /// m ← m + (g − m)(1 − β1);  v ← β2·v + (1 − β2)·g²
    /// rectified:  θ ← θ − s·m/(√v + ε),  s = γ·r_t·√(1 − β2^t)/(1 − β1^t)
    /// otherwise:  θ ← θ − s·m,           s = γ/(1 − β1^t)
    /// </code>
    /// State 0 is m, state 1 is v.
    /// </summary>
    private readonly struct Operator<T, TRectified, TCoupledDecay>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRectified : struct, IFlag
        where TCoupledDecay : struct, IFlag
    {
        private readonly Scalars<T> _s = s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var gradientSign = TVec.Create(_s.GradientSign);
            var weightDecay = TVec.Create(_s.WeightDecay);
            var decoupledDecayFactor = TVec.Create(_s.DecoupledDecayFactor);
            var oneMinusBeta1 = TVec.Create(_s.OneMinusBeta1);
            var beta2 = TVec.Create(_s.Beta2);
            var oneMinusBeta2 = TVec.Create(_s.OneMinusBeta2);
            var epsilon = TVec.Create(_s.Epsilon);
            var negativeStepSize = TVec.Create(_s.NegativeStepSize);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = GradientPreamble.Apply<T, TVec, TCoupledDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

                p *= decoupledDecayFactor;
                var m = TVec.Load(ref state0, i);
                var v = TVec.Load(ref state1, i);
                m = TVec.FusedMultiplyAdd(g - m, oneMinusBeta1, m);
                v = TVec.FusedMultiplyAdd(oneMinusBeta2 * g, g, v * beta2);
                TVec.Store(m, ref state0, i);
                TVec.Store(v, ref state1, i);

                // Until ρ_t exceeds 5 the variance of the adaptive term is intractable: no second moment in the step.
                var direction = TRectified.IsSet ? m / (TVec.Sqrt(v) + epsilon) : m;
                p = TVec.FusedMultiplyAdd(negativeStepSize, direction, p);
                TVec.Store(p, ref parameter, i);
            }
        }
    }
}
