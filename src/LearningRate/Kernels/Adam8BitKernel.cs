using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Adam and AdamW update with 8-bit block-wise state, as one fused pass over caller-owned spans: the functional
/// form of the Adam8Bit and AdamW8Bit optimizers (the rule of bitsandbytes' <c>Adam8bit</c> with this library's codes).
/// The state is u = √v, the root of the second moment, in the unsigned code of <see cref="BlockQuantization"/>, and
/// r = m/√v, the first moment relative to that root, in the signed code, each block with its <see cref="float"/> scale:
/// 2 bytes per parameter plus 8 bytes per block, against 8 (float) or 16 (double) for <see cref="AdamKernel"/>.
/// </summary>
/// <remarks>
/// <para>
/// Why these two quantities: the update divides m by √v, so √v is stored (half the exponent range of v, and no square
/// root is added); and a block's first moments span as many decades as its gradients, six when its second moments span
/// 1e-12 to 1, more than an 8-bit code keeps, whereas m/√v, the update itself up to the step size and the bias
/// corrections, stays within a few units (by Cauchy–Schwarz, |m|/√v ≤ (1 − β1)/√((1 − β2)(1 − β1²/β2)), 7.3 with the
/// defaults, whenever β1² &lt; β2). Its code's error is therefore an error on each element's update relative to the
/// step size, whatever the element's gradient scale; a first moment stored on its own would be rounded to 0 in a block
/// of gradients 1e-6 to 1.
/// </para>
/// <para>
/// Each block is decoded into buffers on the stack (L1), updated by the element rule of <see cref="AdamKernel"/> in the
/// parameters' precision, and encoded again with its new scales before the next block is touched: parameters,
/// gradients and codes are read and written once, 16.06 bytes per float parameter. A block whose new values include a
/// NaN gets a NaN scale (which NaN is unspecified), so NaN spreads to its block. The kernel runs on the calling thread
/// (<see cref="KernelParallelism"/> does not split it).
/// </para>
/// </remarks>
public static class Adam8BitKernel
{
    /// <summary>
    /// Applies one Adam update in place. With the hyper-parameters and the step t of <paramref name="scalars"/>, for
    /// each block: r and u are decoded (<see cref="BlockQuantization"/>), then for each element
    /// <code>
    /// m ← r·u
    /// g ← −g if maximize;  g ← g + λθ unless decoupledWeightDecay;  θ ← θ(1 − γλ) if decoupledWeightDecay
    /// m ← β1·m + (1 − β1)·g;   v ← β2·u² + (1 − β2)·g²;   u ← √v
    /// θ ← θ − γ/(1 − β1^t) · m / (u / √(1 − β2^t) + ε)
    /// r ← m/u (0 where u = 0)
    /// </code>
    /// and r and u are encoded again, each block with its new scales (the largest |r| and the largest u).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="ratioCodes">The signed codes of r = m/√v, one per parameter; zero before the first step.</param>
    /// <param name="ratioScales">The scales of r, one per block (<see cref="BlockQuantization.BlockCount"/>); zero before the first step.</param>
    /// <param name="rootCodes">The unsigned codes of u = √v, one per parameter; zero before the first step.</param>
    /// <param name="rootScales">The scales of u, one per block; zero before the first step.</param>
    /// <param name="blockSize">The block size: a power of two from 16 to 2048 (default of the optimizers: 256).</param>
    /// <param name="scalars">The hyper-parameters and step of this update.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is not a power of two from 16 to 2048.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<byte> ratioCodes,
        Span<float> ratioScales,
        Span<byte> rootCodes,
        Span<float> rootScales,
        int blockSize,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        BlockQuantization.CheckBlockSize(blockSize, nameof(blockSize));
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        var n = parameters.Length;
        ReadOnlySpan<byte> p = MemoryMarshal.AsBytes(parameters), g = MemoryMarshal.AsBytes(gradients);
        BlockQuantization.CheckState(n, blockSize, ratioCodes, nameof(ratioCodes), ratioScales, nameof(ratioScales), p, g, default);
        BlockQuantization.CheckState(n, blockSize, rootCodes, nameof(rootCodes), rootScales, nameof(rootScales), p, g, ratioCodes);
        var ratioScaleBytes = MemoryMarshal.AsBytes(ratioScales);
        if (rootCodes.Overlaps(ratioScaleBytes) || MemoryMarshal.AsBytes(rootScales).Overlaps(ratioScaleBytes))
        {
            Guard.ThrowArgument(nameof(rootScales), $"The state of u overlaps {nameof(ratioScales)}; every span must be a separate buffer.");
        }

