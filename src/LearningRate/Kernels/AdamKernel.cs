using System.Runtime.CompilerServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Adam, AMSGrad and AdamW update as one fused pass over caller-owned spans: the functional
/// form of the Adam and AdamW optimizers (PyTorch's <c>torch.optim._functional.adam</c>).
/// </summary>
public static class AdamKernel
{
    /// <summary>
    /// Applies one Adam update in place. With the hyper-parameters and the step t of <paramref name="scalars"/>:
    /// <code>
    /// g ← −g if maximize;  g ← g + λθ unless decoupledWeightDecay;  θ ← θ(1 − γλ) if decoupledWeightDecay
    /// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   v_max ← max(v_max, v) if amsGrad
    /// θ ← θ − γ/(1 − β1^t) · m / (√(amsGrad ? v_max : v) / √(1 − β2^t) + ε)
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="firstMoment">The first moment m (PyTorch <c>exp_avg</c>), zero before the first step.</param>
    /// <param name="secondMoment">The second moment v (PyTorch <c>exp_avg_sq</c>), zero before the first step.</param>
    /// <param name="maxSecondMoment">The running maximum of v (PyTorch <c>max_exp_avg_sq</c>); ignored (may be empty) unless <paramref name="scalars"/> enable AMSGrad.</param>
    /// <param name="scalars">The hyper-parameters and step of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> firstMoment,
        Span<T> secondMoment,
        Span<T> maxSecondMoment,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(firstMoment, nameof(firstMoment));
        spans.Add(secondMoment, nameof(secondMoment));
        if (scalars.AmsGrad)
        {
            spans.Add(maxSecondMoment, nameof(maxSecondMoment));
        }

        Apply(scalars, parameters, gradients, firstMoment, secondMoment, maxSecondMoment);
    }

    /// <summary>The unchecked core, for callers that validated the spans once.</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> firstMoment, Span<T> secondMoment, Span<T> maxSecondMoment)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var target = new SpanTarget<T>(parameters, gradients, firstMoment, secondMoment, maxSecondMoment);
        Dispatch(s, ref target);
    }

    /// <summary>
    /// Builds the operator of <paramref name="s"/>'s configuration and runs it over <paramref name="target"/>; state 0
    /// is m, 1 is v, 2 is the running maximum of v (read only with AMSGrad).
    /// </summary>
    internal static void Dispatch<T, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.AmsGrad)
        {
            if (s.CoupledDecay)
            {
                target.Run(new Operator<T, On, On>(s));
            }
            else
            {
                target.Run(new Operator<T, On, Off>(s));
            }
        }
        else if (s.CoupledDecay)
        {
            target.Run(new Operator<T, Off, On>(s));
        }
        else
        {
            target.Run(new Operator<T, Off, Off>(s));
        }
    }

    /// <summary>
    /// Adam's per-step scalars: PyTorch's hyper-parameters and the step t, combined once in
    /// <see cref="double"/> and narrowed to <typeparamref name="T"/> (bias corrections 1 − β1^t and
    /// 1 − β2^t, step size γ/(1 − β1^t), decoupled decay factor 1 − γλ).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Validates and combines the hyper-parameters of update number <paramref name="step"/> (argument
        /// names and order of <c>torch.optim.Adam</c>; AdamW is <paramref name="decoupledWeightDecay"/> = true).
        /// </summary>
        /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 1e-3); finite, ≥ 0.</param>
        /// <param name="beta1">β1 (PyTorch <c>betas[0]</c>, default 0.9), the decay of m; in [0, 1).</param>
        /// <param name="beta2">β2 (PyTorch <c>betas[1]</c>, default 0.999), the decay of v; in [0, 1).</param>
        /// <param name="epsilon">ε (PyTorch <c>eps</c>, default 1e-8), added to the denominator; finite, ≥ 0.</param>
        /// <param name="weightDecay">λ (PyTorch <c>weight_decay</c>, default 0); finite, ≥ 0.</param>
        /// <param name="amsGrad">Keep the running maximum of v and divide by it (PyTorch <c>amsgrad</c>).</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <param name="decoupledWeightDecay">Decay θ directly, θ ← θ(1 − γλ), instead of adding λθ to g (AdamW).</param>
        /// <param name="step">The 1-based number t of this update (1 for the first), used by the bias corrections.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool amsGrad, bool maximize, bool decoupledWeightDecay, long step)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.UnitInterval(beta1, nameof(beta1));
            Guard.UnitInterval(beta2, nameof(beta2));
            Guard.NonNegative(epsilon, nameof(epsilon));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
            this = Unchecked(learningRate, beta1, beta2, epsilon, weightDecay, amsGrad, maximize, decoupledWeightDecay, step);
        }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T DecoupledDecayFactor { get; private init; }

        internal T OneMinusBeta1 { get; private init; }

        internal T Beta2 { get; private init; }

        internal T OneMinusBeta2 { get; private init; }

        internal T InverseBiasCorrection2Sqrt { get; private init; }

        internal T Epsilon { get; private init; }

        internal T NegativeStepSize { get; private init; }

        internal bool AmsGrad { get; private init; }

        internal bool CoupledDecay { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizers).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool amsGrad, bool maximize, bool decoupledWeightDecay, long step)
        {
            var bias1 = 1 - Math.Pow(beta1, step);
            var bias2 = 1 - Math.Pow(beta2, step);
            return new Scalars<T>
            {
                GradientSign = maximize ? -T.One : T.One,
                WeightDecay = T.CreateTruncating(weightDecay),
                DecoupledDecayFactor = T.CreateTruncating(decoupledWeightDecay ? 1 - (learningRate * weightDecay) : 1),
                OneMinusBeta1 = T.CreateTruncating(1 - beta1),
                Beta2 = T.CreateTruncating(beta2),
                OneMinusBeta2 = T.CreateTruncating(1 - beta2),
                InverseBiasCorrection2Sqrt = T.CreateTruncating(1 / Math.Sqrt(bias2)),
                Epsilon = T.CreateTruncating(epsilon),
                NegativeStepSize = T.CreateTruncating(-learningRate / bias1),
                AmsGrad = amsGrad,
                CoupledDecay = !decoupledWeightDecay && weightDecay != 0,
            };
        }
    }

    /// <summary>
    /// The element rule, in PyTorch's order of operations:
    /// <code>
    /// g ← ±g (maximize);  g ← g + λθ (coupled L2);  θ ← θ·(1 − γλ) (decoupled)
    /// m ← m + (g − m)(1 − β1);  v ← β2·v + (1 − β2)·g²;  v̂ ← max(v̂, v) (AMSGrad)
    /// θ ← θ − (γ / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
    /// </code>
    /// State 0 is m, state 1 is v, state 2 is the running maximum of v (AMSGrad only).
    /// </summary>
    private readonly struct Operator<T, TAmsGrad, TCoupledDecay>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TAmsGrad : struct, IFlag
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
            var inverseBiasCorrection2Sqrt = TVec.Create(_s.InverseBiasCorrection2Sqrt);
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
                if (TAmsGrad.IsSet)
                {
                    v = TVec.Max(TVec.Load(ref state2, i), v);
                    TVec.Store(v, ref state2, i);
                }

                var denominator = TVec.FusedMultiplyAdd(TVec.Sqrt(v), inverseBiasCorrection2Sqrt, epsilon);
                p = TVec.FusedMultiplyAdd(negativeStepSize, m / denominator, p);
                TVec.Store(p, ref parameter, i);
            }
        }
    }
}
