using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Schedule-Free AdamW update as one fused pass over caller-owned spans: the functional form of the
/// Schedule-Free AdamW optimizer (facebookresearch/schedule_free's <c>AdamWScheduleFreeReference</c>).
/// </summary>
public static class ScheduleFreeAdamWKernel
{
    /// <summary>
    /// Applies one Schedule-Free AdamW update in place. The parameters hold y, where the gradients were taken; with
    /// the learning rate γ_k, the 1-based update number t = k + 1 and the averaging weight c of
    /// <paramref name="scalars"/> (γ_k and c from <see cref="ScheduleFreeAveraging.Next"/>):
    /// <code>
    /// g ← −g if maximize
    /// z ← z − γ_k·λ·y   (or z ← z − γ_k·λ·z if decayAtZ)
    /// v ← β2·v + (1 − β2)·g²
    /// z ← z − γ_k·g / (√(v / (1 − β2^t)) + ε)
    /// x ← (1 − c)·x + c·z
    /// y ← β1·x + (1 − β1)·z            (written to the parameters)
    /// </code>
    /// Before the first update z and x are copies of the parameters and v is zero.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The training parameters y, overwritten with the next y.</param>
    /// <param name="gradients">The gradients g at y, same length; not modified.</param>
    /// <param name="z">The base iterate z (upstream <c>state['z']</c>).</param>
    /// <param name="x">The average x (upstream <c>state['x']</c>), the parameters to evaluate.</param>
    /// <param name="secondMoment">The second moment v (upstream <c>state['exp_avg_sq']</c>), zero before the first update.</param>
    /// <param name="scalars">The hyper-parameters, learning rate, update number and averaging weight of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> z, Span<T> x, Span<T> secondMoment, in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(z, nameof(z));
        spans.Add(x, nameof(x));
        spans.Add(secondMoment, nameof(secondMoment));
        Apply(scalars, parameters, gradients, z, x, secondMoment);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizer).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> z, Span<T> x, Span<T> secondMoment)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var zs = ref MemoryMarshal.GetReference(z);
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var v = ref MemoryMarshal.GetReference(secondMoment);
        var n = parameters.Length;
        if (!s.Decays)
        {
            KernelDriver.Run(new Operator<T, Off, Off>(s), n, ref p, ref g, ref zs, ref xs, ref v);
        }
        else if (s.DecayAtZ)
        {
            KernelDriver.Run(new Operator<T, On, On>(s), n, ref p, ref g, ref zs, ref xs, ref v);
        }
        else
        {
            KernelDriver.Run(new Operator<T, On, Off>(s), n, ref p, ref g, ref zs, ref xs, ref v);
        }
    }

    /// <summary>
    /// Schedule-Free AdamW's per-update scalars: the hyper-parameters and this update's γ_k, t and c, combined once in
    /// <see cref="double"/> and narrowed to <typeparamref name="T"/> (−γ_k·λ, −γ_k, 1/√(1 − β2^t), c and 1 − c).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Validates and combines the hyper-parameters of one update (upstream names and order).</summary>
        /// <param name="learningRate">γ_k (upstream <c>lr</c> times the warmup factor: <see cref="ScheduleFreeAveraging.LearningRate"/>); finite, ≥ 0.</param>
        /// <param name="beta1">β1 (upstream <c>betas[0]</c>, default 0.9), the weight of x in y; in [0, 1].</param>
        /// <param name="beta2">β2 (upstream <c>betas[1]</c>, default 0.999), the decay of v; in [0, 1).</param>
        /// <param name="epsilon">ε (upstream <c>eps</c>, default 1e-8), added after the bias-corrected root; finite, ≥ 0.</param>
        /// <param name="weightDecay">λ (upstream <c>weight_decay</c>, default 0), decoupled, applied to z; finite, ≥ 0.</param>
        /// <param name="decayAtZ">Decay by γ_k·λ·z instead of γ_k·λ·y (upstream <c>decay_at_z</c>, default false).</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g first (not upstream; the library's common option).</param>
        /// <param name="step">t = k + 1, the 1-based number of this update in its group (upstream <c>k + 1</c>), used by the bias correction; ≥ 1.</param>
        /// <param name="averagingWeight">c (upstream <c>ckp1</c>: <see cref="ScheduleFreeAveraging.AveragingWeight"/>), the weight of z in x; in [0, 1].</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decayAtZ, bool maximize, long step, double averagingWeight)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.ClosedUnitInterval(beta1, nameof(beta1));
            Guard.UnitInterval(beta2, nameof(beta2));
            Guard.NonNegative(epsilon, nameof(epsilon));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
            Guard.ClosedUnitInterval(averagingWeight, nameof(averagingWeight));
            this = Unchecked(learningRate, beta1, beta2, epsilon, weightDecay, decayAtZ, maximize, step, averagingWeight);
        }

        internal T GradientSign { get; private init; }

        internal T NegativeLearningRateTimesDecay { get; private init; }

        internal T Beta2 { get; private init; }

        internal T OneMinusBeta2 { get; private init; }

        internal T InverseBiasCorrection2Sqrt { get; private init; }

        internal T Epsilon { get; private init; }

        internal T NegativeLearningRate { get; private init; }

        internal T AveragingWeight { get; private init; }

        internal T OneMinusAveragingWeight { get; private init; }

        internal T Beta1 { get; private init; }

        internal T OneMinusBeta1 { get; private init; }

        internal bool Decays { get; private init; }

        internal bool DecayAtZ { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizer).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decayAtZ, bool maximize, long step, double averagingWeight) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            NegativeLearningRateTimesDecay = T.CreateTruncating(-(learningRate * weightDecay)),
            Beta2 = T.CreateTruncating(beta2),
            OneMinusBeta2 = T.CreateTruncating(1 - beta2),
            InverseBiasCorrection2Sqrt = T.CreateTruncating(1 / Math.Sqrt(1 - Math.Pow(beta2, step))),
            Epsilon = T.CreateTruncating(epsilon),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
            AveragingWeight = T.CreateTruncating(averagingWeight),
            OneMinusAveragingWeight = T.CreateTruncating(1 - averagingWeight),
            Beta1 = T.CreateTruncating(beta1),
            OneMinusBeta1 = T.CreateTruncating(1 - beta1),
            Decays = weightDecay != 0,
            DecayAtZ = decayAtZ,
        };
    }

    /// <summary>
    /// The element rule, in upstream's order of operations (fma(a, b, c) = a·b + c rounded once):
    /// <code>
    /// g ← ±g;   z ← fma(−γ_kλ, y or z, z) (weight decay)
    /// v ← fma((1 − β2)·g, g, β2·v);   d = fma(√v, 1/√(1 − β2^t), ε)
    /// z ← fma(−γ_k, g/d, z);   x ← fma(c, z, (1 − c)·x);   y ← fma(1 − β1, z, β1·x)
    /// </code>
    /// State 0 is z, state 1 is x, state 2 is v.
    /// </summary>
    private readonly struct Operator<T, TDecay, TDecayAtZ>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TDecayAtZ : struct, IFlag
    {
        private readonly Scalars<T> _s = s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var gradientSign = TVec.Create(_s.GradientSign);
            var negativeLearningRateTimesDecay = TVec.Create(_s.NegativeLearningRateTimesDecay);
            var beta2 = TVec.Create(_s.Beta2);
            var oneMinusBeta2 = TVec.Create(_s.OneMinusBeta2);
            var inverseBiasCorrection2Sqrt = TVec.Create(_s.InverseBiasCorrection2Sqrt);
            var epsilon = TVec.Create(_s.Epsilon);
            var negativeLearningRate = TVec.Create(_s.NegativeLearningRate);
            var averagingWeight = TVec.Create(_s.AveragingWeight);
            var oneMinusAveragingWeight = TVec.Create(_s.OneMinusAveragingWeight);
            var beta1 = TVec.Create(_s.Beta1);
            var oneMinusBeta1 = TVec.Create(_s.OneMinusBeta1);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var g = TVec.Load(ref gradient, i) * gradientSign;
                var z = TVec.Load(ref state0, i);
                if (TDecay.IsSet)
                {
                    z = TVec.FusedMultiplyAdd(negativeLearningRateTimesDecay, TDecayAtZ.IsSet ? z : TVec.Load(ref parameter, i), z);
                }

                var v = TVec.FusedMultiplyAdd(oneMinusBeta2 * g, g, TVec.Load(ref state2, i) * beta2);
                var denominator = TVec.FusedMultiplyAdd(TVec.Sqrt(v), inverseBiasCorrection2Sqrt, epsilon);
                z = TVec.FusedMultiplyAdd(negativeLearningRate, g / denominator, z);
                var x = ScheduleFreeInterpolation.Average<T, TVec>(TVec.Load(ref state1, i), z, averagingWeight, oneMinusAveragingWeight);
                TVec.Store(v, ref state2, i);
                TVec.Store(z, ref state0, i);
                TVec.Store(x, ref state1, i);
                TVec.Store(ScheduleFreeInterpolation.Interpolate<T, TVec>(x, z, beta1, oneMinusBeta1), ref parameter, i);
            }
        }
    }
}
