using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// Runs an <see cref="IUpdateOperator{T}"/> over whole spans: full vectors of the widest accelerated
/// width, then the remaining elements one at a time. No element is processed twice: the runtime's
/// trick of re-running an overlapping last vector would apply an in-place update twice. Spans of
/// at least <see cref="KernelParallelism.MinimumLength"/> elements are split over several cores
/// (<see cref="ParallelRunner"/>); each chunk runs this same serial loop, so results do not change.
/// </summary>
internal static class KernelDriver
{
    /// <summary>Applies <paramref name="op"/> to elements <c>[0, length)</c> of every span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TOp>(in TOp op, int length, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        if (ParallelRunner.ShouldRun(length) && ParallelRunner.TryRun(op, length, ref parameter, ref gradient, ref state0, ref state1, ref state2))
        {
            return;
        }

        RunSerial(op, length, ref parameter, ref gradient, ref state0, ref state1, ref state2);
    }

    /// <summary>Applies <paramref name="op"/> to elements <c>[0, length)</c> of every span on the calling thread.</summary>
    /// <remarks>
    /// Not inlined, and <paramref name="op"/> taken by value: each (element type, operator) pair gets
    /// its own compiled loop with a fresh inlining budget (inlined into a kernel's dispatch method,
    /// which holds several operators, the JIT ran out of budget and left whole paths as calls), and
    /// the operator is a local whose address never escapes, so the JIT keeps its scalars in
    /// registers instead of reloading them from memory.
    /// Fully optimized from the first call: unoptimized (tier-0) code does not inline the vector
    /// wrappers and runs some 40 times slower, and a training loop's first steps, or a loaded
    /// machine that delays the background recompilation, would pay for it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void RunSerial<T, TOp>(TOp op, int length, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        var count = (nuint)length;
        nuint done = 0;

        // The tail left by the widest vectors is finished by one vector of each narrower width
        // before the last few elements go one at a time: lanes are independent and every width
        // performs the same operations, so results are unchanged, and a 100-element tensor no
        // longer pays four scalar square roots and divisions in a row.
        if (Simd512<T>.IsAccelerated)
        {
            done = RunVectors<T, TOp, Simd512<T>>(op, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
            done = RunOneVector<T, TOp, Simd256<T>>(op, done, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
            done = RunOneVector<T, TOp, Simd128<T>>(op, done, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            done = RunVectors<T, TOp, Simd256<T>>(op, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
            done = RunOneVector<T, TOp, Simd128<T>>(op, done, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }
        else if (Simd128<T>.IsAccelerated)
        {
            done = RunVectors<T, TOp, Simd128<T>>(op, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }

        RunScalars(op, done, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
    }

    /// <summary>Applies <paramref name="op"/> to one <typeparamref name="TVec"/> at <paramref name="start"/> if that many elements remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint RunOneVector<T, TOp, TVec>(TOp op, nuint start, nuint count, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
        where TVec : struct, ISimd<TVec, T>
    {
        var end = start + (nuint)TVec.Count;
        if (!TVec.IsAccelerated || end > count)
        {
            return start;
        }

        op.Apply<TVec>(ref parameter, ref gradient, ref state0, ref state1, ref state2, start, end);
        return end;
    }

    /// <summary>Applies <paramref name="op"/> one element at a time to <c>[start, end)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunScalars<T, TOp>(TOp op, nuint start, nuint end, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        op.Apply<SimdScalar<T>>(ref parameter, ref gradient, ref state0, ref state1, ref state2, start, end);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint RunVectors<T, TOp, TVec>(TOp op, nuint count, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
        where TVec : struct, ISimd<TVec, T>
    {
        var width = (nuint)TVec.Count;
        nuint i = 0;

        // Long spans: first bring the parameters (read and written) to a vector-size boundary, so
        // their loads and stores never straddle two cache lines. Peeled elements take the scalar
        // path, which computes exactly what the vector path would (the tests pin this).
        if (count >= 8 * width)
        {
            i = Misalignment<T, TVec>(ref parameter);
            RunScalars(op, 0, i, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }

        var end = i + ((count - i) / width * width);
        if (end > i)
        {
            op.Apply<TVec>(ref parameter, ref gradient, ref state0, ref state1, ref state2, i, end);
        }

        return end;
    }

    /// <summary>How many elements from <paramref name="parameter"/> to the next <typeparamref name="TVec"/>-size boundary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe nuint Misalignment<T, TVec>(ref T parameter)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct, ISimd<TVec, T>
    {
        // Only a performance hint: if the GC moves the array right after this, the split is still
        // correct (every element is processed once), merely unaligned.
        var bytes = (nuint)(TVec.Count * sizeof(T));
        var address = (nuint)Unsafe.AsPointer(ref parameter);
        return address % (nuint)sizeof(T) != 0 ? 0 : (bytes - (address % bytes)) % bytes / (nuint)sizeof(T);
    }
}
