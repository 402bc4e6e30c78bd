using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// Σx² accumulated in <see cref="double"/> in one fixed order, so the result has the same bits on every SIMD width
/// (AVX-512, AVX2, SSE, scalar) and whatever the machine:
/// <list type="number">
/// <item>A span is cut into chunks of <see cref="ChunkLength"/> elements from its start; the last may be shorter.</item>
/// <item>In a chunk of length n, the first 32·⌊n/32⌋ elements go to 32 lanes: lane j (0 ≤ j &lt; <see cref="Lanes"/>)
/// sums, from +0 and in increasing index order, the squares of the elements whose index in the chunk is ≡ j (mod 32).
/// Each element is converted to double (exactly, for float), squared (rounded to double; exact for float) and added
/// (rounded), with no fused multiply-add.</item>
/// <item>The 32 lanes are combined by a fixed tree: lane j ← lane j + lane j+w for w = 16, 8, 4, 2, 1 in turn (j &lt; w).
/// Lane 0, plus the squares of the chunk's last n mod 32 elements added one at a time in index order, is the chunk's sum.</item>
/// <item>The running total adds the chunk sums in order: chunks in order within a span, spans in the caller's order.</item>
/// </list>
/// Every width performs exactly these operations: a vector lane holds one of the 32 lanes.
/// </summary>
/// <remarks>
/// <para>
/// Why double and why this order: the gradient norm of a step (<c>StepReport.GradientNorm</c>) must not depend on the
/// vector width the runtime picks or on how work is split, and a float accumulation loses precision and overflows
/// above |g| ≈ 1.8e19. The squares of floats are exact in double and their sum cannot overflow (2³¹ squares of
/// <see cref="float.MaxValue"/> are about 2.5e86), so for float input the total is finite exactly when every element
/// is finite. For double input the total can overflow with finite elements (|x| ≳ 1.3e154); a NaN or ±∞ element always
/// makes it NaN or +∞.
/// </para>
/// <para>
/// 32 lanes: four independent accumulators of eight doubles with AVX-512, so the additions of one group do not wait on
/// each other and one core streams the span at memory bandwidth; with AVX-512 a long span's chunks are also read two
/// at a time, since one core reads two streams from memory faster than one. The short tail is added in scalar code after the
/// tree, not read as a padded vector: a padded copy on the stack would make the next loads wait for the stores to
/// retire, which serializes a loop over many small tensors.
/// </para>
/// <para>
/// Chunks make the sum independent of how many cores compute it: when <see cref="KernelParallelism"/> allows, a span
/// of at least <see cref="KernelParallelism.MinimumLength"/> elements (and two chunks) has its chunks summed by the
/// calling thread and the kernel workers, whichever takes each, and the calling thread then adds the chunk sums in
/// order: the one-core result, bit for bit.
/// </para>
/// <para>
/// The widening from float to double has no <see cref="ISimd{TSelf, T}"/> member, so the widths are written here
/// directly over <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> and <see cref="Vector128{T}"/>; the tests
/// compare every width with a plain transcription of the order above.
/// </para>
/// </remarks>
internal static class SquareSum
{
    /// <summary>The number of lanes a chunk is summed in.</summary>
    public const int Lanes = 32;

    /// <summary>The number of elements of one chunk (a multiple of <see cref="Lanes"/>).</summary>
    public const int ChunkLength = 1 << 16;

    /// <summary>Returns Σx² of <paramref name="values"/> in the fixed order.</summary>
    public static double Of<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> => Accumulate(values, 0);