        Apply(scalars, blockSize, parameters, gradients, ratioCodes, ratioScales, rootCodes, rootScales);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizers).</summary>
    [SkipLocalsInit]
    internal static void Apply<T>(
        in Scalars<T> s,
        int blockSize,
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<byte> ratioCodes,
        Span<float> ratioScales,
        Span<byte> rootCodes,
        Span<float> rootScales)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = parameters.Length;
        if (n == 0)
        {
            return;
        }

        // One block of r and one of u, decoded, and the lane-wise maxima of their new values: 64-byte aligned, in L1.
        var width = Math.Min(blockSize, (n + BlockDriver.MaxLanes - 1) / BlockDriver.MaxLanes * BlockDriver.MaxLanes);
        Span<T> stack = stackalloc T[(2 * width) + (2 * BlockDriver.MaxLanes) + BlockDriver.AlignmentSlack];
        ref var r = ref BlockDriver.Aligned(stack);
        ref var u = ref Unsafe.Add(ref r, width);
        ref var largest = ref Unsafe.Add(ref u, width);
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var ratioCode = ref MemoryMarshal.GetReference(ratioCodes);
        ref var ratioScale = ref MemoryMarshal.GetReference(ratioScales);
        ref var rootCode = ref MemoryMarshal.GetReference(rootCodes);
        ref var rootScale = ref MemoryMarshal.GetReference(rootScales);
        if (s.CoupledDecay)
        {
            RunBlocks(new Operator<T, On>(s), blockSize, n, ref p, ref g, ref ratioCode, ref ratioScale, ref rootCode, ref rootScale, ref r, ref u, ref largest);
        }
        else
        {
            RunBlocks(new Operator<T, Off>(s), blockSize, n, ref p, ref g, ref ratioCode, ref ratioScale, ref rootCode, ref rootScale, ref r, ref u, ref largest);
        }
    }

    /// <summary>
    /// Adam's per-step scalars: PyTorch's hyper-parameters and the step t, combined once in <see cref="double"/> and
    /// narrowed to <typeparamref name="T"/> (bias corrections 1 − β1^t and 1 − β2^t, step size γ/(1 − β1^t), decoupled
    /// decay factor 1 − γλ), as <see cref="AdamKernel.Scalars{T}"/> without AMSGrad, which the 8-bit state does not keep.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Validates and combines the hyper-parameters of update number <paramref name="step"/> (argument names and order of
        /// <c>torch.optim.Adam</c> without <c>amsgrad</c>; AdamW is <paramref name="decoupledWeightDecay"/> = true).
        /// </summary>
        /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 1e-3); finite, ≥ 0.</param>
        /// <param name="beta1">β1 (PyTorch <c>betas[0]</c>, default 0.9), the decay of m; in [0, 1).</param>
        /// <param name="beta2">β2 (PyTorch <c>betas[1]</c>, default 0.999), the decay of v; in [0, 1).</param>
        /// <param name="epsilon">ε (PyTorch <c>eps</c>, default 1e-8), added to the denominator; finite, ≥ 0.</param>
        /// <param name="weightDecay">λ (PyTorch <c>weight_decay</c>, default 0); finite, ≥ 0.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <param name="decoupledWeightDecay">Decay θ directly, θ ← θ(1 − γλ), instead of adding λθ to g (AdamW).</param>
        /// <param name="step">The 1-based number t of this update (1 for the first), used by the bias corrections.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool maximize, bool decoupledWeightDecay, long step)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.UnitInterval(beta1, nameof(beta1));
            Guard.UnitInterval(beta2, nameof(beta2));
            Guard.NonNegative(epsilon, nameof(epsilon));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
            this = Unchecked(learningRate, beta1, beta2, epsilon, weightDecay, maximize, decoupledWeightDecay, step);
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

        internal bool CoupledDecay { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizers).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool maximize, bool decoupledWeightDecay, long step)
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
                CoupledDecay = !decoupledWeightDecay && weightDecay != 0,
            };
        }
    }

    /// <summary>Runs <see cref="RunBlocksAt"/> at the widest accelerated width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunBlocks<T, TOperator>(TOperator op, int blockSize, int length, ref T parameters, ref T gradients, ref byte ratioCodes, ref float ratioScales, ref byte rootCodes, ref float rootScales, ref T r, ref T u, ref T largest)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IUpdateOperator<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            RunBlocksAt<T, TOperator, Simd512<T>, CodeLanes512>(op, blockSize, length, ref parameters, ref gradients, ref ratioCodes, ref ratioScales, ref rootCodes, ref rootScales, ref r, ref u, ref largest);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            RunBlocksAt<T, TOperator, Simd256<T>, CodeLanes256>(op, blockSize, length, ref parameters, ref gradients, ref ratioCodes, ref ratioScales, ref rootCodes, ref rootScales, ref r, ref u, ref largest);
        }
        else if (Simd128<T>.IsAccelerated)
        {
            RunBlocksAt<T, TOperator, Simd128<T>, CodeLanes128>(op, blockSize, length, ref parameters, ref gradients, ref ratioCodes, ref ratioScales, ref rootCodes, ref rootScales, ref r, ref u, ref largest);
        }
        else
        {
            RunBlocksAt<T, TOperator, SimdScalar<T>, CodeLanesScalar>(op, blockSize, length, ref parameters, ref gradients, ref ratioCodes, ref ratioScales, ref rootCodes, ref rootScales, ref r, ref u, ref largest);
        }
    }

    /// <summary>
    /// Walks the spans block by block: decodes r and u into the stack buffers <paramref name="r"/> and <paramref name="u"/>,
    /// runs the element rule over the block (which leaves the new r and u there, and their lane-wise largest magnitudes at
    /// <paramref name="largest"/>), and encodes them relative to their new scales.
    /// A full block runs every pass at one width (<typeparamref name="TVec"/>, <typeparamref name="TLanes"/>), inlined
    /// here with no call per block; a shorter last block goes through the drivers, which finish it at narrower widths.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RunBlocksAt<T, TOperator, TVec, TLanes>(TOperator op, int blockSize, int length, ref T parameters, ref T gradients, ref byte ratioCodes, ref float ratioScales, ref byte rootCodes, ref float rootScales, ref T r, ref T u, ref T largest)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IUpdateOperator<T>
        where TVec : struct, ISimd<TVec, T>
        where TLanes : struct, ICodeLanes<TLanes>
    {
        ref var largestRoots = ref Unsafe.Add(ref largest, BlockDriver.MaxLanes);
        for (int start = 0, block = 0; start < length; start += blockSize, block++)
        {
            var count = Math.Min(blockSize, length - start);
            ref var p = ref Unsafe.Add(ref parameters, start);
            ref var g = ref Unsafe.Add(ref gradients, start);
            ref var blockRatioCodes = ref Unsafe.Add(ref ratioCodes, start);
            ref var blockRootCodes = ref Unsafe.Add(ref rootCodes, start);
            ref var ratioScale = ref Unsafe.Add(ref ratioScales, block);
            ref var rootScale = ref Unsafe.Add(ref rootScales, block);
            MemoryMarshal.CreateSpan(ref largest, 2 * BlockDriver.MaxLanes).Clear();
            if (count == blockSize)
            {
                BlockQuantization.DecodeVectors<T, On, TLanes>(ref blockRatioCodes, ratioScale, ref r, count);
                BlockQuantization.DecodeVectors<T, Off, TLanes>(ref blockRootCodes, rootScale, ref u, count);
                op.Apply<TVec>(ref p, ref g, ref r, ref u, ref largest, 0, (nuint)count);
                ratioScale = BlockDriver.Largest(ref largest);
                rootScale = BlockDriver.Largest(ref largestRoots);
                BlockQuantization.EncodeVectors<T, On, TLanes>(ref r, ratioScale, ref blockRatioCodes, count);
                BlockQuantization.EncodeVectors<T, Off, TLanes>(ref u, rootScale, ref blockRootCodes, count);
            }
            else
            {
                BlockQuantization.DecodeBlock<T, On>(ref blockRatioCodes, ratioScale, ref r, count);
                BlockQuantization.DecodeBlock<T, Off>(ref blockRootCodes, rootScale, ref u, count);
                BlockDriver.Run(op, count, ref p, ref g, ref r, ref u, ref largest);
                ratioScale = BlockDriver.Largest(ref largest);
                rootScale = BlockDriver.Largest(ref largestRoots);
                BlockQuantization.EncodeBlock<T, On>(ref r, ratioScale, ref blockRatioCodes, count);
                BlockQuantization.EncodeBlock<T, Off>(ref u, rootScale, ref blockRootCodes, count);
            }
        }
    }

    /// <summary>
    /// The element rule of <see cref="AdamKernel"/> over decoded state, in PyTorch's order of operations:
    /// <code>
    /// m ← r·u
    /// g ← ±g (maximize);  g ← g + λθ (coupled L2);  θ ← θ·(1 − γλ) (decoupled)
    /// m ← m + (g − m)(1 − β1);  v ← β2·(u·u) + (1 − β2)·g²;  u ← √v
    /// θ ← θ − (γ / (1 − β1^t)) · m / (u / √(1 − β2^t) + ε)
    /// r ← m/u where u &gt; 0, else 0
    /// </code>
    /// State 0 is the decoded r, state 1 the decoded u; both are overwritten with their new values for encoding. State 2
    /// holds two lane-wise maxima of <see cref="BlockDriver.MaxLanes"/> elements, of |r| then of u, which each call raises
    /// to cover its elements (NaN propagates).
    /// </summary>
    private readonly struct Operator<T, TCoupledDecay>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
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
            var zero = TVec.Zero;
            var largestRatio = zero;
            var largestRoot = zero;
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = GradientPreamble.Apply<T, TVec, TCoupledDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

                p *= decoupledDecayFactor;
                var u = TVec.Load(ref state1, i);
                var m = TVec.Load(ref state0, i) * u;
                m = TVec.FusedMultiplyAdd(g - m, oneMinusBeta1, m);
                u = TVec.Sqrt(TVec.FusedMultiplyAdd(oneMinusBeta2 * g, g, u * u * beta2));
                var r = TVec.ConditionalSelect(TVec.GreaterThan(u, zero), m / u, zero);
                TVec.Store(r, ref state0, i);
                TVec.Store(u, ref state1, i);
                largestRatio = TVec.Max(largestRatio, TVec.Abs(r));
                largestRoot = TVec.Max(largestRoot, u);

                var denominator = TVec.FusedMultiplyAdd(u, inverseBiasCorrection2Sqrt, epsilon);
                p = TVec.FusedMultiplyAdd(negativeStepSize, m / denominator, p);
                TVec.Store(p, ref parameter, i);
            }

            ref var largestRoots = ref Unsafe.Add(ref state2, BlockDriver.MaxLanes);
            TVec.Store(TVec.Max(TVec.Load(ref state2, 0), largestRatio), ref state2, 0);
            TVec.Store(TVec.Max(TVec.Load(ref largestRoots, 0), largestRoot), ref largestRoots, 0);
        }
    }
}
