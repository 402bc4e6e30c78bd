using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// SGD with momentum (dampening, Nesterov, weight decay, maximize) with an 8-bit block-wise velocity, as one fused pass
/// over caller-owned spans: the functional form of the Momentum8Bit optimizer (the rule of <see cref="SgdKernel"/> with
/// momentum; bitsandbytes' <c>SGD8bit</c>). The velocity b is kept in the signed code of
/// <see cref="BlockQuantization"/>, each block with its <see cref="float"/> scale: 1 byte per parameter plus 4 bytes per
/// block, against 4 (float) or 8 (double).
/// </summary>
/// <remarks>
/// Each block is decoded into a buffer on the stack (L1), updated by the element rule in the parameters' precision, and
/// encoded again with its new scale before the next block is touched: 14.03 bytes per float parameter. A velocity below
/// 1.8e-5 of its block's largest is stored as 0 (that element's next update then misses at most 1.8e-5·γ·μ times the
/// block's largest velocity). A block whose new values include a NaN gets a NaN scale (which NaN is unspecified). The
/// kernel runs on the calling thread (<see cref="KernelParallelism"/> does not split it).
/// </remarks>
public static class Momentum8BitKernel
{
    /// <summary>
    /// Applies one momentum SGD update in place. With the hyper-parameters of <paramref name="scalars"/> (μ the momentum,
    /// τ the dampening), for each block: b is decoded (<see cref="BlockQuantization"/>), then for each element
    /// <code>
    /// g ← −g if maximize;  g ← g + λθ
    /// b ← g (momentumStarted = false)  or  b ← μ·b + (1 − τ)·g;   g ← g + μ·b if nesterov, else g ← b
    /// θ ← θ − γ·g
    /// </code>
    /// and b is encoded again with the block's new scale.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="momentumCodes">The signed codes of the velocity b (PyTorch <c>momentum_buffer</c>), one per parameter.</param>
    /// <param name="momentumScales">The scales of b, one per block (<see cref="BlockQuantization.BlockCount"/>).</param>
    /// <param name="blockSize">The block size: a power of two from 16 to 2048 (default of the optimizer: 256).</param>
    /// <param name="scalars">The hyper-parameters of this update.</param>
    /// <param name="momentumStarted">
    /// <see langword="false"/> on the first update, when the buffer holds nothing yet (PyTorch's <c>None</c>): that update
    /// overwrites it with g, undampened. Pass <see langword="true"/> afterwards.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is not a power of two from 16 to 2048.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<byte> momentumCodes,
        Span<float> momentumScales,
        int blockSize,
        in Scalars<T> scalars,
        bool momentumStarted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        BlockQuantization.CheckBlockSize(blockSize, nameof(blockSize));
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        BlockQuantization.CheckState(parameters.Length, blockSize, momentumCodes, nameof(momentumCodes), momentumScales, nameof(momentumScales), MemoryMarshal.AsBytes(parameters), MemoryMarshal.AsBytes(gradients), default);
        Apply(scalars, blockSize, parameters, gradients, momentumCodes, momentumScales, momentumStarted);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizer).</summary>
    [SkipLocalsInit]
    internal static void Apply<T>(in Scalars<T> s, int blockSize, Span<T> parameters, ReadOnlySpan<T> gradients, Span<byte> momentumCodes, Span<float> momentumScales, bool momentumStarted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = parameters.Length;
        if (n == 0)
        {
            return;
        }

        // One block of b, decoded, and the lane-wise maxima of its new values: 64-byte aligned, in L1.
        var width = Math.Min(blockSize, (n + BlockDriver.MaxLanes - 1) / BlockDriver.MaxLanes * BlockDriver.MaxLanes);
        Span<T> stack = stackalloc T[width + BlockDriver.MaxLanes + BlockDriver.AlignmentSlack];
        var decoded = MemoryMarshal.CreateSpan(ref BlockDriver.Aligned(stack), width + BlockDriver.MaxLanes);
        var spans = new Spans<T>(blockSize, parameters, gradients, momentumCodes, momentumScales, decoded);
        if (s.Decay)
        {
            WithDecay<T, On>(s, spans, momentumStarted);
        }
        else
        {
            WithDecay<T, Off>(s, spans, momentumStarted);
        }
    }

    // One generic level per flag keeps the dispatch to two calls per level instead of one call per combination.
    private static void WithDecay<T, TDecay>(in Scalars<T> s, in Spans<T> spans, bool momentumStarted)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
    {
        if (momentumStarted)
        {
            WithNesterov<T, TDecay, Off>(s, spans);
        }
        else
        {
            WithNesterov<T, TDecay, On>(s, spans);
        }
    }

    private static void WithNesterov<T, TDecay, TFirst>(in Scalars<T> s, in Spans<T> spans)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TFirst : struct, IFlag
    {
        if (s.Nesterov)
        {
            RunBlocks(new Operator<T, TDecay, TFirst, On>(s), spans);
        }
        else
        {
            RunBlocks(new Operator<T, TDecay, TFirst, Off>(s), spans);
        }
    }

    /// <summary>Runs <see cref="RunBlocksAt"/> at the widest accelerated width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunBlocks<T, TOperator>(TOperator op, in Spans<T> spans)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IUpdateOperator<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            RunBlocksAt<T, TOperator, Simd512<T>, CodeLanes512>(op, spans);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            RunBlocksAt<T, TOperator, Simd256<T>, CodeLanes256>(op, spans);
        }
        else if (Simd128<T>.IsAccelerated)
        {
            RunBlocksAt<T, TOperator, Simd128<T>, CodeLanes128>(op, spans);
        }
        else
        {
            RunBlocksAt<T, TOperator, SimdScalar<T>, CodeLanesScalar>(op, spans);
        }
    }

    /// <summary>
    /// Walks the spans block by block: decodes b into the stack buffer, runs the element rule (which leaves the new b
    /// there and its lane-wise largest magnitudes after it), and encodes b relative to its new scale. A full block runs
    /// every pass at one width, inlined here with no call per block; a shorter last block goes through the drivers,
    /// which finish it at narrower widths.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RunBlocksAt<T, TOperator, TVec, TLanes>(TOperator op, in Spans<T> spans)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IUpdateOperator<T>
        where TVec : struct, ISimd<TVec, T>
        where TLanes : struct, ICodeLanes<TLanes>
    {
        var blockSize = spans.BlockSize;
        var length = spans.Parameters.Length;
        ref var parameters = ref MemoryMarshal.GetReference(spans.Parameters);
        ref var gradients = ref MemoryMarshal.GetReference(spans.Gradients);
        ref var codes = ref MemoryMarshal.GetReference(spans.Codes);
        ref var scales = ref MemoryMarshal.GetReference(spans.Scales);
        ref var b = ref MemoryMarshal.GetReference(spans.Decoded);
        ref var largest = ref Unsafe.Add(ref b, spans.Decoded.Length - BlockDriver.MaxLanes);
        for (int start = 0, block = 0; start < length; start += blockSize, block++)
        {
            var count = Math.Min(blockSize, length - start);
            ref var p = ref Unsafe.Add(ref parameters, start);
            ref var g = ref Unsafe.Add(ref gradients, start);
            ref var blockCodes = ref Unsafe.Add(ref codes, start);
            ref var scale = ref Unsafe.Add(ref scales, block);
            MemoryMarshal.CreateSpan(ref largest, BlockDriver.MaxLanes).Clear();
            if (count == blockSize)
            {
                BlockQuantization.DecodeVectors<T, On, TLanes>(ref blockCodes, scale, ref b, count);
                op.Apply<TVec>(ref p, ref g, ref b, ref Unsafe.NullRef<T>(), ref largest, 0, (nuint)count);
                scale = BlockDriver.Largest(ref largest);
                BlockQuantization.EncodeVectors<T, On, TLanes>(ref b, scale, ref blockCodes, count);
            }
            else
            {
                BlockQuantization.DecodeBlock<T, On>(ref blockCodes, scale, ref b, count);
                BlockDriver.Run(op, count, ref p, ref g, ref b, ref Unsafe.NullRef<T>(), ref largest);
                scale = BlockDriver.Largest(ref largest);
                BlockQuantization.EncodeBlock<T, On>(ref b, scale, ref blockCodes, count);
            }
        }
    }

    /// <summary>
    /// Momentum SGD's per-step scalars: PyTorch's hyper-parameters combined once in <see cref="double"/> and narrowed to
    /// <typeparamref name="T"/> (the negated learning rate −γ and the dampening factor 1 − τ), as
    /// <see cref="SgdKernel.Scalars{T}"/> with the momentum required.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Validates and combines the hyper-parameters of one update (argument names and order of <c>torch.optim.SGD</c>).</summary>
        /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 1e-3); finite, ≥ 0.</param>
        /// <param name="momentum">μ (PyTorch <c>momentum</c>, default of the optimizer 0.9); finite, &gt; 0.</param>
        /// <param name="dampening">τ (PyTorch <c>dampening</c>, default 0), scaling g by 1 − τ in the velocity; in [0, 1].</param>
        /// <param name="weightDecay">λ (PyTorch <c>weight_decay</c>, default 0), adding λθ to g; finite, ≥ 0.</param>
        /// <param name="nesterov">Nesterov momentum, g ← g + μ·b (PyTorch <c>nesterov</c>); requires τ = 0.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <exception cref="ArgumentOutOfRangeException">A number is outside the range given for it.</exception>
        /// <exception cref="ArgumentException"><paramref name="nesterov"/> is set with τ ≠ 0.</exception>
        public Scalars(double learningRate, double momentum, double dampening, double weightDecay, bool nesterov, bool maximize)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.Positive(momentum, nameof(momentum));
            Guard.ClosedUnitInterval(dampening, nameof(dampening));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            if (nesterov && dampening != 0)
            {
                Guard.ThrowArgument(nameof(nesterov), $"Nesterov momentum requires dampening = 0; got dampening = {dampening}.");
            }

            this = Unchecked(learningRate, momentum, dampening, weightDecay, nesterov, maximize);
        }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T Momentum { get; private init; }

        internal T OneMinusDampening { get; private init; }

        internal T NegativeLearningRate { get; private init; }

        internal bool Decay { get; private init; }

        internal bool Nesterov { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizer).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double momentum, double dampening, double weightDecay, bool nesterov, bool maximize) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            WeightDecay = T.CreateTruncating(weightDecay),
            Momentum = T.CreateTruncating(momentum),
            OneMinusDampening = T.CreateTruncating(1 - dampening),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
            Decay = weightDecay != 0,
            Nesterov = nesterov,
        };
    }

    /// <summary>The spans of one call and the stack buffer for one decoded block.</summary>
    private readonly ref struct Spans<T>(int blockSize, Span<T> parameters, ReadOnlySpan<T> gradients, Span<byte> codes, Span<float> scales, Span<T> decoded)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int BlockSize { get; } = blockSize;

        public Span<T> Parameters { get; } = parameters;

        public ReadOnlySpan<T> Gradients { get; } = gradients;

        public Span<byte> Codes { get; } = codes;

        public Span<float> Scales { get; } = scales;

        public Span<T> Decoded { get; } = decoded;
    }

    /// <summary>
    /// The element rule of <see cref="SgdKernel"/> with momentum, in PyTorch's order of operations:
    /// <code>
    /// g ← ±g (maximize);  g ← g + λθ (weight decay)
    /// b ← g (first step)  or  b ← μ·b + (1 − τ)·g;   d ← g + μ·b (Nesterov)  or  d ← b
    /// θ ← θ − γ·d
    /// </code>
    /// State 0 is the decoded velocity b, written back for encoding; state 2 a lane-wise maximum of |b| over
    /// <see cref="BlockDriver.MaxLanes"/> elements, which each call raises to cover its elements (NaN propagates).
    /// </summary>
    private readonly struct Operator<T, TDecay, TFirst, TNesterov>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
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
            var largest = TVec.Zero;
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = GradientPreamble.Apply<T, TVec, TDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

                // PyTorch's buffer starts as None and the first momentum step clones g: no dampening.
                var b = TFirst.IsSet
                    ? g
                    : TVec.FusedMultiplyAdd(g, oneMinusDampening, TVec.Load(ref state0, i) * momentum);
                TVec.Store(b, ref state0, i);
                largest = TVec.Max(largest, TVec.Abs(b));
                g = TNesterov.IsSet ? TVec.FusedMultiplyAdd(b, momentum, g) : b;

                p = TVec.FusedMultiplyAdd(g, negativeLearningRate, p);
                TVec.Store(p, ref parameter, i);
            }

            TVec.Store(TVec.Max(TVec.Load(ref state2, 0), largest), ref state2, 0);
        }
    }
}
