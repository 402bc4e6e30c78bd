using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// Runs an <see cref="IUpdateOperator{T}"/> over one block of an 8-bit kernel: full vectors of the widest accelerated
/// width from the block's first element, then at most one vector of each narrower width, then single elements. Unlike
/// <see cref="KernelDriver"/> it does not peel elements to align the parameters: the block's decoded state lives in a
/// 64-byte aligned stack buffer that the peel would misalign instead, block sizes are multiples of every width (only a
/// span's last block has a tail), and every width performs the same operations, so results do not depend on the split.
/// </summary>
internal static class BlockDriver
{
    /// <summary>The most lanes of any width (<see cref="Simd512{T}"/> of float): the size of one lane-wise maximum.</summary>
    public const int MaxLanes = 16;

    /// <summary>Elements of slack that let <see cref="Aligned{T}"/> find a 64-byte boundary in a stack buffer (64 bytes of floats; twice that of doubles).</summary>
    public const int AlignmentSlack = 16;

    /// <summary>Applies <paramref name="op"/> to elements <c>[0, length)</c> on the calling thread.</summary>
    /// <remarks>Not inlined and fully optimized from the first call, for the reasons given on <see cref="KernelDriver.RunSerial{T, TOp}"/>.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TOp>(TOp op, int length, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        var count = (nuint)length;
        if (Simd512<T>.IsAccelerated)
        {
            RunWidest<T, TOp, Simd512<T>>(op, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            RunWidest<T, TOp, Simd256<T>>(op, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }
        else if (Simd128<T>.IsAccelerated)
        {
            RunWidest<T, TOp, Simd128<T>>(op, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }
        else
        {
            op.Apply<SimdScalar<T>>(ref parameter, ref gradient, ref state0, ref state1, ref state2, 0, count);
        }
    }

    /// <summary>Returns the first element of <paramref name="stack"/> on a 64-byte boundary (a stack buffer does not move).</summary>
    public static unsafe ref T Aligned<T>(Span<T> stack)
        where T : unmanaged
    {
        ref var first = ref MemoryMarshal.GetReference(stack);
        var address = (nuint)Unsafe.AsPointer(ref first);
        return ref Unsafe.Add(ref first, (64 - (address % 64)) % 64 / (nuint)sizeof(T));
    }

    /// <summary>Returns the largest of the <see cref="MaxLanes"/> lane-wise maxima at <paramref name="lanes"/> (NaN if any is NaN), rounded to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Largest<T>(ref T lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vector = Vector128.LoadUnsafe(ref lanes);
        for (var i = (nuint)Vector128<T>.Count; i < MaxLanes; i += (nuint)Vector128<T>.Count)
        {
            vector = Vector128.Max(vector, Vector128.LoadUnsafe(ref lanes, i));
        }

        var largest = vector.GetElement(0);
        for (var i = 1; i < Vector128<T>.Count; i++)
        {
            largest = T.Max(largest, vector.GetElement(i));
        }

        return float.CreateTruncating(largest);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunWidest<T, TOp, TVec>(TOp op, nuint count, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
        where TVec : struct, ISimd<TVec, T>
    {
        var end = count / (nuint)TVec.Count * (nuint)TVec.Count;
        if (end > 0)
        {
            op.Apply<TVec>(ref parameter, ref gradient, ref state0, ref state1, ref state2, 0, end);
        }

        if (TVec.Count > Simd256<T>.Count && Simd256<T>.IsAccelerated && end + (nuint)Simd256<T>.Count <= count)
        {
            op.Apply<Simd256<T>>(ref parameter, ref gradient, ref state0, ref state1, ref state2, end, end + (nuint)Simd256<T>.Count);
            end += (nuint)Simd256<T>.Count;
        }

        if (TVec.Count > Simd128<T>.Count && Simd128<T>.IsAccelerated && end + (nuint)Simd128<T>.Count <= count)
        {
            op.Apply<Simd128<T>>(ref parameter, ref gradient, ref state0, ref state1, ref state2, end, end + (nuint)Simd128<T>.Count);
            end += (nuint)Simd128<T>.Count;
        }

        if (end < count)
        {
            op.Apply<SimdScalar<T>>(ref parameter, ref gradient, ref state0, ref state1, ref state2, end, count);
        }
    }
}
