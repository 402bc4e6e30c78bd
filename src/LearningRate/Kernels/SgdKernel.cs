using System.Runtime.CompilerServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The SGD update (with momentum, dampening, Nesterov, weight decay and maximize) as one fused pass
/// over caller-owned spans: the functional form of the Sgd and Momentum optimizers
/// (PyTorch's <c>torch.optim._functional.sgd</c>).
/// </summary>
public static class SgdKernel
{
    /// <summary>
    /// Applies one SGD update in place. With the hyper-parameters of <paramref name="scalars"/> (μ the momentum, τ the dampening):
    /// <code>
    /// g ← −g if maximize;  g ← g + λθ
    /// if μ ≠ 0:  b ← g (momentumStarted = false)  or  b ← μ·b + (1 − τ)·g;   g ← g + μ·b if nesterov, else g ← b
    /// θ ← θ − γ·g
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="momentumBuffer">The velocity b (PyTorch <c>momentum_buffer</c>); ignored (may be empty) when the momentum of <paramref name="scalars"/> is 0.</param>
    /// <param name="scalars">The hyper-parameters of this update.</param>
    /// <param name="momentumStarted">
    /// <see langword="false"/> on the first update with momentum, when the buffer holds nothing yet (PyTorch's
    /// <c>None</c>): that update overwrites it with g, undampened. Pass <see langword="true"/> afterwards.
    /// </param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> momentumBuffer,
        in Scalars<T> scalars,
        bool momentumStarted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        if (scalars.UsesMomentum)
        {
            spans.Add(momentumBuffer, nameof(momentumBuffer));
        }

        Apply(scalars, parameters, gradients, momentumBuffer, momentumStarted);
    }

    /// <summary>The unchecked core, for callers that validated the spans once.</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> momentumBuffer, bool momentumStarted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Without momentum the buffer may be empty: its reference is then never dereferenced.
        var target = new SpanTarget<T>(parameters, gradients, momentumBuffer);
        Dispatch(s, momentumStarted, ref target);
    }

    /// <summary>
    /// Builds the operator of <paramref name="s"/>'s configuration (and of the first momentum step when
    /// <paramref name="momentumStarted"/> is false) and runs it over <paramref name="target"/>; state 0 is the velocity b.
    /// </summary>
    internal static void Dispatch<T, TTarget>(in Scalars<T> s, bool momentumStarted, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.Decay)
        {
            WithDecay<T, On, TTarget>(s, momentumStarted, ref target);
        }
        else
        {
            WithDecay<T, Off, TTarget>(s, momentumStarted, ref target);
        }
    }

    // One generic level per flag keeps the dispatch to two calls per level instead of one call per combination.
    private static void WithDecay<T, TDecay, TTarget>(in Scalars<T> s, bool momentumStarted, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (!s.UsesMomentum)
        {
            target.Run(new Operator<T, TDecay, Off, Off, Off>(s));
        }
        else if (momentumStarted)
        {
            WithMomentum<T, TDecay, Off, TTarget>(s, ref target);
        }
        else
        {
            WithMomentum<T, TDecay, On, TTarget>(s, ref target);
        }
    }

    private static void WithMomentum<T, TDecay, TFirst, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TFirst : struct, IFlag
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.Nesterov)
        {
            target.Run(new Operator<T, TDecay, On, TFirst, On>(s));
        }
        else
        {
            target.Run(new Operator<T, TDecay, On, TFirst, Off>(s));
        }
    }

    /// <summary>
    /// SGD's per-step scalars: PyTorch's hyper-parameters combined once in <see cref="double"/> and
    /// narrowed to <typeparamref name="T"/> (the negated learning rate −γ and the dampening factor 1 − τ).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Validates and combines the hyper-parameters of one update (argument names and order of <c>torch.optim.SGD</c>).</summary>
        /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 1e-3); finite, ≥ 0.</param>
        /// <param name="momentum">μ (PyTorch <c>momentum</c>, default 0; 0 turns momentum off); finite, ≥ 0.</param>
        /// <param name="dampening">τ (PyTorch <c>dampening</c>, default 0), scaling g by 1 − τ in the velocity; in [0, 1].</param>
        /// <param name="weightDecay">λ (PyTorch <c>weight_decay</c>, default 0), adding λθ to g; finite, ≥ 0.</param>
        /// <param name="nesterov">Nesterov momentum, g ← g + μ·b (PyTorch <c>nesterov</c>); requires μ &gt; 0 and τ = 0.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <exception cref="ArgumentOutOfRangeException">A number is outside the range given for it.</exception>
        /// <exception cref="ArgumentException"><paramref name="nesterov"/> is set with μ = 0 or τ ≠ 0.</exception>
        public Scalars(double learningRate, double momentum, double dampening, double weightDecay, bool nesterov, bool maximize)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.NonNegative(momentum, nameof(momentum));
            Guard.ClosedUnitInterval(dampening, nameof(dampening));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            if (nesterov && (momentum <= 0 || dampening != 0))
            {
                Guard.ThrowArgument(nameof(nesterov), $"Nesterov momentum requires momentum > 0 and dampening = 0; got momentum = {momentum}, dampening = {dampening}.");
            }

            this = Unchecked(learningRate, momentum, dampening, weightDecay, nesterov, maximize);
        }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T Momentum { get; private init; }

        internal T OneMinusDampening { get; private init; }

        internal T NegativeLearningRate { get; private init; }

        internal bool Decay { get; private init; }

        internal bool UsesMomentum { get; private init; }

        internal bool Nesterov { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizers).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double momentum, double dampening, double weightDecay, bool nesterov, bool maximize) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            WeightDecay = T.CreateTruncating(weightDecay),
            Momentum = T.CreateTruncating(momentum),
            OneMinusDampening = T.CreateTruncating(1 - dampening),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
            Decay = weightDecay != 0,
            UsesMomentum = momentum != 0,
            Nesterov = nesterov,
        };
    }

    /// <summary>
    /// The SGD element rule, in PyTorch's order of operations:
    /// <code>
    /// g ← ±g (maximize);  g ← g + λθ (weight decay)
    /// b ← g (first momentum step)  or  b ← μ·b + (1 − τ)·g;   d ← g + μ·b (Nesterov)  or  d ← b
    /// θ ← θ − γ·d                                               (d = g without momentum)
    /// </code>
    /// State 0 is the velocity b (momentum only).
    /// </summary>
    private readonly struct Operator<T, TDecay, TMomentum, TFirst, TNesterov>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TMomentum : struct, IFlag
        where TFirst : struct, IFlag
        where TNesterov : struct, IFlag
    {
        private readonly Scalars<T> _s = s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var gradientSign = TVec.Create(_s.GradientSign);
            var weightDecay = TVec.Create(_s.WeightDecay);
            var oneMinusDampening = TVec.Create(_s.OneMinusDampening);
            var momentum = TVec.Create(_s.Momentum);
            var negativeLearningRate = TVec.Create(_s.NegativeLearningRate);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = GradientPreamble.Apply<T, TVec, TDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

                if (TMomentum.IsSet)
                {
                    // PyTorch's buffer starts as None and the first momentum step clones g: no dampening.
                    var b = TFirst.IsSet
                        ? g
                        : TVec.FusedMultiplyAdd(g, oneMinusDampening, TVec.Load(ref state0, i) * momentum);
                    TVec.Store(b, ref state0, i);
                    g = TNesterov.IsSet ? TVec.FusedMultiplyAdd(b, momentum, g) : b;
                }

                p = TVec.FusedMultiplyAdd(g, negativeLearningRate, p);
                TVec.Store(p, ref parameter, i);
            }
        }
    }
}
