using System.Runtime.CompilerServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Adadelta update as one fused pass over caller-owned spans: the functional form of the Adadelta
/// optimizer (PyTorch's <c>torch.optim._functional.adadelta</c>).
/// </summary>
public static class AdadeltaKernel
{
    /// <summary>
    /// Applies one Adadelta update in place. With the hyper-parameters of <paramref name="scalars"/>:
    /// <code>
    /// g ← −g if maximize;  g ← g + λθ
    /// v ← ρ·v + (1 − ρ)·g²
    /// Δ = √(u + ε) / √(v + ε) · g          (u from the previous update)
    /// u ← ρ·u + (1 − ρ)·Δ²
    /// θ ← θ − γ·Δ
    /// </code>
    /// No step count enters the rule.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="squareAverage">The average of squared gradients v (PyTorch <c>square_avg</c>), zero before the first update.</param>
    /// <param name="deltaAverage">The average of squared updates u (PyTorch <c>acc_delta</c>), zero before the first update.</param>
    /// <param name="scalars">The hyper-parameters of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> squareAverage,
        Span<T> deltaAverage,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(squareAverage, nameof(squareAverage));
        spans.Add(deltaAverage, nameof(deltaAverage));
        Apply(scalars, parameters, gradients, squareAverage, deltaAverage);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizers).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> squareAverage, Span<T> deltaAverage)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var target = new SpanTarget<T>(parameters, gradients, squareAverage, deltaAverage);
        Dispatch(s, ref target);
    }

    /// <summary>
    /// Builds the operator of <paramref name="s"/>'s configuration and runs it over <paramref name="target"/>; state 0
    /// is the average of g², 1 the average of Δ².
    /// </summary>
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
    /// Adadelta's per-step scalars: PyTorch's hyper-parameters combined once in <see cref="double"/> and
    /// narrowed to <typeparamref name="T"/> (the complement 1 − ρ and the negated learning rate −γ).
    /// Adadelta has no step-dependent term, so one value serves every step with the same hyper-parameters.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Validates and combines the hyper-parameters of one update (argument names and order of <c>torch.optim.Adadelta</c>).</summary>
        /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 1.0), a multiplier on Δ; finite, ≥ 0.</param>
        /// <param name="rho">ρ (PyTorch <c>rho</c>, default 0.9), the decay of v and u; in [0, 1].</param>
        /// <param name="epsilon">ε (PyTorch <c>eps</c>, default 1e-6), added inside both roots; finite, ≥ 0.</param>
        /// <param name="weightDecay">λ (PyTorch <c>weight_decay</c>, default 0), adding λθ to g; finite, ≥ 0.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double rho, double epsilon, double weightDecay, bool maximize)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.ClosedUnitInterval(rho, nameof(rho));
            Guard.NonNegative(epsilon, nameof(epsilon));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            this = Unchecked(learningRate, rho, epsilon, weightDecay, maximize);
        }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T Rho { get; private init; }

        internal T OneMinusRho { get; private init; }

        internal T Epsilon { get; private init; }

        internal T NegativeLearningRate { get; private init; }

        internal bool Decay { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizers).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double rho, double epsilon, double weightDecay, bool maximize) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            WeightDecay = T.CreateTruncating(weightDecay),
            Rho = T.CreateTruncating(rho),
            OneMinusRho = T.CreateTruncating(1 - rho),
            Epsilon = T.CreateTruncating(epsilon),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
            Decay = weightDecay != 0,
        };
    }

    /// <summary>
    /// The Adadelta element rule, in PyTorch's order of operations:
    /// <code>
    /// g ← ±g (maximize);  g ← g + λθ (weight decay)
    /// v ← v·ρ + (1 − ρ)·g·g
    /// std = √(v + ε);   Δ = √(u + ε) / std · g
    /// u ← u·ρ + (1 − ρ)·Δ·Δ
    /// θ ← θ + Δ·(−γ)
    /// </code>
    /// State 0 is v, state 1 is u.
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
            var rho = TVec.Create(_s.Rho);
            var oneMinusRho = TVec.Create(_s.OneMinusRho);
            var epsilon = TVec.Create(_s.Epsilon);
            var negativeLearningRate = TVec.Create(_s.NegativeLearningRate);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = GradientPreamble.Apply<T, TVec, TDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

                var v = TVec.FusedMultiplyAdd(oneMinusRho * g, g, TVec.Load(ref state0, i) * rho);
                TVec.Store(v, ref state0, i);

                // PyTorch's order: std = (v + ε).sqrt(), then Δ = (u + ε).sqrt() / std · g, with the previous u.
                var u = TVec.Load(ref state1, i);
                var delta = TVec.Sqrt(u + epsilon) / TVec.Sqrt(v + epsilon) * g;
                u = TVec.FusedMultiplyAdd(oneMinusRho * delta, delta, u * rho);
                TVec.Store(u, ref state1, i);

                p = TVec.FusedMultiplyAdd(delta, negativeLearningRate, p);
                TVec.Store(p, ref parameter, i);
            }
        }
    }
}
