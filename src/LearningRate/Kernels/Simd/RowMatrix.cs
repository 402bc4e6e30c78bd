using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// Dense row-major matrix products for the matrix-aware optimizers, written as the i-k-j loop: row i of the result
/// is Σ_k L[i, k]·R[k, :], the rows of R scaled and added in increasing k from +0. Each element is therefore the
/// sum of its products in index order, with a separate multiply and add (no fused multiply-add), on every vector
/// width: the result has the bits of the naive triple loop <c>for i, for j, for k: s += L[i, k]·R[k, j]</c>, whatever
/// SIMD path runs, and the vector lanes run along the contiguous rows of R and of the result.
/// </summary>
/// <remarks>
/// <para>
/// Why this kernel rather than a BLAS: the core package depends on nothing outside the BCL, the matrices Muon
/// orthogonalizes are small next to the models' memory traffic (a 4096×1024 weight's Gram matrix is 1024×1024), and
/// the products must be bit-reproducible across machines like the element-wise kernels. A product with an inner
/// dimension reduced by a tree (a dot product) would give other bits on every width.
/// </para>
/// <para>
/// Blocking: four result rows are updated together from each row of R, so each row of R is read once per four result
/// rows, and the result rows are walked in column blocks of <see cref="ColumnBlock"/> elements, so the block of the
/// four result rows stays in L1 while the k loop streams the same columns of R.
/// </para>
/// </remarks>
internal static class RowMatrix
{
    /// <summary>The columns of a result block: four rows of 512 doubles are 16 KiB, half of a common L1.</summary>
    private const int ColumnBlock = 512;

    /// <summary>
    /// Writes <c>result = left · right</c>: <paramref name="left"/> is m×k, <paramref name="right"/> k×n and
    /// <paramref name="result"/> m×n, all row-major and unaliased.
    /// </summary>
    public static void Multiply<T>(ReadOnlySpan<T> left, ReadOnlySpan<T> right, Span<T> result, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            Multiply<T, Simd512<T>>(left, right, result, m, k, n);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            Multiply<T, Simd256<T>>(left, right, result, m, k, n);
        }
        else if (Simd128<T>.IsAccelerated)
        {
            Multiply<T, Simd128<T>>(left, right, result, m, k, n);
        }
        else
        {
            Multiply<T, SimdScalar<T>>(left, right, result, m, k, n);
        }
    }

    /// <summary>Writes the n×m transpose of the m×n matrix <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static void Transpose<T>(ReadOnlySpan<T> source, Span<T> destination, int m, int n)
    {
        for (var i = 0; i < m; i++)
        {
            var row = source.Slice(i * n, n);
            for (var j = 0; j < n; j++)
            {
                destination[(j * m) + i] = row[j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply<T, TVec>(ReadOnlySpan<T> left, ReadOnlySpan<T> right, Span<T> result, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct, ISimd<TVec, T>
    {
        result[..(m * n)].Clear();
        for (var column = 0; column < n; column += ColumnBlock)
        {
            var width = Math.Min(ColumnBlock, n - column);
            var i = 0;
            for (; i + 4 <= m; i += 4)
            {
                ref var out0 = ref result[(i * n) + column];
                ref var out1 = ref Unsafe.Add(ref out0, n);
                ref var out2 = ref Unsafe.Add(ref out1, n);
                ref var out3 = ref Unsafe.Add(ref out2, n);
                for (var p = 0; p < k; p++)
                {
                    ref readonly var row = ref right[(p * n) + column];
                    AddScaledRows<T, TVec>(
                        ref Unsafe.AsRef(in row),
                        width,
                        left[(i * k) + p],
                        left[((i + 1) * k) + p],
                        left[((i + 2) * k) + p],
                        left[((i + 3) * k) + p],
                        ref out0,
                        ref out1,
                        ref out2,
                        ref out3);
                }
            }

            for (; i < m; i++)
            {
                ref var output = ref result[(i * n) + column];
                for (var p = 0; p < k; p++)
                {
                    AddScaledRow<T, TVec>(ref Unsafe.AsRef(in right[(p * n) + column]), width, left[(i * k) + p], ref output);
                }
            }
        }
    }

    /// <summary>out_r[j] ← out_r[j] + s_r·row[j] for the four rows r and j in [0, width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledRows<T, TVec>(ref T row, int width, T s0, T s1, T s2, T s3, ref T out0, ref T out1, ref T out2, ref T out3)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct, ISimd<TVec, T>
    {
        var j = 0;
        if (TVec.Count > 1)
        {
            TVec v0 = TVec.Create(s0), v1 = TVec.Create(s1), v2 = TVec.Create(s2), v3 = TVec.Create(s3);
            for (; j + TVec.Count <= width; j += TVec.Count)
            {
                var index = (nuint)j;
                var r = TVec.Load(ref row, index);
                TVec.Store(TVec.Load(ref out0, index) + (v0 * r), ref out0, index);
                TVec.Store(TVec.Load(ref out1, index) + (v1 * r), ref out1, index);
                TVec.Store(TVec.Load(ref out2, index) + (v2 * r), ref out2, index);
                TVec.Store(TVec.Load(ref out3, index) + (v3 * r), ref out3, index);
            }
        }

        for (; j < width; j++)
        {
            var r = Unsafe.Add(ref row, j);
            Unsafe.Add(ref out0, j) += s0 * r;
            Unsafe.Add(ref out1, j) += s1 * r;
            Unsafe.Add(ref out2, j) += s2 * r;
            Unsafe.Add(ref out3, j) += s3 * r;
        }
    }

    /// <summary>output[j] ← output[j] + s·row[j] for j in [0, width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledRow<T, TVec>(ref T row, int width, T s, ref T output)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct, ISimd<TVec, T>
    {
        var j = 0;
        if (TVec.Count > 1)
        {
            var scale = TVec.Create(s);
            for (; j + TVec.Count <= width; j += TVec.Count)
            {
                var index = (nuint)j;
                TVec.Store(TVec.Load(ref output, index) + (scale * TVec.Load(ref row, index)), ref output, index);
            }
        }

        for (; j < width; j++)
        {
            Unsafe.Add(ref output, j) += s * Unsafe.Add(ref row, j);
        }
    }
}
