using System.Runtime.CompilerServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The NAdam update (Adam with Nesterov momentum and Dozat's momentum schedule, optionally with decoupled weight decay)
/// as one fused pass over caller-owned spans: the functional form of the NAdam optimizer (PyTorch's
/// <c>torch.optim._functional.nadam</c>).
/// </summary>
public static class NAdamKernel
{
    /// <summary>
    /// Applies one NAdam update in place. With the hyper-parameters, the step t and the momentum product Πμ of
    /// <paramref name="scalars"/> (Πμ already includes this step's μ_t):
    /// <code>
    /// g ← −g if maximize;  g ← g + λθ unless decoupledWeightDecay;  θ ← θ(1 − γλ) if decoupledWeightDecay
    /// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   d = √(v / (1 − β2^t)) + ε
    /// θ ← θ − γ(1 − μ_t)/(1 − Πμ) · g/d − γ·μ_{t+1}/(1 − Πμ·μ_{t+1}) · m/d
    /// </code>
    /// The caller keeps Πμ between updates: pass <see cref="Scalars{T}.MuProduct"/> of this update to the next one.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="firstMoment">The first moment m (PyTorch <c>exp_avg</c>), zero before the first step.</param>
    /// <param name="secondMoment">The second moment v (PyTorch <c>exp_avg_sq</c>), zero before the first step.</param>
    /// <param name="scalars">The hyper-parameters, step and momentum product of this update.</param>
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
        if (s.CoupledDecay)
        {
            target.Run(new Operator<T, On>(s));
        }
        else
        {
            target.Run(new Operator<T, Off>(s));
        }
    }

    /// <summary>
    /// NAdam's per-step scalars: PyTorch's hyper-parameters, the step t and the momentum product, combined once in
    /// <see cref="double"/> and narrowed to <typeparamref name="T"/> (μ_t = β1(1 − ½·0.96^(tψ)), μ_{t+1}, the two step
    /// coefficients −γ(1 − μ_t)/(1 − Πμ) and −γμ_{t+1}/(1 − Πμ·μ_{t+1}), the bias correction 1 − β2^t and the decoupled
    /// decay factor 1 − γλ). The updated product <see cref="MuProduct"/> stays in double.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Validates and combines the hyper-parameters of update number <paramref name="step"/> (argument names and
        /// order of <c>torch.optim.NAdam</c>, then the step and PyTorch's <c>mu_product</c> state).
        /// </summary>
        /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 2e-3); finite, ≥ 0.</param>
        /// <param name="beta1">β1 (PyTorch <c>betas[0]</c>, default 0.9), the decay of m and the scale of μ_t; in [0, 1).</param>
        /// <param name="beta2">β2 (PyTorch <c>betas[1]</c>, default 0.999), the decay of v; in [0, 1).</param>
        /// <param name="epsilon">ε (PyTorch <c>eps</c>, default 1e-8), added to the bias-corrected root; finite, ≥ 0.</param>
        /// <param name="weightDecay">λ (PyTorch <c>weight_decay</c>, default 0); finite, ≥ 0.</param>
        /// <param name="momentumDecay">ψ (PyTorch <c>momentum_decay</c>, default 4e-3), the speed of the μ schedule; finite, ≥ 0.</param>
        /// <param name="decoupledWeightDecay">Decay θ directly, θ ← θ(1 − γλ), instead of adding λθ to g (NAdamW).</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <param name="step">The 1-based number t of this update (1 for the first), used by μ_t, μ_{t+1} and the bias correction.</param>
        /// <param name="muProduct">
        /// Πμ of the updates before this one (PyTorch <c>mu_product</c>: 1 before the first update, then the previous
        /// update's <see cref="MuProduct"/>); in [0, 1].
        /// </param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, double momentumDecay, bool decoupledWeightDecay, bool maximize, long step, double muProduct)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.UnitInterval(beta1, nameof(beta1));
            Guard.UnitInterval(beta2, nameof(beta2));
            Guard.NonNegative(epsilon, nameof(epsilon));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            Guard.NonNegative(momentumDecay, nameof(momentumDecay));
            ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
            Guard.ClosedUnitInterval(muProduct, nameof(muProduct));
            this = Unchecked(learningRate, beta1, beta2, epsilon, weightDecay, momentumDecay, decoupledWeightDecay, maximize, step, muProduct);
        }

        /// <summary>
        /// Gets Πμ after this update, μ_1·…·μ_t in <see cref="double"/> (PyTorch's <c>mu_product</c> once it has been
        /// multiplied by μ_t): the value to keep and pass as <c>muProduct</c> to the next update.
        /// </summary>
        public double MuProduct { get; private init; }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T DecoupledDecayFactor { get; private init; }

        internal T OneMinusBeta1 { get; private init; }

        internal T Beta2 { get; private init; }

        internal T OneMinusBeta2 { get; private init; }

        internal T BiasCorrection2 { get; private init; }

        internal T Epsilon { get; private init; }

        internal T GradientCoefficient { get; private init; }

        internal T MomentCoefficient { get; private init; }

        internal bool CoupledDecay { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizer).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, double momentumDecay, bool decoupledWeightDecay, bool maximize, long step, double muProduct)
        {
            double t = step;
            var mu = beta1 * (1.0 - (0.5 * Math.Pow(0.96, t * momentumDecay)));
            var muNext = beta1 * (1.0 - (0.5 * Math.Pow(0.96, (t + 1) * momentumDecay)));
            var product = muProduct * mu;
            var productNext = product * muNext;
            return new Scalars<T>
            {
                MuProduct = product,
                GradientSign = maximize ? -T.One : T.One,
                WeightDecay = T.CreateTruncating(weightDecay),
                DecoupledDecayFactor = T.CreateTruncating(decoupledWeightDecay ? 1 - (learningRate * weightDecay) : 1),
                OneMinusBeta1 = T.CreateTruncating(1 - beta1),
                Beta2 = T.CreateTruncating(beta2),
                OneMinusBeta2 = T.CreateTruncating(1 - beta2),
                BiasCorrection2 = T.CreateTruncating(1 - Math.Pow(beta2, t)),
                Epsilon = T.CreateTruncating(epsilon),
                GradientCoefficient = T.CreateTruncating(-learningRate * (1.0 - mu) / (1.0 - product)),
                MomentCoefficient = T.CreateTruncating(-learningRate * muNext / (1.0 - productNext)),
                CoupledDecay = !decoupledWeightDecay && weightDecay != 0,
            };
        }
    }

    /// <summary>
    /// The element rule, in PyTorch's order of operations:
    /// <code>
    /// g ← ±g (maximize);  g ← g + λθ (coupled L2);  θ ← θ·(1 − γλ) (decoupled)
    /// m ← m + (g − m)(1 − β1);  v ← β2·v + (1 − β2)·g²;  d ← √(v / (1 − β2^t)) + ε
    /// θ ← θ + c_g·(g/d);  θ ← θ + c_m·(m/d)
    /// </code>
    /// with c_g = −γ(1 − μ_t)/(1 − Πμ) and c_m = −γμ_{t+1}/(1 − Πμ·μ_{t+1}). State 0 is m, state 1 is v.
    /// </summary>
    private readonly struct Operator<T, TCoupledDecay>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
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
            var biasCorrection2 = TVec.Create(_s.BiasCorrection2);
            var epsilon = TVec.Create(_s.Epsilon);
            var gradientCoefficient = TVec.Create(_s.GradientCoefficient);
            var momentCoefficient = TVec.Create(_s.MomentCoefficient);
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

                // PyTorch divides inside the root (Adam divides the root by √(1 − β2^t)); the rounding follows it.
                var denominator = TVec.Sqrt(v / biasCorrection2) + epsilon;
                p = TVec.FusedMultiplyAdd(gradientCoefficient, g / denominator, p);
                p = TVec.FusedMultiplyAdd(momentCoefficient, m / denominator, p);
                TVec.Store(p, ref parameter, i);
            }
        }
    }
}
