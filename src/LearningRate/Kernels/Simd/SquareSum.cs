using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// Σx² accumulated in <see cref="double"/> in one fixed order, so the result has the same bits on every SIMD width
/// (AVX-512, AVX2, SSE, scalar) and whatever the machine:
/// <list type="number">
/// <item>A span is cut into chunks of <see cref="ChunkLength"/> elements from its start; the last may be shorter.</item>
/// <item>In a chunk, lane j (0 ≤ j &lt; <see cref="Lanes"/>) sums, from +0 and in increasing index order, the squares
/// of the chunk's elements whose index in the chunk is ≡ j (mod 32): each element is converted to double
/// (exactly, for float), squared (rounded to double; exact for float) and added (rounded), with no fused multiply-add.</item>
/// <item>The 32 lanes are combined by a fixed tree: lane j ← lane j + lane j+w for w = 16, 8, 4, 2, 1 in turn (j &lt; w);
/// lane 0 is the chunk's sum.</item>
/// <item>The running total adds the chunk sums in order: chunks in order within a span, spans in the caller's order.</item>
/// </list>
/// Every width performs exactly these operations: a vector lane holds one of the 32 lanes, and the tail of a chunk
/// (fewer than 32 elements) is read as a group padded with zeros, which adds +0 to lanes that are never −0.
/// </summary>
/// <remarks>
/// <para>
/// Why double and why this order: the gradient norm of a step (<c>StepReport.GradientNorm</c>) must not depend on the
/// vector width the runtime picks or on the order threads finish in, and a float accumulation loses precision and
/// overflows above |g| ≈ 1.8e19. The squares of floats are exact in double and their sum cannot overflow (2³¹
/// squares of <see cref="float.MaxValue"/> are about 2.5e86), so for float input the total is finite exactly when
/// every element is finite. For double input the total can overflow with finite elements (|x| ≳ 1.3e154); a NaN or
/// ±∞ element always makes it NaN or +∞.
/// </para>
/// <para>
/// 32 lanes: four independent accumulators of eight doubles with AVX-512, so the additions of one group do not wait
/// on each other and one core streams the span at memory bandwidth. Chunks bound the work between two combinations,
/// which a multi-core split needs (each chunk's sum is independent of the others).
/// </para>
/// <para>
/// The widening from float to double has no <see cref="ISimd{TSelf, T}"/> member, so the widths are written here
/// directly over <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> and <see cref="Vector128{T}"/>; the
/// tests compare every width with a plain transcription of the order above.
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
        Span<double> scratch = stackalloc double[Lanes];
        return Add(ref MemoryMarshal.GetReference(values), values.Length, total, scratch);
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
        Span<double> scratch = stackalloc double[Lanes];
        for (var i = 0; i < count; i++)
        {
            total = Add(ref tensors.Gradients(i), tensors.Length(i), total, scratch);
        }

        return total;
    }

    /// <summary>
    /// Adds the sums of the chunks of <c>values[0..length)</c> to <paramref name="total"/>, in order, and returns it:
    /// the body of <see cref="Accumulate{T}(ReadOnlySpan{T}, double)"/>, inlined into the callers' loops over many spans.
    /// </summary>
    /// <param name="values">The first element.</param>
    /// <param name="length">The number of elements.</param>
    /// <param name="total">The running total.</param>
    /// <param name="scratch">
    /// <see cref="Lanes"/> doubles (the zero-padded tail group, or the lanes of the scalar path), owned by the caller:
    /// a method that allocates on the stack is not inlined into a loop.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Add<T>(ref T values, int length, double total, Span<double> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var start = 0; start < length; start += ChunkLength)
        {
            total += Chunk(ref Unsafe.Add(ref values, start), (nuint)Math.Min(ChunkLength, length - start), scratch);
        }

        return total;
    }

    /// <summary>The sum of one chunk of <paramref name="n"/> ≤ <see cref="ChunkLength"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Chunk<T>(ref T x, nuint n, Span<double> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return Chunk512(ref x, n, scratch);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return Chunk256(ref x, n, scratch);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            return Chunk128(ref x, n, scratch);
        }

        return ChunkScalar(ref x, n, scratch);
    }

    /// <summary>Lanes 8k..8k+7 in accumulator k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Chunk512<T>(ref T x, nuint n, Span<double> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
        nuint i = 0;
        for (; i + Lanes <= n; i += Lanes)
        {
            a0 += Squares512(ref x, i);
            a1 += Squares512(ref x, i + 8);
            a2 += Squares512(ref x, i + 16);
            a3 += Squares512(ref x, i + 24);
        }

        if (i < n)
        {
            ref var tail = ref PadTail(ref x, i, n, scratch);
            a0 += Squares512(ref tail, 0);
            a1 += Squares512(ref tail, 8);
            a2 += Squares512(ref tail, 16);
            a3 += Squares512(ref tail, 24);
        }

        // w = 16: lanes j and j+16 are accumulators k and k+2; w = 8: the two halves that remain.
        var eight = (a0 + a2) + (a1 + a3);
        var four = eight.GetLower() + eight.GetUpper();
        var two = four.GetLower() + four.GetUpper();
        return two.ToScalar() + two.GetElement(1);
    }

    /// <summary>Lanes 4k..4k+3 in accumulator k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Chunk256<T>(ref T x, nuint n, Span<double> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        nuint i = 0;
        for (; i + Lanes <= n; i += Lanes)
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

        if (i < n)
        {
            ref var tail = ref PadTail(ref x, i, n, scratch);
            a0 += Squares256(ref tail, 0);
            a1 += Squares256(ref tail, 4);
            a2 += Squares256(ref tail, 8);
            a3 += Squares256(ref tail, 12);
            a4 += Squares256(ref tail, 16);
            a5 += Squares256(ref tail, 20);
            a6 += Squares256(ref tail, 24);
            a7 += Squares256(ref tail, 28);
        }

        // w = 16: accumulators k and k+4; w = 8: k and k+2; w = 4: the two that remain.
        var four = ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7));
        var two = four.GetLower() + four.GetUpper();
        return two.ToScalar() + two.GetElement(1);
    }

    /// <summary>Lanes 2k, 2k+1 in accumulator k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Chunk128<T>(ref T x, nuint n, Span<double> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector128<double> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        nuint i = 0;
        var padded = false;
        ref var source = ref x;
        while (true)
        {
            if (i + Lanes > n)
            {
                if (i == n || padded)
                {
                    break;
                }

                // The tail: one more group, read from a zero-padded copy.
                source = ref PadTail(ref x, i, n, scratch);
                (i, n, padded) = (0, Lanes, true);
            }

            a0 += Squares128(ref source, i);
            a1 += Squares128(ref source, i + 2);
            a2 += Squares128(ref source, i + 4);
            a3 += Squares128(ref source, i + 6);
            a4 += Squares128(ref source, i + 8);
            a5 += Squares128(ref source, i + 10);
            a6 += Squares128(ref source, i + 12);
            a7 += Squares128(ref source, i + 14);
            a8 += Squares128(ref source, i + 16);
            a9 += Squares128(ref source, i + 18);
            a10 += Squares128(ref source, i + 20);
            a11 += Squares128(ref source, i + 22);
            a12 += Squares128(ref source, i + 24);
            a13 += Squares128(ref source, i + 26);
            a14 += Squares128(ref source, i + 28);
            a15 += Squares128(ref source, i + 30);
            i += Lanes;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ChunkScalar<T>(ref T x, nuint n, Span<double> lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        lanes.Clear();
        for (nuint k = 0; k < n; k++)
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

    /// <summary>Copies elements <c>[i, n)</c> (fewer than <see cref="Lanes"/>) to the start of <paramref name="scratch"/>, zeros the rest of a group, and returns its start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T PadTail<T>(ref T x, nuint i, nuint n, Span<double> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Lanes doubles hold at least Lanes elements of T (float or double).
        scratch.Clear();
        ref var padded = ref Unsafe.As<double, T>(ref MemoryMarshal.GetReference(scratch));
        for (nuint k = 0; i + k < n; k++)
        {
            Unsafe.Add(ref padded, k) = Unsafe.Add(ref x, i + k);
        }

        return ref padded;
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
}
