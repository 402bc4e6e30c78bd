using System.Runtime.CompilerServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Rprop update (Rprop⁻) as one fused pass over caller-owned spans: the functional form of the
/// Rprop optimizer (PyTorch's <c>torch.optim._functional.rprop</c>).
/// </summary>
public static class RpropKernel
{
    /// <summary>
    /// Applies one Rprop update in place. With the hyper-parameters of <paramref name="scalars"/>, per element:
    /// <code>
    /// g ← −g if maximize
    /// f = η+ if g·prev &gt; 0,   η− if g·prev &lt; 0,   1 otherwise (zero or NaN: torch.sign gives 0)
    /// s ← clamp(s·f, stepSizeMin, stepSizeMax)
    /// g ← 0 where g·prev &lt; 0                       (no move after a sign flip)
    /// θ ← θ − sign(g)·s;   prev ← g
    /// </code>
    /// A NaN gradient leaves θ and s unchanged (torch.sign(NaN) is 0) and stores NaN in prev, which the next update
    /// treats as 0.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="previousGradients">The previous update's gradient prev (PyTorch <c>prev</c>), zero before the first update.</param>
    /// <param name="stepSizes">
    /// The per-element step sizes s (PyTorch <c>step_size</c>); before the first update the caller fills them with
    /// PyTorch's <c>lr</c> (default 1e-2), the initial step size.
    /// </param>
    /// <param name="scalars">The hyper-parameters of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> previousGradients,
        Span<T> stepSizes,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(previousGradients, nameof(previousGradients));
        spans.Add(stepSizes, nameof(stepSizes));
        Apply(scalars, parameters, gradients, previousGradients, stepSizes);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizer).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> previousGradients, Span<T> stepSizes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var target = new SpanTarget<T>(parameters, gradients, previousGradients, stepSizes);
        Dispatch(s, ref target);
    }

    /// <summary>Builds the operator and runs it over <paramref name="target"/>; state 0 is the previous gradient, 1 the step sizes.</summary>
    internal static void Dispatch<T, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTarget : IOperatorTarget<T>, allows ref struct =>
        target.Run(new Operator<T>(s));

    /// <summary>
    /// Rprop's per-update scalars: PyTorch's hyper-parameters narrowed once to <typeparamref name="T"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Validates and combines the hyper-parameters of one update (argument names and order of <c>torch.optim.Rprop</c>;
        /// <c>lr</c> is the caller's initial fill of the step sizes, not a per-update value).
        /// </summary>
        /// <param name="etaMinus">η− (PyTorch <c>etas[0]</c>, default 0.5), the step-size factor after a sign flip; in (0, 1).</param>
        /// <param name="etaPlus">η+ (PyTorch <c>etas[1]</c>, default 1.2), the step-size factor while the sign holds; finite, &gt; 1.</param>
        /// <param name="stepSizeMin">The smallest step size (PyTorch <c>step_sizes[0]</c>, default 1e-6); finite, ≥ 0.</param>
        /// <param name="stepSizeMax">The largest step size (PyTorch <c>step_sizes[1]</c>, default 50); finite, ≥ <paramref name="stepSizeMin"/>.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax, bool maximize)
        {
            if (!(etaMinus > 0 && etaMinus < 1))
            {
                Guard.ThrowOutOfRange(nameof(etaMinus), etaMinus, "must be in (0, 1)");
            }

            if (!(etaPlus > 1) || double.IsInfinity(etaPlus))
            {
                Guard.ThrowOutOfRange(nameof(etaPlus), etaPlus, "must be a finite number > 1");
            }

            Guard.NonNegative(stepSizeMin, nameof(stepSizeMin));
            Guard.NonNegative(stepSizeMax, nameof(stepSizeMax));
            if (stepSizeMax < stepSizeMin)
            {
                Guard.ThrowOutOfRange(nameof(stepSizeMax), stepSizeMax, $"must be >= stepSizeMin ({stepSizeMin})");
            }

            this = Unchecked(etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize);
        }

        internal T GradientSign { get; private init; }

        internal T EtaMinus { get; private init; }

        internal T EtaPlus { get; private init; }

        internal T StepSizeMin { get; private init; }

        internal T StepSizeMax { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizer).</summary>
        internal static Scalars<T> Unchecked(double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax, bool maximize) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            EtaMinus = T.CreateTruncating(etaMinus),
            EtaPlus = T.CreateTruncating(etaPlus),
            StepSizeMin = T.CreateTruncating(stepSizeMin),
            StepSizeMax = T.CreateTruncating(stepSizeMax),
        };
    }

    /// <summary>
    /// The Rprop element rule, in PyTorch's order of operations, without a branch:
    /// <code>
    /// g ← ±g (maximize);   p = g·prev
    /// f = p &gt; 0 ? η+ : p &lt; 0 ? η− : 1;   s ← clamp(s·f, min, max)
    /// g ← p &lt; 0 ? 0 : g;   θ ← θ − sign(g)·s;   prev ← g
    /// </code>
    /// PyTorch maps <c>torch.sign(p)</c> to the factor and zeroes g where the factor equals η−; comparing p with 0 is the
    /// same test (sign(p) &gt; 0 exactly when p &gt; 0, NaN included, and 0 &lt; η− &lt; 1 &lt; η+ keeps the three factors apart).
    /// State 0 is prev, state 1 the step sizes s.
    /// </summary>
    private readonly struct Operator<T>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Scalars<T> _s = s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var gradientSign = TVec.Create(_s.GradientSign);
            var etaMinus = TVec.Create(_s.EtaMinus);
            var etaPlus = TVec.Create(_s.EtaPlus);
            var stepSizeMin = TVec.Create(_s.StepSizeMin);
            var stepSizeMax = TVec.Create(_s.StepSizeMax);
            var zero = TVec.Zero;
            var one = TVec.One;
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var g = TVec.Load(ref gradient, i) * gradientSign;
                var product = g * TVec.Load(ref state0, i);
                var flipped = TVec.LessThan(product, zero);
                var factor = TVec.ConditionalSelect(TVec.GreaterThan(product, zero), etaPlus, TVec.ConditionalSelect(flipped, etaMinus, one));
                var stepSize = TVec.Clamp(TVec.Load(ref state1, i) * factor, stepSizeMin, stepSizeMax);
                TVec.Store(stepSize, ref state1, i);

                g = TVec.ConditionalSelect(flipped, zero, g);
                TVec.Store(TVec.Load(ref parameter, i) - (TVec.Sign(g) * stepSize), ref parameter, i);
                TVec.Store(g, ref state0, i);
            }
        }
    }
}