    /// <summary>Adds the sums of the chunks of <paramref name="values"/> to <paramref name="total"/>, in order, and returns it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static double Accumulate<T>(ReadOnlySpan<T> values, double total)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var start = ref MemoryMarshal.GetReference(values);
        return values.Length >= ParallelFrom() && TryAddParallel(ref start, values.Length, ref total) ? total : Add(ref start, values.Length, total);
    }

    /// <summary>
    /// Adds the gradients of tensors <c>[0, count)</c> of <paramref name="tensors"/> to <paramref name="total"/>, tensor
    /// after tensor, each chunk by chunk, and returns it: the gradient check of a multi-tensor step, one compiled loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static double AccumulateGradients<T, TSet>(TSet tensors, int count, double total)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSet : struct, ITensorSet<T>
    {
        // Read once: a call in progress keeps the settings it started with.
        var parallelFrom = ParallelFrom();
        for (var i = 0; i < count; i++)
        {
            var length = tensors.Length(i);
            ref var gradients = ref tensors.Gradients(i);
            if (length >= parallelFrom && TryAddParallel(ref gradients, length, ref total))
            {
                continue;
            }

            total = Add(ref gradients, length, total);
        }

        return total;
    }

    /// <summary>The length from which a span's chunks are summed on several cores: never, unless <see cref="KernelParallelism"/> allows it.</summary>
    private static int ParallelFrom() =>
        ParallelRunner.ShouldRun(int.MaxValue) ? Math.Max(KernelParallelism.MinimumLength, 2 * ChunkLength) : int.MaxValue;

    /// <summary>
    /// Adds the chunk sums of <c>values[0..length)</c> to <paramref name="total"/> with several cores: each chunk's sum is
    /// computed by whichever thread takes it, then the calling thread adds them in chunk order, so the result is the
    /// one-core result. Returns false, having done nothing, when the workers are busy.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe bool TryAddParallel<T>(ref T values, int length, ref double total)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!ParallelRunner.TryAcquire(out var workers))
        {
            return false;
        }

        var ran = false;
        try
        {
            var job = ParallelChunks<T>.ForCurrentThread;

            // Pinned for the whole call: the workers read the span through this pointer.
            fixed (T* start = &values)
            {
                job.Set(start, length);
                job.Execute(workers);
            }

            total = job.AddTo(total);
            ran = true;
            return true;
        }
        finally
        {
            ParallelRunner.Release(ran);
        }
    }

    /// <summary>
    /// Adds the sums of the chunks of <c>values[0..length)</c> to <paramref name="total"/>, in order, and returns it:
    /// the body of <see cref="Accumulate{T}(ReadOnlySpan{T}, double)"/>, inlined into the callers' loops over many spans.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Add<T>(ref T values, int length, double total)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var start = 0;
        if (Vector512.IsHardwareAccelerated && length >= 2 * ChunkLength)
        {
            start = AddChunkPairs(ref values, length, ref total);
        }

        for (; start < length; start += ChunkLength)
        {
            total += Chunk(ref Unsafe.Add(ref values, start), (nuint)Math.Min(ChunkLength, length - start));
        }

        return total;
    }

    /// <summary>
    /// Adds the sums of the span's complete pairs of chunks to <paramref name="total"/>, two chunks read at once, and
    /// returns where the rest starts. One core reads two streams from memory faster than one (about 30 % on the
    /// machines measured); each chunk's lanes and the order in which the sums are added are those of one chunk at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int AddChunkPairs<T>(ref T values, int length, ref double total)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var start = 0;
        for (; start + (2 * ChunkLength) <= length; start += 2 * ChunkLength)
        {
            ref var x = ref Unsafe.Add(ref values, start);
            ref var y = ref Unsafe.Add(ref values, start + ChunkLength);
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector512<double> b0 = default, b1 = default, b2 = default, b3 = default;
            for (nuint i = 0; i < ChunkLength; i += Lanes)
            {
                a0 += Squares512(ref x, i);
                a1 += Squares512(ref x, i + 8);
                a2 += Squares512(ref x, i + 16);
                a3 += Squares512(ref x, i + 24);
                b0 += Squares512(ref y, i);
                b1 += Squares512(ref y, i + 8);
                b2 += Squares512(ref y, i + 16);
                b3 += Squares512(ref y, i + 24);
            }

            total += Tree512(a0, a1, a2, a3);
            total += Tree512(b0, b1, b2, b3);
        }

        return start;
    }

    /// <summary>The sum of one chunk of <paramref name="n"/> ≤ <see cref="ChunkLength"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Chunk<T>(ref T x, nuint n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var groups = n / Lanes * Lanes;
        var sum = Vector512.IsHardwareAccelerated ? Groups512(ref x, groups)
            : Vector256.IsHardwareAccelerated ? Groups256(ref x, groups)
            : Vector128.IsHardwareAccelerated ? Groups128(ref x, groups)
            : GroupsScalar(ref x, groups);
        for (var k = groups; k < n; k++)
        {
            var value = double.CreateTruncating(Unsafe.Add(ref x, k));
            sum += value * value;
        }

        return sum;
    }

    /// <summary>The tree of the lanes over elements <c>[0, groups)</c>, a multiple of 32; lanes 8k..8k+7 in accumulator k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Groups512<T>(ref T x, nuint groups)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (nuint i = 0; i < groups; i += Lanes)
        {
            a0 += Squares512(ref x, i);
            a1 += Squares512(ref x, i + 8);
            a2 += Squares512(ref x, i + 16);
            a3 += Squares512(ref x, i + 24);
        }

        return Tree512(a0, a1, a2, a3);
    }

    /// <summary>The tree of 32 lanes held 8k..8k+7 in accumulator k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Tree512(Vector512<double> a0, Vector512<double> a1, Vector512<double> a2, Vector512<double> a3)
    {
        // w = 16: lanes j and j+16 are accumulators k and k+2; w = 8: the two halves that remain.
        var eight = (a0 + a2) + (a1 + a3);
        var four = eight.GetLower() + eight.GetUpper();
        var two = four.GetLower() + four.GetUpper();
        return two.ToScalar() + two.GetElement(1);
    }

    /// <summary>The tree of the lanes over elements <c>[0, groups)</c>; lanes 4k..4k+3 in accumulator k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Groups256<T>(ref T x, nuint groups)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (nuint i = 0; i < groups; i += Lanes)
        {
            a0 += Squares256(ref x, i);
            a1 += Squares256(ref x, i + 4);
            a2 += Squares256(ref x, i + 8);
            a3 += Squares256(ref x, i + 12);
            a4 += Squares256(ref x, i + 16);
            a5 += Squares256(ref x, i + 20);
            a6 += Squares256(ref x, i + 24);
            a7 += Squares256(ref x, i + 28);
        }

        // w = 16: accumulators k and k+4; w = 8: k and k+2; w = 4: the two that remain.
        var four = ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7));
        var two = four.GetLower() + four.GetUpper();
        return two.ToScalar() + two.GetElement(1);
    }

    /// <summary>The tree of the lanes over elements <c>[0, groups)</c>; lanes 2k, 2k+1 in accumulator k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Groups128<T>(ref T x, nuint groups)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector128<double> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        for (nuint i = 0; i < groups; i += Lanes)
        {
            a0 += Squares128(ref x, i);
            a1 += Squares128(ref x, i + 2);
            a2 += Squares128(ref x, i + 4);
            a3 += Squares128(ref x, i + 6);
            a4 += Squares128(ref x, i + 8);
            a5 += Squares128(ref x, i + 10);
            a6 += Squares128(ref x, i + 12);
            a7 += Squares128(ref x, i + 14);
            a8 += Squares128(ref x, i + 16);
            a9 += Squares128(ref x, i + 18);
            a10 += Squares128(ref x, i + 20);
            a11 += Squares128(ref x, i + 22);
            a12 += Squares128(ref x, i + 24);
            a13 += Squares128(ref x, i + 26);
            a14 += Squares128(ref x, i + 28);
            a15 += Squares128(ref x, i + 30);
        }

        // w = 16: accumulators k and k+8; w = 8: k and k+4; w = 4: k and k+2; w = 2: the two that remain.
        var b0 = a0 + a8;
        var b1 = a1 + a9;
        var b2 = a2 + a10;
        var b3 = a3 + a11;
        var b4 = a4 + a12;
        var b5 = a5 + a13;
        var b6 = a6 + a14;
        var b7 = a7 + a15;
        var two = ((b0 + b4) + (b2 + b6)) + ((b1 + b5) + (b3 + b7));
        return two.ToScalar() + two.GetElement(1);
    }

    /// <summary>The order itself, one element at a time: the path without hardware vectors.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double GroupsScalar<T>(ref T x, nuint groups)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<double> lanes = stackalloc double[Lanes];
        for (nuint k = 0; k < groups; k++)
        {
            var value = double.CreateTruncating(Unsafe.Add(ref x, k));
            lanes[(int)(k % Lanes)] += value * value;
        }

        for (var width = Lanes / 2; width >= 1; width /= 2)
        {
            for (var j = 0; j < width; j++)
            {
                lanes[j] += lanes[j + width];
            }
        }

        return lanes[0];
    }

    /// <summary>The squares, in double, of the 8 elements at <paramref name="x"/>[<paramref name="i"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Squares512<T>(ref T x, nuint i)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = typeof(T) == typeof(float)
            ? Vector512.WidenLower(Vector256.LoadUnsafe(ref Unsafe.As<T, float>(ref x), i).ToVector512Unsafe())
            : Vector512.LoadUnsafe(ref Unsafe.As<T, double>(ref x), i);
        return values * values;
    }

    /// <summary>The squares, in double, of the 4 elements at <paramref name="x"/>[<paramref name="i"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Squares256<T>(ref T x, nuint i)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = typeof(T) == typeof(float)
            ? Vector256.WidenLower(Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref x), i).ToVector256Unsafe())
            : Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref x), i);
        return values * values;
    }

    /// <summary>The squares, in double, of the 2 elements at <paramref name="x"/>[<paramref name="i"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Squares128<T>(ref T x, nuint i)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Two floats are read as one 8-byte scalar, then widened.
        var values = typeof(T) == typeof(float)
            ? Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<double>(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref x, i)))).AsSingle())
            : Vector128.LoadUnsafe(ref Unsafe.As<T, double>(ref x), i);
        return values * values;
    }

    /// <summary>The chunk sums of one span, computed by the calling thread and the workers; one instance per calling thread, reused.</summary>
    private sealed unsafe class ParallelChunks<T> : ParallelRunner.ChunkJob
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic]
        private static ParallelChunks<T>? t_instance;

        private double[] _sums = [];
        private T* _values;
        private int _length;
        private int _chunks;

        public static ParallelChunks<T> ForCurrentThread => t_instance ??= new();

        /// <summary>Prepares the chunks of <paramref name="length"/> elements at <paramref name="values"/>; grows the sums (on the calling thread) only for a longer span than ever before.</summary>
        public void Set(T* values, int length)
        {
            _values = values;
            _length = length;
            _chunks = (int)(((long)length + ChunkLength - 1) / ChunkLength);
            if (_sums.Length < _chunks)
            {
                _sums = new double[_chunks];
            }

            SetChunkCount(_chunks);
        }

        /// <summary>Adds the chunk sums to <paramref name="total"/> in chunk order.</summary>
        public double AddTo(double total)
        {
            for (var chunk = 0; chunk < _chunks; chunk++)
            {
                total += _sums[chunk];
            }

            return total;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void RunChunk(int chunk)
        {
            var start = (long)chunk * ChunkLength;
            _sums[chunk] = Chunk(ref Unsafe.AsRef<T>(_values + start), (nuint)Math.Min(ChunkLength, _length - start));
        }
    }
}
