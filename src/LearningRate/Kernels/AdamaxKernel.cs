using System.Runtime.CompilerServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Adamax update (Adam with the infinity norm) as one fused pass over caller-owned spans: the functional
/// form of the Adamax optimizer (PyTorch's <c>torch.optim._functional.adamax</c>).
/// </summary>
public static class AdamaxKernel
{
    /// <summary>
    /// Applies one Adamax update in place. With the hyper-parameters and the step t of <paramref name="scalars"/>:
    /// <code>
    /// g ← −g if maximize;  g ← g + λθ
    /// m ← β1·m + (1 − β1)·g;   u ← max(β2·u, |g| + ε)
    /// θ ← θ − γ/(1 − β1^t) · m/u
    /// </code>
    /// ε sits inside the max, and the max is IEEE 754 <c>maximum</c> as <c>torch.maximum</c>: a NaN on either side
    /// makes u NaN, and it stays NaN.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="firstMoment">The first moment m (PyTorch <c>exp_avg</c>), zero before the first step.</param>
    /// <param name="infinityNorm">The exponentially weighted infinity norm u (PyTorch <c>exp_inf</c>), zero before the first step.</param>
    /// <param name="scalars">The hyper-parameters and step of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> firstMoment,
        Span<T> infinityNorm,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(firstMoment, nameof(firstMoment));
        spans.Add(infinityNorm, nameof(infinityNorm));
        Apply(scalars, parameters, gradients, firstMoment, infinityNorm);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizers).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> firstMoment, Span<T> infinityNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var target = new SpanTarget<T>(parameters, gradients, firstMoment, infinityNorm);
        Dispatch(s, ref target);
    }

    /// <summary>Builds the operator of <paramref name="s"/>'s configuration and runs it over <paramref name="target"/>; state 0 is m, 1 is u.</summary>
    internal static void Dispatch<T, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.Decay)
        {
            target.Run(new Operator<T, On>(s));
        }
        else
        {
            target.Run(new Operator<T, Off>(s));
        }
    }

    /// <summary>
    /// Adamax's per-step scalars: PyTorch's hyper-parameters and the step t, combined once in
    /// <see cref="double"/> and narrowed to <typeparamref name="T"/> (the negated step size −γ/(1 − β1^t)).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Validates and combines the hyper-parameters of update number <paramref name="step"/> (argument
        /// names and order of <c>torch.optim.Adamax</c>).
        /// </summary>
        /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 2e-3); finite, ≥ 0.</param>
        /// <param name="beta1">β1 (PyTorch <c>betas[0]</c>, default 0.9), the decay of m; in [0, 1).</param>
        /// <param name="beta2">β2 (PyTorch <c>betas[1]</c>, default 0.999), the decay of u; in [0, 1).</param>
        /// <param name="epsilon">ε (PyTorch <c>eps</c>, default 1e-8), added to |g| inside the max; finite, ≥ 0.</param>
        /// <param name="weightDecay">λ (PyTorch <c>weight_decay</c>, default 0), adding λθ to g; finite, ≥ 0.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <param name="step">The 1-based number t of this update (1 for the first), used by the bias correction of m.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool maximize, long step)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.UnitInterval(beta1, nameof(beta1));
            Guard.UnitInterval(beta2, nameof(beta2));
            Guard.NonNegative(epsilon, nameof(epsilon));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
            this = Unchecked(learningRate, beta1, beta2, epsilon, weightDecay, maximize, step);
        }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T OneMinusBeta1 { get; private init; }

        internal T Beta2 { get; private init; }

        internal T Epsilon { get; private init; }

        /// <summary>Gets −γ/(1 − β1^t), PyTorch's <c>-clr</c>.</summary>
        internal T NegativeStepSize { get; private init; }

        internal bool Decay { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizers).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool maximize, long step) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            WeightDecay = T.CreateTruncating(weightDecay),
            OneMinusBeta1 = T.CreateTruncating(1 - beta1),
            Beta2 = T.CreateTruncating(beta2),
            Epsilon = T.CreateTruncating(epsilon),
            NegativeStepSize = T.CreateTruncating(-(learningRate / (1 - Math.Pow(beta1, step)))),
            Decay = weightDecay != 0,
        };
    }

    /// <summary>
    /// The Adamax element rule, in PyTorch's order of operations:
    /// <code>
    /// g ← ±g (maximize);  g ← g + λθ (weight decay)
    /// m ← m + (g − m)(1 − β1);   u ← maximum(u·β2, |g| + ε)
    /// θ ← θ + (−γ/(1 − β1^t)) · (m/u)
    /// </code>
    /// State 0 is m, state 1 is u.
    /// </summary>
    private readonly struct Operator<T, TDecay>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
    {
        private readonly Scalars<T> _s = s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var gradientSign = TVec.Create(_s.GradientSign);
            var weightDecay = TVec.Create(_s.WeightDecay);
            var oneMinusBeta1 = TVec.Create(_s.OneMinusBeta1);
            var beta2 = TVec.Create(_s.Beta2);
            var epsilon = TVec.Create(_s.Epsilon);
            var negativeStepSize = TVec.Create(_s.NegativeStepSize);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = GradientPreamble.Apply<T, TVec, TDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

                var m = TVec.Load(ref state0, i);
                m = TVec.FusedMultiplyAdd(g - m, oneMinusBeta1, m);
                TVec.Store(m, ref state0, i);

                // torch.maximum(exp_inf.mul_(β2), |g| + ε): IEEE maximum, so a NaN on either side poisons u.
                var u = TVec.Max(TVec.Load(ref state1, i) * beta2, TVec.Abs(g) + epsilon);
                TVec.Store(u, ref state1, i);

                p = TVec.FusedMultiplyAdd(negativeStepSize, m / u, p);
                TVec.Store(p, ref parameter, i);
            }
        }
    }
}
