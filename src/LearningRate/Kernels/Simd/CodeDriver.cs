using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// Runs an <see cref="ICodeOperation{T}"/> over a block: full vectors of the widest accelerated width of
/// <see cref="ICodeLanes{TSelf}"/>, then at most one vector of each narrower width, then the last elements one at a
/// time. Every width performs the same lane-wise operations, so the codes and values do not depend on the split.
/// </summary>
internal static class CodeDriver
{
    /// <summary>Applies <paramref name="operation"/> to elements <c>[0, length)</c>.</summary>
    /// <remarks>
    /// Not inlined and fully optimized from the first call, as <see cref="KernelDriver.RunSerial{T, TOp}"/>: each
    /// (element type, operation) pair gets its own compiled loop with a fresh inlining budget, and unoptimized code,
    /// which does not inline the lane wrappers, would make a training loop's first steps many times slower.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TOperation>(ref TOperation operation, int length, ref byte codes, ref T values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperation : struct, ICodeOperation<T>
    {
        var count = (nuint)length;
        if (CodeLanes512.IsAccelerated)
        {
            RunWidest<T, TOperation, CodeLanes512>(ref operation, count, ref codes, ref values);
        }
        else if (CodeLanes256.IsAccelerated)
        {
            RunWidest<T, TOperation, CodeLanes256>(ref operation, count, ref codes, ref values);
        }
        else if (CodeLanes128.IsAccelerated)
        {
            RunWidest<T, TOperation, CodeLanes128>(ref operation, count, ref codes, ref values);
        }
        else
        {
            operation.Apply<CodeLanesScalar>(ref codes, ref values, 0, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunWidest<T, TOperation, TLanes>(ref TOperation operation, nuint count, ref byte codes, ref T values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperation : struct, ICodeOperation<T>
        where TLanes : struct, ICodeLanes<TLanes>
    {
        var width = (nuint)TLanes.Count;
        var start = count / width * width;
        if (start > 0)
        {
            operation.Apply<TLanes>(ref codes, ref values, 0, start);
        }

        if (TLanes.Count > CodeLanes256.Count)
        {
            start = RunOne<T, TOperation, CodeLanes256>(ref operation, start, count, ref codes, ref values);
        }

        if (TLanes.Count > CodeLanes128.Count)
        {
            start = RunOne<T, TOperation, CodeLanes128>(ref operation, start, count, ref codes, ref values);
        }

        if (start < count)
        {
            operation.Apply<CodeLanesScalar>(ref codes, ref values, start, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint RunOne<T, TOperation, TLanes>(ref TOperation operation, nuint start, nuint end, ref byte codes, ref T values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperation : struct, ICodeOperation<T>
        where TLanes : struct, ICodeLanes<TLanes>
    {
        var next = start + (nuint)TLanes.Count;
        if (!TLanes.IsAccelerated || next > end)
        {
            return start;
        }

        operation.Apply<TLanes>(ref codes, ref values, start, next);
        return next;
    }
}
