using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Schedule-Free SGD update as one fused pass over caller-owned spans: the functional form of the
/// Schedule-Free SGD optimizer (facebookresearch/schedule_free's <c>SGDScheduleFreeReference</c>).
/// </summary>
public static class ScheduleFreeSgdKernel
{
    /// <summary>
    /// Applies one Schedule-Free SGD update in place. The parameters hold y, where the gradients were taken; with the
    /// learning rate γ_k and averaging weight c of <paramref name="scalars"/> (from <see cref="ScheduleFreeAveraging.Next"/>):
    /// <code>
    /// g ← −g if maximize;  g ← g + λ·y
    /// z ← z − γ_k·g
    /// x ← (1 − c)·x + c·z
    /// y ← β·x + (1 − β)·z              (written to the parameters)
    /// </code>
    /// Before the first update z and x are copies of the parameters (upstream clones them when it creates the state).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The training parameters y, overwritten with the next y.</param>
    /// <param name="gradients">The gradients g at y, same length; not modified.</param>
    /// <param name="z">The base iterate z (upstream <c>state['z']</c>).</param>
    /// <param name="x">The average x (upstream <c>state['x']</c>), the parameters to evaluate.</param>
    /// <param name="scalars">The hyper-parameters, learning rate and averaging weight of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> z, Span<T> x, in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(z, nameof(z));
        spans.Add(x, nameof(x));
        Apply(scalars, parameters, gradients, z, x);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizer).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> z, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var zs = ref MemoryMarshal.GetReference(z);
        ref var xs = ref MemoryMarshal.GetReference(x);
        var n = parameters.Length;
        if (s.Decays)
        {
            KernelDriver.Run(new Operator<T, On>(s), n, ref p, ref g, ref zs, ref xs, ref Unsafe.NullRef<T>());
        }
        else
        {
            KernelDriver.Run(new Operator<T, Off>(s), n, ref p, ref g, ref zs, ref xs, ref Unsafe.NullRef<T>());
        }
    }

    /// <summary>
    /// Schedule-Free SGD's per-update scalars: the hyper-parameters and this update's γ_k and c, combined once in
    /// <see cref="double"/> and narrowed to <typeparamref name="T"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Validates and combines the hyper-parameters of one update (upstream names and order).</summary>
        /// <param name="learningRate">γ_k (upstream <c>lr</c> times the warmup factor: <see cref="ScheduleFreeAveraging.LearningRate"/>); finite, ≥ 0.</param>
        /// <param name="momentum">β (upstream <c>momentum</c>, default 0.9), the weight of x in y; in (0, 1).</param>
        /// <param name="weightDecay">λ (upstream <c>weight_decay</c>, default 0), coupled L2 at y; finite, ≥ 0.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g before the weight decay (not upstream; the library's common option).</param>
        /// <param name="averagingWeight">c (upstream <c>ckp1</c>: <see cref="ScheduleFreeAveraging.AveragingWeight"/>), the weight of z in x; in [0, 1].</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double momentum, double weightDecay, bool maximize, double averagingWeight)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            if (!(momentum > 0 && momentum < 1))
            {
                Guard.ThrowOutOfRange(nameof(momentum), momentum, "must be in (0, 1)");
            }

            Guard.NonNegative(weightDecay, nameof(weightDecay));
            Guard.ClosedUnitInterval(averagingWeight, nameof(averagingWeight));
            this = Unchecked(learningRate, momentum, weightDecay, maximize, averagingWeight);
        }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T NegativeLearningRate { get; private init; }

        internal T AveragingWeight { get; private init; }

        internal T OneMinusAveragingWeight { get; private init; }

        internal T Momentum { get; private init; }

        internal bool Decays { get; private init; }

        internal T OneMinusMomentum { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizer).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double momentum, double weightDecay, bool maximize, double averagingWeight) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            WeightDecay = T.CreateTruncating(weightDecay),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
            AveragingWeight = T.CreateTruncating(averagingWeight),
            OneMinusAveragingWeight = T.CreateTruncating(1 - averagingWeight),
            Momentum = T.CreateTruncating(momentum),
            OneMinusMomentum = T.CreateTruncating(1 - momentum),
            Decays = weightDecay != 0,
        };
    }

    /// <summary>
    /// The element rule, in upstream's order of operations (fma(a, b, c) = a·b + c rounded once):
    /// <code>
    /// g ← ±g;  g ← fma(λ, y, g) (weight decay)
    /// z ← fma(−γ_k, g, z);   x ← fma(c, z, (1 − c)·x);   y ← fma(1 − β, z, β·x)
    /// </code>
    /// State 0 is z, state 1 is x.
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
            var negativeLearningRate = TVec.Create(_s.NegativeLearningRate);
            var averagingWeight = TVec.Create(_s.AveragingWeight);
            var oneMinusAveragingWeight = TVec.Create(_s.OneMinusAveragingWeight);
            var momentum = TVec.Create(_s.Momentum);
            var oneMinusMomentum = TVec.Create(_s.OneMinusMomentum);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var g = TVec.Load(ref gradient, i);
                g = GradientPreamble.Apply<T, TVec, TDecay>(g, TDecay.IsSet ? TVec.Load(ref parameter, i) : g, gradientSign, weightDecay);
                var z = TVec.FusedMultiplyAdd(negativeLearningRate, g, TVec.Load(ref state0, i));
                var x = ScheduleFreeInterpolation.Average<T, TVec>(TVec.Load(ref state1, i), z, averagingWeight, oneMinusAveragingWeight);
                TVec.Store(z, ref state0, i);
                TVec.Store(x, ref state1, i);
                TVec.Store(ScheduleFreeInterpolation.Interpolate<T, TVec>(x, z, momentum, oneMinusMomentum), ref parameter, i);
            }
        }
    }
}
