using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The LAMB update over caller-owned spans, as two passes over one tensor: the functional form of the LAMB optimizer
/// (Optax's <c>optax.lamb</c>: <c>scale_by_adam</c>, <c>add_decayed_weights</c>, <c>scale_by_trust_ratio</c>,
/// <c>scale_by_learning_rate</c>). The trust ratio is a norm over the whole tensor, so the update cannot be one
/// element-wise pass: the first pass moves m and v and sums ‖θ‖² and ‖u‖², the second moves θ.
/// </summary>
/// <remarks>
/// The sums are formed in <see cref="double"/> in one fixed order: element i's square (of the value in the element
/// type, widened exactly) is added with a fused multiply-add to running sum i mod 32, in index order, and the 32 sums
/// are then added in order 0..31. Every vector width (16, 8, 4 and 2 lanes) and the scalar path form exactly these
/// sums, and the first pass runs on the calling thread, so the ratio, and the update, have the same bits whatever the
/// vector width, the alignment of the spans and <see cref="KernelParallelism"/>; the second, element-wise pass may
/// use several cores.
/// </remarks>
public static class LambKernel
{
    /// <summary>
    /// The number of running sums per norm: a multiple of every vector width's lane count, and twice the widest, so
    /// that consecutive 16-lane vectors add to different sums and one addition need not wait for the previous one.
    /// </summary>
    private const int Lanes = 32;

