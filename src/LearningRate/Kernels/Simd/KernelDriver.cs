using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// Runs an <see cref="IUpdateOperator{T}"/> over whole spans: full vectors of the widest accelerated
/// width, then at most one vector of each narrower width, then the remaining few elements one at a
/// time (the alignment peel of long spans is split the same way). No element is processed twice: the runtime's
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
        where TOp : struct, IUpdateOperator<T> =>
        RunSerialInline(op, length, ref parameter, ref gradient, ref state0, ref state1, ref state2);

    /// <summary>
    /// Applies <paramref name="op"/> to every element of tensors <c>[from, to)</c> of <paramref name="tensors"/>: the
    /// multi-tensor pass. One compiled loop per (element type, operator, set) walks the tensors with the operator's
    /// scalars in registers, so a tensor costs its elements and a few loads, not a kernel call each. A tensor of at
    /// least <see cref="KernelParallelism.MinimumLength"/> elements may run on several cores, as
    /// <see cref="Run{T, TOp}"/> runs it.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The tensors run from the last to the first, and one longer than <see cref="BackwardBlock"/> elements block by
    /// block from its end (each block front to back): the gradient check reads the gradients front to back just
    /// before, so the update starts where they are still in cache. Every rule is element-wise and every width performs
    /// the same operations, so neither the order nor the split changes a bit of the result.
    /// </para>
    /// <para>The set is taken by value, as the operator is: a local whose address never escapes.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void RunTensors<T, TOp, TSet>(TOp op, TSet tensors, int from, int to)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
        where TSet : struct, ITensorSet<T>
    {
        // Read once: a call in progress keeps the settings it started with.
        var parallelFrom = ParallelRunner.ShouldRun(int.MaxValue) ? KernelParallelism.MinimumLength : int.MaxValue;
        for (var i = to - 1; i >= from; i--)
        {
            var length = tensors.Length(i);
            ref var parameter = ref tensors.Parameters(i);
            ref var gradient = ref tensors.Gradients(i);
            ref var state0 = ref tensors.State(i, 0);
            ref var state1 = ref tensors.State(i, 1);
            ref var state2 = ref tensors.State(i, 2);
            if (length >= parallelFrom && TryRunParallel(op, length, ref parameter, ref gradient, ref state0, ref state1, ref state2))
            {
                continue;
            }

            if (length > BackwardBlock)
            {
                RunBackward(op, length, ref parameter, ref gradient, ref state0, ref state1, ref state2);
                continue;
            }

            RunSerialInline(op, length, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }
    }

    /// <summary>The block of a long tensor's backward walk: 128 KB of float per array, so a block's arrays stay in L2.</summary>
    private const int BackwardBlock = 1 << 15;

    /// <summary>Applies <paramref name="op"/> to <c>[0, length)</c> block by block, from the last block to the first.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunBackward<T, TOp>(TOp op, int length, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        for (var start = (length - 1) / BackwardBlock * BackwardBlock; start >= 0; start -= BackwardBlock)
        {
            RunSerial(op, Math.Min(BackwardBlock, length - start), ref At(ref parameter, start), ref At(ref gradient, start), ref At(ref state0, start), ref At(ref state1, start), ref At(ref state2, start));
        }
    }

    /// <summary>The element at <paramref name="index"/>, or a null reference for an unused span.</summary>
    private static ref T At<T>(ref T span, int index) => ref Unsafe.IsNullRef(ref span) ? ref span : ref Unsafe.Add(ref span, index);

    /// <summary>Hands a copy of <paramref name="op"/> to the multi-core path, so the caller's own never has its address taken.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryRunParallel<T, TOp>(TOp op, int length, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T> =>
        ParallelRunner.TryRun(op, length, ref parameter, ref gradient, ref state0, ref state1, ref state2);

    /// <summary>The body of <see cref="RunSerial{T, TOp}"/>: the widest accelerated width, then the narrower ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunSerialInline<T, TOp>(TOp op, int length, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
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

    /// <summary>Applies <paramref name="op"/> to <c>[0, count)</c> with <typeparamref name="TVec"/> as the widest width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunWidest<T, TOp, TVec>(TOp op, nuint count, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
        where TVec : struct, ISimd<TVec, T>
    {
        var width = (nuint)TVec.Count;
        nuint start = 0;

        // Long spans: first bring the parameters (read and written) to a vector-size boundary, so
        // their loads and stores never straddle two cache lines.
        if (count >= 8 * width)
        {
            start = Misalignment<T, TVec>(ref parameter);
            RunNarrower<T, TOp, TVec>(op, 0, start, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }

        var end = start + ((count - start) / width * width);
        if (end > start)
        {
            op.Apply<TVec>(ref parameter, ref gradient, ref state0, ref state1, ref state2, start, end);
        }

        RunNarrower<T, TOp, TVec>(op, end, count, ref parameter, ref gradient, ref state0, ref state1, ref state2);
    }

    /// <summary>
    /// Applies <paramref name="op"/> to <c>[start, end)</c>, shorter than one <typeparamref name="TVec"/>
    /// (the alignment peel or the tail): one vector of each narrower width that fits, then the
    /// last few elements one at a time. Lanes are independent and every width performs the same
    /// operations, so the results are those of the scalar path (the tests pin this), and a
    /// 100-element tensor does not pay four scalar square roots and divisions in a row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunNarrower<T, TOp, TVec>(TOp op, nuint start, nuint end, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
        where TVec : struct, ISimd<TVec, T>
    {
        if (TVec.Count > Simd256<T>.Count)
        {
            start = RunOneVector<T, TOp, Simd256<T>>(op, start, end, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }

        if (TVec.Count > Simd128<T>.Count)
        {
            start = RunOneVector<T, TOp, Simd128<T>>(op, start, end, ref parameter, ref gradient, ref state0, ref state1, ref state2);
        }

        if (start < end)
        {
            op.Apply<SimdScalar<T>>(ref parameter, ref gradient, ref state0, ref state1, ref state2, start, end);
        }
    }

    /// <summary>Applies <paramref name="op"/> to one <typeparamref name="TVec"/> at <paramref name="start"/> if it fits before <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint RunOneVector<T, TOp, TVec>(TOp op, nuint start, nuint end, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
        where TVec : struct, ISimd<TVec, T>
    {
        var next = start + (nuint)TVec.Count;
        if (!TVec.IsAccelerated || next > end)
        {
            return start;
        }

        op.Apply<TVec>(ref parameter, ref gradient, ref state0, ref state1, ref state2, start, next);
        return next;
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
