using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// Runs an <see cref="ILaneLoop{T}"/> over <c>[0, length)</c>: full vectors of the widest accelerated width, then at
/// most one vector of each narrower width, then the remaining elements one at a time with <see cref="SimdScalar{T}"/>.
/// Every width performs the same lane operations, so where an element falls does not change its result.
/// </summary>
internal static class LaneDriver
{
    /// <summary>Runs <paramref name="loop"/> over <c>[0, length)</c>.</summary>
    /// <remarks>
    /// Not inlined, and fully optimized from the first call, as <see cref="KernelDriver.RunSerial"/>: unoptimized
    /// (tier-0) code calls every vector wrapper instead of inlining it and runs tens of times slower, which a
    /// training loop's first steps, or a loaded machine that delays the background recompilation, would pay.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TLoop>(ref TLoop loop, nuint length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLoop : struct, ILaneLoop<T>, allows ref struct
    {
        if (Simd512<T>.IsAccelerated)
        {
            RunWidest<T, TLoop, Simd512<T>>(ref loop, length);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            RunWidest<T, TLoop, Simd256<T>>(ref loop, length);
        }
        else if (Simd128<T>.IsAccelerated)
        {
            RunWidest<T, TLoop, Simd128<T>>(ref loop, length);
        }
        else
        {
            loop.Run<SimdScalar<T>>(0, length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunWidest<T, TLoop, TVec>(ref TLoop loop, nuint length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLoop : struct, ILaneLoop<T>, allows ref struct
        where TVec : struct, ISimd<TVec, T>
    {
        var start = length / (nuint)TVec.Count * (nuint)TVec.Count;
        if (start > 0)
        {
            loop.Run<TVec>(0, start);
        }

        if (TVec.Count > Simd256<T>.Count)
        {
            start = RunOne<T, TLoop, Simd256<T>>(ref loop, start, length);
        }

        if (TVec.Count > Simd128<T>.Count)
        {
            start = RunOne<T, TLoop, Simd128<T>>(ref loop, start, length);
        }

        if (start < length)
        {
            loop.Run<SimdScalar<T>>(start, length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint RunOne<T, TLoop, TVec>(ref TLoop loop, nuint start, nuint length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLoop : struct, ILaneLoop<T>, allows ref struct
        where TVec : struct, ISimd<TVec, T>
    {
        var next = start + (nuint)TVec.Count;
        if (!TVec.IsAccelerated || next > length)
        {
            return start;
        }

        loop.Run<TVec>(start, next);
        return next;
    }
}
