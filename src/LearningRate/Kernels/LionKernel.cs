using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Lion update (Chen et al., 2023) as one fused pass over caller-owned spans: the functional form of the
/// Lion optimizer (Optax's <c>optax.lion</c>: <c>scale_by_lion</c>, <c>add_decayed_weights</c>,
/// <c>scale_by_learning_rate</c>).
/// </summary>
public static class LionKernel
{
    /// <summary>
    /// Applies one Lion update in place. With the hyper-parameters of <paramref name="scalars"/>:
    /// <code>
    /// g ← −g if maximize
    /// c = β1·m + (1 − β1)·g;   u = sign(c)          (sign(±0) = 0, sign(NaN) = NaN, as jnp.sign)
    /// m ← β2·m + (1 − β2)·g
    /// θ ← θ − γ·(u + λθ)                             (the λθ term only when λ ≠ 0)
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="momentum">The momentum m (Optax <c>mu</c>, PyTorch-style <c>exp_avg</c>), zero before the first step.</param>
    /// <param name="scalars">The hyper-parameters of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> momentum,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(momentum, nameof(momentum));
        Apply(scalars, parameters, gradients, momentum);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizer).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var m = ref MemoryMarshal.GetReference(momentum);
        var n = parameters.Length;
        if (s.Decay)
        {
            KernelDriver.Run(new Operator<T, On>(s), n, ref p, ref g, ref m, ref Unsafe.NullRef<T>(), ref Unsafe.NullRef<T>());
        }
        else
        {
            KernelDriver.Run(new Operator<T, Off>(s), n, ref p, ref g, ref m, ref Unsafe.NullRef<T>(), ref Unsafe.NullRef<T>());
        }
    }

    /// <summary>
    /// Lion's per-step scalars: the hyper-parameters, combined once in <see cref="double"/> and narrowed to
    /// <typeparamref name="T"/> (1 − β1, 1 − β2, −γ). Lion has no bias correction, so nothing depends on the step.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Validates and combines the hyper-parameters of one update (argument order of <c>optax.lion</c>, then
        /// <paramref name="maximize"/>).
        /// </summary>
        /// <param name="learningRate">γ (Optax <c>learning_rate</c>); finite, ≥ 0.</param>
        /// <param name="beta1">β1 (Optax <c>b1</c>, default 0.9), the momentum's weight in c = β1·m + (1 − β1)·g; in [0, 1).</param>
        /// <param name="beta2">β2 (Optax <c>b2</c>, default 0.99), the decay of m; in [0, 1).</param>
        /// <param name="weightDecay">λ (Optax <c>weight_decay</c>, default 1e-3), added to the sign as λθ; finite, ≥ 0.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g before anything else.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double beta1, double beta2, double weightDecay, bool maximize)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.UnitInterval(beta1, nameof(beta1));
            Guard.UnitInterval(beta2, nameof(beta2));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            this = Unchecked(learningRate, beta1, beta2, weightDecay, maximize);
        }

        internal T GradientSign { get; private init; }

        internal T Beta1 { get; private init; }

        internal T OneMinusBeta1 { get; private init; }

        internal T Beta2 { get; private init; }

        internal T OneMinusBeta2 { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T NegativeLearningRate { get; private init; }

        /// <summary>Gets a value indicating whether λ ≠ 0: Optax skips the decay term when λ is 0, so 0·θ never turns an infinite θ into NaN.</summary>
        internal bool Decay { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizer).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double beta1, double beta2, double weightDecay, bool maximize) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            Beta1 = T.CreateTruncating(beta1),
            OneMinusBeta1 = T.CreateTruncating(1 - beta1),
            Beta2 = T.CreateTruncating(beta2),
            OneMinusBeta2 = T.CreateTruncating(1 - beta2),
            WeightDecay = T.CreateTruncating(weightDecay),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
            Decay = weightDecay != 0,
        };
    }

    /// <summary>
    /// The element rule, in Optax's order of operations:
    /// <code>
    /// g ← ±g (maximize)
    /// c ← β1·m + (1 − β1)·g;   u ← sign(c), NaN where c is NaN
    /// m ← β2·m + (1 − β2)·g
    /// u ← u + λθ (λ ≠ 0);   θ ← θ + (−γ)·u
    /// </code>
    /// State 0 is m.
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
            var beta1 = TVec.Create(_s.Beta1);
            var oneMinusBeta1 = TVec.Create(_s.OneMinusBeta1);
            var beta2 = TVec.Create(_s.Beta2);
            var oneMinusBeta2 = TVec.Create(_s.OneMinusBeta2);
            var weightDecay = TVec.Create(_s.WeightDecay);
            var negativeLearningRate = TVec.Create(_s.NegativeLearningRate);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = TVec.Load(ref gradient, i) * gradientSign;
                var m = TVec.Load(ref state0, i);

                // c is formed from the old m, before m moves towards g.
                var c = TVec.FusedMultiplyAdd(beta1, m, oneMinusBeta1 * g);

                // jnp.sign keeps NaN; Sign follows torch.sign, which maps NaN to 0 and would hide a NaN gradient.
                var u = TVec.ConditionalSelect(TVec.Equals(c, c), TVec.Sign(c), c);
                m = TVec.FusedMultiplyAdd(beta2, m, oneMinusBeta2 * g);
                TVec.Store(m, ref state0, i);

                if (TDecay.IsSet)
                {
                    u = TVec.FusedMultiplyAdd(weightDecay, p, u);
                }

                p = TVec.FusedMultiplyAdd(negativeLearningRate, u, p);
                TVec.Store(p, ref parameter, i);
            }
        }
    }
}
