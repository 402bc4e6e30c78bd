using System.Runtime.CompilerServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The averaged SGD update as one fused pass over caller-owned spans: the functional form of the
/// Asgd optimizer (PyTorch's <c>torch.optim._functional.asgd</c>). The caller keeps η and μ, which
/// <see cref="NextEta"/> and <see cref="NextMu"/> advance after each update.
/// </summary>
public static class AsgdKernel
{
    /// <summary>
    /// Applies one ASGD update in place. With the hyper-parameters and the η, μ of <paramref name="scalars"/>
    /// (λ = lambd, λ_wd the weight decay):
    /// <code>
    /// g ← −g if maximize;  g ← g + λ_wd·θ
    /// θ ← θ·(1 − λ·η);   θ ← θ − η·g
    /// ax ← ax + (θ − ax)·μ  if μ ≠ 1,  else ax ← θ
    /// </code>
    /// then, for the next update, η ← <see cref="NextEta"/>(γ, λ, α, t) and μ ← <see cref="NextMu"/>(t0, t), t being
    /// the 1-based number of the update just applied.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="average">The averaged parameters ax (PyTorch <c>ax</c>), zero before the first update.</param>
    /// <param name="scalars">The hyper-parameters, η and μ of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> average,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(average, nameof(average));
        Apply(scalars, parameters, gradients, average);
    }

    /// <summary>
    /// Computes η for the update after update number <paramref name="step"/>, as PyTorch does at the end of that update:
    /// <c>γ / (1 + λ·γ·t)^α</c>, with the learning rate γ of update <paramref name="step"/>. Before the first update η is γ.
    /// </summary>
    /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 1e-2); finite, ≥ 0.</param>
    /// <param name="lambd">λ (PyTorch <c>lambd</c>, default 1e-4); finite, ≥ 0.</param>
    /// <param name="alpha">α (PyTorch <c>alpha</c>, default 0.75), the power of the decay; finite, ≥ 0.</param>
    /// <param name="step">The 1-based number t of the update just applied; ≥ 1.</param>
    /// <returns>The η of update <paramref name="step"/> + 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
    public static double NextEta(double learningRate, double lambd, double alpha, long step)
    {
        Guard.NonNegative(learningRate, nameof(learningRate));
        Guard.NonNegative(lambd, nameof(lambd));
        Guard.NonNegative(alpha, nameof(alpha));
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        return UncheckedNextEta(learningRate, lambd, alpha, step);
    }

    /// <summary>
    /// Computes μ for the update after update number <paramref name="step"/>, as PyTorch does at the end of that update:
    /// <c>1 / max(1, t − t0)</c>. Before the first update μ is 1.
    /// </summary>
    /// <param name="t0">t0 (PyTorch <c>t0</c>, default 1e6), the step after which averaging starts; finite, ≥ 0.</param>
    /// <param name="step">The 1-based number t of the update just applied; ≥ 1.</param>
    /// <returns>The μ of update <paramref name="step"/> + 1, in (0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
    public static double NextMu(double t0, long step)
    {
        Guard.NonNegative(t0, nameof(t0));
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        return UncheckedNextMu(t0, step);
    }

    /// <summary><see cref="NextEta"/> without its checks, for the optimizer (same expression, same rounding).</summary>
    internal static double UncheckedNextEta(double learningRate, double lambd, double alpha, long step) =>
        learningRate / Math.Pow(1 + (lambd * learningRate * step), alpha);

    /// <summary><see cref="NextMu"/> without its checks, for the optimizer.</summary>
    internal static double UncheckedNextMu(double t0, long step) => 1 / Math.Max(1, step - t0);

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizer).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> average)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var target = new SpanTarget<T>(parameters, gradients, average);
        Dispatch(s, ref target);
    }

    /// <summary>Builds the operator of <paramref name="s"/>'s configuration and runs it over <paramref name="target"/>; state 0 is ax.</summary>
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

    private static void WithDecay<T, TDecay, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.Averaging)
        {
            target.Run(new Operator<T, TDecay, On>(s));
        }
        else
        {
            target.Run(new Operator<T, TDecay, Off>(s));
        }
    }

    /// <summary>
    /// ASGD's per-update scalars: PyTorch's hyper-parameters and the η and μ of this update, combined once in
    /// <see cref="double"/> and narrowed to <typeparamref name="T"/> (the shrink factor 1 − λη, the step −η, μ).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Validates and combines the hyper-parameters of one update (argument names and order of <c>torch.optim.ASGD</c>;
        /// <c>lr</c>, <c>alpha</c> and <c>t0</c> enter only through η and μ, see <see cref="NextEta"/> and <see cref="NextMu"/>).
        /// </summary>
        /// <param name="lambd">λ (PyTorch <c>lambd</c>, default 1e-4), shrinking θ by 1 − λη; finite, ≥ 0.</param>
        /// <param name="weightDecay">λ_wd (PyTorch <c>weight_decay</c>, default 0), adding λ_wd·θ to g; finite, ≥ 0.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <param name="eta">η of this update (PyTorch <c>state["eta"]</c>): the learning rate on the first update, then what <see cref="NextEta"/> gave; finite, ≥ 0.</param>
        /// <param name="mu">μ of this update (PyTorch <c>state["mu"]</c>): 1 on the first update, then what <see cref="NextMu"/> gave; in (0, 1].</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double lambd, double weightDecay, bool maximize, double eta, double mu)
        {
            Guard.NonNegative(lambd, nameof(lambd));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            Guard.NonNegative(eta, nameof(eta));
            if (!(mu > 0 && mu <= 1))
            {
                Guard.ThrowOutOfRange(nameof(mu), mu, "must be in (0, 1]");
            }

            this = Unchecked(lambd, weightDecay, maximize, eta, mu);
        }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        /// <summary>Gets 1 − λη.</summary>
        internal T DecayFactor { get; private init; }

        /// <summary>Gets −η.</summary>
        internal T NegativeEta { get; private init; }

        internal T Mu { get; private init; }

        internal bool Decay { get; private init; }

        /// <summary>Gets a value indicating whether μ ≠ 1 (PyTorch's test): ax moves towards θ instead of copying it.</summary>
        internal bool Averaging { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizer).</summary>
        internal static Scalars<T> Unchecked(double lambd, double weightDecay, bool maximize, double eta, double mu) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            WeightDecay = T.CreateTruncating(weightDecay),
            DecayFactor = T.CreateTruncating(1 - (lambd * eta)),
            NegativeEta = T.CreateTruncating(-eta),
            Mu = T.CreateTruncating(mu),
            Decay = weightDecay != 0,
            Averaging = mu != 1,
        };
    }

    /// <summary>
    /// The ASGD element rule, in PyTorch's order of operations:
    /// <code>
    /// g ← ±g (maximize);  g ← g + λ_wd·θ (weight decay)
    /// θ ← θ·(1 − λη);   θ ← θ + (−η)·g
    /// ax ← ax + (θ − ax)·μ (averaging, μ ≠ 1)   or   ax ← θ
    /// </code>
    /// State 0 is the average ax.
    /// </summary>
    private readonly struct Operator<T, TDecay, TAveraging>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TAveraging : struct, IFlag
    {
        private readonly Scalars<T> _s = s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var gradientSign = TVec.Create(_s.GradientSign);
            var weightDecay = TVec.Create(_s.WeightDecay);
            var decayFactor = TVec.Create(_s.DecayFactor);
            var negativeEta = TVec.Create(_s.NegativeEta);
            var mu = TVec.Create(_s.Mu);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = GradientPreamble.Apply<T, TVec, TDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

                p = TVec.FusedMultiplyAdd(g, negativeEta, p * decayFactor);
                TVec.Store(p, ref parameter, i);
                if (TAveraging.IsSet)
                {
                    var ax = TVec.Load(ref state0, i);
                    TVec.Store(TVec.FusedMultiplyAdd(p - ax, mu, ax), ref state0, i);
                }
                else
                {
                    TVec.Store(p, ref state0, i);
                }
            }
        }
    }
}
