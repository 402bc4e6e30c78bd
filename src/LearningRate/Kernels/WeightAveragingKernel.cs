using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The updates of a running weight average as fused passes over <see cref="ISimd{TSelf, T}"/>, in PyTorch's order of
/// operations on the CPU (<c>torch.optim.swa_utils</c>): the equal-weight mean of stochastic weight averaging and the
/// exponential moving average. The caller checks that the spans have one length and do not overlap.
/// </summary>
internal static class WeightAveragingKernel
{
    /// <summary>
    /// SWA, PyTorch's <c>get_swa_avg_fn</c>: <c>a ← a + (p − a)/m</c> with m = n + 1 rounded to
    /// <typeparamref name="T"/>, n the number of parameter sets already in the mean (n ≥ 1).
    /// </summary>
    public static void Equal<T>(Span<T> average, ReadOnlySpan<T> parameters, long averaged)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run(new EqualOperator<T>(T.CreateTruncating(averaged + 1)), average, parameters);

    /// <summary>
    /// EMA, PyTorch's <c>get_ema_multi_avg_fn(decay)</c>, which calls <c>lerp_(a, p, w)</c> with w = 1 − decay rounded to
    /// <typeparamref name="T"/>; ATen's vector lerp is one fused multiply-add, from the nearer end:
    /// <c>a ← fma(w, p − a, a)</c> when |w| &lt; 0.5, else <c>a ← fma(w − 1, p − a, p)</c>.
    /// </summary>
    public static void Exponential<T>(Span<T> average, ReadOnlySpan<T> parameters, double decay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weight = T.CreateTruncating(1 - decay);
        if (T.Abs(weight) < T.CreateTruncating(0.5))
        {
            Run(new ExponentialOperator<T, On>(weight), average, parameters);
        }
        else
        {
            Run(new ExponentialOperator<T, Off>(weight - T.One), average, parameters);
        }
    }

    /// <summary>Exchanges the elements of the two spans.</summary>
    public static void Swap<T>(Span<T> average, Span<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run(default(SwapOperator<T>), average, parameters);

    private static void Run<T, TOp>(in TOp op, Span<T> average, ReadOnlySpan<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        // The average is the written span, so it takes the parameter slot, whose alignment the driver peels for.
        KernelDriver.Run(
            op,
            average.Length,
            ref MemoryMarshal.GetReference(average),
            ref MemoryMarshal.GetReference(parameters),
            ref Unsafe.NullRef<T>(),
            ref Unsafe.NullRef<T>(),
            ref Unsafe.NullRef<T>());
    }

    /// <summary><c>a ← a + (p − a)/m</c>; the "gradient" slot holds the model's parameters p, read only.</summary>
    private readonly struct EqualOperator<T>(T divisor) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _divisor = divisor;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var divisor = TVec.Create(_divisor);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var a = TVec.Load(ref parameter, i);
                TVec.Store(a + ((TVec.Load(ref gradient, i) - a) / divisor), ref parameter, i);
            }
        }
    }

    /// <summary>
    /// <c>a ← fma(c, p − a, a)</c> (<typeparamref name="TFromAverage"/> set, c = w) or <c>a ← fma(c, p − a, p)</c>
    /// (c = w − 1); the "gradient" slot holds p, read only.
    /// </summary>
    private readonly struct ExponentialOperator<T, TFromAverage>(T coefficient) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFromAverage : struct, IFlag
    {
        private readonly T _coefficient = coefficient;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var coefficient = TVec.Create(_coefficient);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var a = TVec.Load(ref parameter, i);
                var p = TVec.Load(ref gradient, i);
                TVec.Store(TVec.FusedMultiplyAdd(coefficient, p - a, TFromAverage.IsSet ? a : p), ref parameter, i);
            }
        }
    }

    /// <summary>Exchanges the "parameter" slot (the average) and the "gradient" slot (the model's parameters), both written.</summary>
    private readonly struct SwapOperator<T> : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var a = TVec.Load(ref parameter, i);
                TVec.Store(TVec.Load(ref gradient, i), ref parameter, i);
                TVec.Store(a, ref gradient, i);
            }
        }
    }
}
