using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The two lines every schedule-free update ends with, written once so that the kernels and the optimizers'
/// training-mode switch round them identically:
/// <code>
/// x ← (1 − c)·x + c·z          (upstream x.mul_(1 − ckp1).add_(z, alpha=ckp1))
/// y = β·x + (1 − β)·z          (upstream x.mul(beta1).add_(z, alpha=1 − beta1))
/// </code>
/// Each is one multiplication and one fused multiply-add. With c = 1 (the first update) the average is z exactly.
/// </summary>
internal static class ScheduleFreeInterpolation
{
    /// <summary>Returns the new average x from the old x and the new z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Average<T, TVec>(TVec x, TVec z, TVec averagingWeight, TVec oneMinusAveragingWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct, ISimd<TVec, T> =>
        TVec.FusedMultiplyAdd(averagingWeight, z, oneMinusAveragingWeight * x);

    /// <summary>Returns y, the point between x and z where the next gradient is taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Interpolate<T, TVec>(TVec x, TVec z, TVec beta, TVec oneMinusBeta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct, ISimd<TVec, T> =>
        TVec.FusedMultiplyAdd(oneMinusBeta, z, beta * x);

    /// <summary>
    /// Writes y = β·x + (1 − β)·z into <paramref name="destination"/>: bit for bit the y an update left, given the x
    /// and z it left and its β (narrowed to <typeparamref name="T"/> as the kernels' scalars narrow it).
    /// </summary>
    /// <remarks>The spans have one length and do not overlap (the optimizers' own buffers and a checked destination).</remarks>
    public static void Interpolate<T>(Span<T> destination, ReadOnlySpan<T> z, ReadOnlySpan<T> x, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelDriver.Run(
            new Operator<T>(T.CreateTruncating(beta), T.CreateTruncating(1 - beta)),
            destination.Length,
            ref MemoryMarshal.GetReference(destination),
            ref Unsafe.NullRef<T>(),
            ref MemoryMarshal.GetReference(z),
            ref MemoryMarshal.GetReference(x),
            ref Unsafe.NullRef<T>());
    }

    /// <summary>y = β·x + (1 − β)·z into the parameter slot; state 0 is z, state 1 is x, both only read.</summary>
    private readonly struct Operator<T>(T beta, T oneMinusBeta) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _beta = beta;
        private readonly T _oneMinusBeta = oneMinusBeta;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var beta = TVec.Create(_beta);
            var oneMinusBeta = TVec.Create(_oneMinusBeta);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var y = Interpolate<T, TVec>(TVec.Load(ref state1, i), TVec.Load(ref state0, i), beta, oneMinusBeta);
                TVec.Store(y, ref parameter, i);
            }
        }
    }
}