    /// <summary>
    /// Applies one LAMB update in place. With the hyper-parameters and the step t of <paramref name="scalars"/>:
    /// <code>
    /// g ← −g if maximize
    /// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²
    /// u = (m/(1 − β1^t)) / (√(v/(1 − β2^t) + ε_root) + ε) + λθ        (λθ only when λ ≠ 0)
    /// r = ‖θ‖/‖u‖ over the whole span, or 1 when either norm is 0
    /// θ ← θ − γ·r·u
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ of one tensor, updated in place; the trust ratio is taken over all of them.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="firstMoment">The first moment m (Optax <c>mu</c>, PyTorch-style <c>exp_avg</c>), zero before the first step.</param>
    /// <param name="secondMoment">The second moment v (Optax <c>nu</c>, PyTorch-style <c>exp_avg_sq</c>), zero before the first step.</param>
    /// <param name="scalars">The hyper-parameters and step of this update.</param>
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
        if (s.Decay)
        {
            Apply<T, On>(s, parameters, gradients, firstMoment, secondMoment);
        }
        else
        {
            Apply<T, Off>(s, parameters, gradients, firstMoment, secondMoment);
        }
    }

    private static void Apply<T, TDecay>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> firstMoment, Span<T> secondMoment)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
    {
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var m = ref MemoryMarshal.GetReference(firstMoment);
        ref var v = ref MemoryMarshal.GetReference(secondMoment);
        var n = parameters.Length;

        // Sums 0..31 are ‖θ‖², 32..63 are ‖u‖²: 512 bytes of stack, nothing on the heap.
        Span<double> sums = stackalloc double[2 * Lanes];
        sums.Clear();
        RunMomentPass(new MomentPass<T, TDecay>(s), n, ref MemoryMarshal.GetReference(sums), ref p, ref g, ref m, ref v);
        var ratio = TrustRatio(Total(sums[..Lanes]), Total(sums[Lanes..]));

        // The second pass recomputes u from the new m and v and the unchanged θ, with the same operations, so it is
        // bit for bit the u the norm was taken of. Keeping u in a scratch buffer instead would move the same bytes
        // (the first pass would write u, the second read it in place of m and v) and cost one more element per
        // parameter in memory and in every snapshot; recomputing costs a division and a square root per element.
        var coefficient = T.CreateTruncating(-(s.LearningRate * ratio));
        KernelDriver.Run(new ApplyPass<T, TDecay>(s, coefficient), n, ref p, ref Unsafe.NullRef<T>(), ref m, ref v, ref Unsafe.NullRef<T>());
    }

    /// <summary>Optax's <c>scale_by_trust_ratio</c> with no minimum norm, no ε and coefficient 1: ‖θ‖/‖u‖, or 1 when either norm is 0 (NaN stays NaN).</summary>
    private static double TrustRatio(double parameterSquares, double updateSquares)
    {
        var parameterNorm = Math.Sqrt(parameterSquares);
        var updateNorm = Math.Sqrt(updateSquares);
        return parameterNorm == 0 || updateNorm == 0 ? 1 : parameterNorm / updateNorm;
    }

    /// <summary>Adds the running sums in index order.</summary>
    private static double Total(ReadOnlySpan<double> sums)
    {
        var total = 0.0;
        foreach (var sum in sums)
        {
            total += sum;
        }

        return total;
    }

    /// <summary>
    /// Runs the first pass over <c>[0, length)</c> on the calling thread: as many vectors of the widest accelerated width
    /// as fit, then at most one of each narrower width, then the last few elements one at a time. A vector at index i
    /// (always a multiple of its lane count, which divides 32) adds lane k to running sum (i + k) mod 32, so every width
    /// forms the same sums. Vectors start at index 0, not at an alignment boundary: which sum an element goes to must
    /// not depend on its address.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RunMomentPass<T, TDecay>(MomentPass<T, TDecay> pass, int length, ref double sums, ref T parameter, ref T gradient, ref T firstMoment, ref T secondMoment)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
    {
        var count = (nuint)length;
        var start = RunWholeVectors<T, TDecay, Simd512<T>>(pass, ref sums, ref parameter, ref gradient, ref firstMoment, ref secondMoment, 0, count);
        start = RunWholeVectors<T, TDecay, Simd256<T>>(pass, ref sums, ref parameter, ref gradient, ref firstMoment, ref secondMoment, start, count);
        start = RunWholeVectors<T, TDecay, Simd128<T>>(pass, ref sums, ref parameter, ref gradient, ref firstMoment, ref secondMoment, start, count);
        pass.Run<SimdScalar<T>>(ref sums, ref parameter, ref gradient, ref firstMoment, ref secondMoment, start, count);
    }

    /// <summary>Runs the first pass over as many whole <typeparamref name="TVec"/> vectors from <paramref name="start"/> as fit before <paramref name="end"/>; returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint RunWholeVectors<T, TDecay, TVec>(in MomentPass<T, TDecay> pass, ref double sums, ref T parameter, ref T gradient, ref T firstMoment, ref T secondMoment, nuint start, nuint end)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TVec : struct, ISimd<TVec, T>
    {
        if (!TVec.IsAccelerated)
        {
            return start;
        }

        var stop = start + ((end - start) / (nuint)TVec.Count * (nuint)TVec.Count);
        pass.Run<TVec>(ref sums, ref parameter, ref gradient, ref firstMoment, ref secondMoment, start, stop);
        return stop;
    }

    /// <summary>
    /// The direction u = (m·(1/(1 − β1^t))) / (√(v·(1/(1 − β2^t)) + ε_root) + ε) + λθ, shared by both passes so that
    /// they compute the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Direction<T, TVec, TDecay>(TVec p, TVec m, TVec v, TVec inverseBiasCorrection1, TVec inverseBiasCorrection2, TVec epsilonRoot, TVec epsilon, TVec weightDecay)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct, ISimd<TVec, T>
        where TDecay : struct, IFlag
    {
        var u = m * inverseBiasCorrection1 / (TVec.Sqrt(TVec.FusedMultiplyAdd(v, inverseBiasCorrection2, epsilonRoot)) + epsilon);
        return TDecay.IsSet ? TVec.FusedMultiplyAdd(weightDecay, p, u) : u;
    }

    /// <summary>
    /// Adds the square of each lane of <paramref name="x"/>, widened to double, to the running sums starting at
    /// <paramref name="sums"/> (lane k to sum k): fma(x, x, sum), one rounding, on every width.
    /// </summary>
    /// <remarks>
    /// The widths wrap a single <c>Vector512/256/128&lt;T&gt;</c> (<see cref="SimdScalar{T}"/> a single T), so the
    /// reinterpretation is free; the JIT keeps only the branch of <typeparamref name="TVec"/>. A float squared is exact
    /// in double (48 significant bits), so for float only the additions round.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSquares<T, TVec>(ref double sums, TVec x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct, ISimd<TVec, T>
    {
        if (typeof(TVec) == typeof(Simd512<float>))
        {
            var (lower, upper) = Vector512.Widen(Unsafe.As<TVec, Vector512<float>>(ref x));
            Accumulate(ref sums, 0, lower);
            Accumulate(ref sums, (nuint)Vector512<double>.Count, upper);
        }
        else if (typeof(TVec) == typeof(Simd512<double>))
        {
            Accumulate(ref sums, 0, Unsafe.As<TVec, Vector512<double>>(ref x));
        }
        else if (typeof(TVec) == typeof(Simd256<float>))
        {
            var (lower, upper) = Vector256.Widen(Unsafe.As<TVec, Vector256<float>>(ref x));
            Accumulate(ref sums, 0, lower);
            Accumulate(ref sums, (nuint)Vector256<double>.Count, upper);
        }
        else if (typeof(TVec) == typeof(Simd256<double>))
        {
            Accumulate(ref sums, 0, Unsafe.As<TVec, Vector256<double>>(ref x));
        }
        else if (typeof(TVec) == typeof(Simd128<float>))
        {
            var (lower, upper) = Vector128.Widen(Unsafe.As<TVec, Vector128<float>>(ref x));
            Accumulate(ref sums, 0, lower);
            Accumulate(ref sums, (nuint)Vector128<double>.Count, upper);
        }
        else if (typeof(TVec) == typeof(Simd128<double>))
        {
            Accumulate(ref sums, 0, Unsafe.As<TVec, Vector128<double>>(ref x));
        }
        else
        {
            var value = double.CreateTruncating(Unsafe.As<TVec, T>(ref x));
            sums = Math.FusedMultiplyAdd(value, value, sums);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref double sums, nuint offset, Vector512<double> x) =>
        Vector512.FusedMultiplyAdd(x, x, Vector512.LoadUnsafe(ref sums, offset)).StoreUnsafe(ref sums, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref double sums, nuint offset, Vector256<double> x) =>
        Vector256.FusedMultiplyAdd(x, x, Vector256.LoadUnsafe(ref sums, offset)).StoreUnsafe(ref sums, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref double sums, nuint offset, Vector128<double> x) =>
        Vector128.FusedMultiplyAdd(x, x, Vector128.LoadUnsafe(ref sums, offset)).StoreUnsafe(ref sums, offset);

    /// <summary>
    /// LAMB's per-step scalars: Optax's hyper-parameters and the step t, combined once in <see cref="double"/> and
    /// narrowed to <typeparamref name="T"/> (1 − β1, 1 − β2, the inverse bias corrections 1/(1 − β1^t) and
    /// 1/(1 − β2^t)). The learning rate stays in double until the trust ratio of the tensor is known.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Validates and combines the hyper-parameters of update number <paramref name="step"/> (argument order of
        /// <c>optax.lamb</c>, then <paramref name="maximize"/> and the step).
        /// </summary>
        /// <param name="learningRate">γ (Optax <c>learning_rate</c>); finite, ≥ 0.</param>
        /// <param name="beta1">β1 (Optax <c>b1</c>, default 0.9), the decay of m; in [0, 1).</param>
        /// <param name="beta2">β2 (Optax <c>b2</c>, default 0.999), the decay of v; in [0, 1).</param>
        /// <param name="epsilon">ε (Optax <c>eps</c>, default 1e-6), added outside the root; finite, ≥ 0.</param>
        /// <param name="epsilonRoot">ε_root (Optax <c>eps_root</c>, default 0), added inside the root; finite, ≥ 0.</param>
        /// <param name="weightDecay">λ (Optax <c>weight_decay</c>, default 0), adding λθ to u before the trust ratio; finite, ≥ 0.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g before anything else.</param>
        /// <param name="step">The 1-based number t of this update (1 for the first), used by the bias corrections.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double beta1, double beta2, double epsilon, double epsilonRoot, double weightDecay, bool maximize, long step)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.UnitInterval(beta1, nameof(beta1));
            Guard.UnitInterval(beta2, nameof(beta2));
            Guard.NonNegative(epsilon, nameof(epsilon));
            Guard.NonNegative(epsilonRoot, nameof(epsilonRoot));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
            this = Unchecked(learningRate, beta1, beta2, epsilon, epsilonRoot, weightDecay, maximize, step);
        }

        internal T GradientSign { get; private init; }

        internal T Beta1 { get; private init; }

        internal T OneMinusBeta1 { get; private init; }

        internal T Beta2 { get; private init; }

        internal T OneMinusBeta2 { get; private init; }

        internal T InverseBiasCorrection1 { get; private init; }

        internal T InverseBiasCorrection2 { get; private init; }

        internal T Epsilon { get; private init; }

        internal T EpsilonRoot { get; private init; }

        internal T WeightDecay { get; private init; }

        /// <summary>Gets γ, multiplied by the tensor's trust ratio in double before it is narrowed.</summary>
        internal double LearningRate { get; private init; }

        /// <summary>Gets a value indicating whether λ ≠ 0: Optax skips the decay term when λ is 0, so 0·θ never turns an infinite θ into NaN.</summary>
        internal bool Decay { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizer).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double beta1, double beta2, double epsilon, double epsilonRoot, double weightDecay, bool maximize, long step) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            Beta1 = T.CreateTruncating(beta1),
            OneMinusBeta1 = T.CreateTruncating(1 - beta1),
            Beta2 = T.CreateTruncating(beta2),
            OneMinusBeta2 = T.CreateTruncating(1 - beta2),
            InverseBiasCorrection1 = T.CreateTruncating(1 / (1 - Math.Pow(beta1, step))),
            InverseBiasCorrection2 = T.CreateTruncating(1 / (1 - Math.Pow(beta2, step))),
            Epsilon = T.CreateTruncating(epsilon),
            EpsilonRoot = T.CreateTruncating(epsilonRoot),
            WeightDecay = T.CreateTruncating(weightDecay),
            LearningRate = learningRate,
            Decay = weightDecay != 0,
        };
    }

    /// <summary>
    /// The first pass, in Optax's order of operations:
    /// <code>
    /// g ← ±g (maximize)
    /// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g·g;   u as <c>Direction</c>
    /// sum[i mod 32] += θ²;   sum'[i mod 32] += u²        (in double)
    /// </code>
    /// </summary>
    private readonly struct MomentPass<T, TDecay>(in Scalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
    {
        private readonly Scalars<T> _s = s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TVec>(ref double sums, ref T parameter, ref T gradient, ref T firstMoment, ref T secondMoment, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var gradientSign = TVec.Create(_s.GradientSign);
            var beta1 = TVec.Create(_s.Beta1);
            var oneMinusBeta1 = TVec.Create(_s.OneMinusBeta1);
            var beta2 = TVec.Create(_s.Beta2);
            var oneMinusBeta2 = TVec.Create(_s.OneMinusBeta2);
            var inverseBiasCorrection1 = TVec.Create(_s.InverseBiasCorrection1);
            var inverseBiasCorrection2 = TVec.Create(_s.InverseBiasCorrection2);
            var epsilonRoot = TVec.Create(_s.EpsilonRoot);
            var epsilon = TVec.Create(_s.Epsilon);
            var weightDecay = TVec.Create(_s.WeightDecay);
            ref var updateSums = ref Unsafe.Add(ref sums, Lanes);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = TVec.Load(ref gradient, i) * gradientSign;
                var m = TVec.FusedMultiplyAdd(beta1, TVec.Load(ref firstMoment, i), oneMinusBeta1 * g);
                var v = TVec.FusedMultiplyAdd(oneMinusBeta2 * g, g, TVec.Load(ref secondMoment, i) * beta2);
                TVec.Store(m, ref firstMoment, i);
                TVec.Store(v, ref secondMoment, i);
                var u = Direction<T, TVec, TDecay>(p, m, v, inverseBiasCorrection1, inverseBiasCorrection2, epsilonRoot, epsilon, weightDecay);

                var lane = i % Lanes;
                AddSquares<T, TVec>(ref Unsafe.Add(ref sums, lane), p);
                AddSquares<T, TVec>(ref Unsafe.Add(ref updateSums, lane), u);
            }
        }
    }

    /// <summary>
    /// The second pass: u again from the stored m, v and θ, then θ ← θ + (−γ·r)·u. State 0 is m, state 1 is v; the
    /// gradient is not read.
    /// </summary>
    private readonly struct ApplyPass<T, TDecay>(in Scalars<T> s, T coefficient) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
    {
        private readonly Scalars<T> _s = s;
        private readonly T _coefficient = coefficient;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var inverseBiasCorrection1 = TVec.Create(_s.InverseBiasCorrection1);
            var inverseBiasCorrection2 = TVec.Create(_s.InverseBiasCorrection2);
            var epsilonRoot = TVec.Create(_s.EpsilonRoot);
            var epsilon = TVec.Create(_s.Epsilon);
            var weightDecay = TVec.Create(_s.WeightDecay);
            var coefficient = TVec.Create(_coefficient);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var u = Direction<T, TVec, TDecay>(p, TVec.Load(ref state0, i), TVec.Load(ref state1, i), inverseBiasCorrection1, inverseBiasCorrection2, epsilonRoot, epsilon, weightDecay);
                TVec.Store(TVec.FusedMultiplyAdd(coefficient, u, p), ref parameter, i);
            }
        }
    }
}
