using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// Runs a float update over parameters stored in 16 bits (<see cref="Half"/> or <see cref="BFloat16"/>), a chunk at a
/// time: widen the chunk's parameters (plus their compensation under <see cref="ReducedPrecisionRounding.Kahan"/>) and
/// gradients into float buffers on the stack, run the update (<see cref="IChunkUpdate"/>), round the parameters back.
/// The chunk is small enough for both buffers to stay in L1, so the widening and rounding passes cost cache traffic
/// only: memory sees 2 bytes read and written per parameter, 2 read per gradient (4 when they are floats), 2 more
/// each way with a compensation buffer, plus the update's own float state.
/// </summary>
/// <remarks>
/// Every element is processed once, in chunks of <see cref="ChunkLength"/>; the conversions are bit-identical on every
/// SIMD width, and stochastic rounding draws element i's bits from (key, i), so the result depends neither on the
/// width nor on the chunking. Allocates nothing.
/// </remarks>
internal static class ReducedPrecisionDriver
{
    /// <summary>Elements per chunk: two float buffers of 4 KiB each, well inside any L1 data cache.</summary>
    public const int ChunkLength = 1024;

    /// <summary>
    /// Updates every element of <paramref name="parameters"/> with <paramref name="update"/> and rounds the results
    /// with <paramref name="rounding"/>.
    /// </summary>
    /// <typeparam name="TStorage"><see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
    /// <typeparam name="TGradient"><typeparamref name="TStorage"/> or <see cref="float"/> (then read in place).</typeparam>
    /// <typeparam name="TUpdate">The float update.</typeparam>
    /// <param name="update">The float update, called once per chunk in order.</param>
    /// <param name="parameters">The parameters, rounded back in place.</param>
    /// <param name="gradients">The gradients, as long as <paramref name="parameters"/>.</param>
    /// <param name="compensation">Under Kahan rounding, the residuals (as long as <paramref name="parameters"/>, zero at first); otherwise unused.</param>
    /// <param name="rounding">How to round the updated parameters.</param>
    /// <param name="stochasticKey">Under stochastic rounding, the step's key (<see cref="StochasticBits.Key"/>); element i draws the bits of (key, firstElement + i).</param>
    /// <param name="firstElement">
    /// The index of <paramref name="parameters"/>' first element in the whole tensor, when the caller splits a tensor
    /// (over threads, say): the random bits stay those of an unsplit run.
    /// </param>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TStorage, TGradient, TUpdate>(
        ref TUpdate update,
        Span<TStorage> parameters,
        ReadOnlySpan<TGradient> gradients,
        Span<TStorage> compensation,
        ReducedPrecisionRounding rounding,
        uint stochasticKey,
        nuint firstElement = 0)
        where TStorage : unmanaged
        where TGradient : unmanaged
        where TUpdate : struct, IChunkUpdate, allows ref struct
    {
        Debug.Assert(ReducedPrecision.IsStorage<TStorage>(), "The parameters are Half or BFloat16.");
        Debug.Assert(typeof(TGradient) == typeof(TStorage) || typeof(TGradient) == typeof(float), "The gradients are 16-bit like the parameters, or float.");
        Debug.Assert(gradients.Length == parameters.Length, "One gradient per parameter.");
        Debug.Assert(rounding != ReducedPrecisionRounding.Kahan || compensation.Length == parameters.Length, "One residual per parameter.");

        Span<float> values = stackalloc float[ChunkLength];
        Span<float> widened = stackalloc float[ChunkLength];
        for (var start = 0; start < parameters.Length; start += ChunkLength)
        {
            var count = Math.Min(ChunkLength, parameters.Length - start);
            var p = values[..count];
            var stored = parameters.Slice(start, count);
            if (rounding == ReducedPrecisionRounding.Kahan)
            {
                WidenSum(stored, compensation.Slice(start, count), p);
            }
            else
            {
                ReducedPrecision.WidenUnchecked<TStorage>(stored, p);
            }

            scoped ReadOnlySpan<float> g;
            if (typeof(TGradient) == typeof(float))
            {
                g = MemoryMarshal.Cast<TGradient, float>(gradients.Slice(start, count));
            }
            else
            {
                ReducedPrecision.WidenUnchecked(gradients.Slice(start, count), widened);
                g = widened[..count];
            }

            update.Update(p, g, start);

            switch (rounding)
            {
                case ReducedPrecisionRounding.Kahan:
                    NarrowCompensated(p, stored, compensation.Slice(start, count));
                    break;
                case ReducedPrecisionRounding.Stochastic:
                    ReducedPrecision.NarrowStochasticUnchecked<TStorage>(p, stored, stochasticKey, firstElement + (nuint)start);
                    break;
                default:
                    ReducedPrecision.NarrowUnchecked<TStorage>(p, stored);
                    break;
            }
        }
    }

    private static void WidenSum<TStorage>(Span<TStorage> value, Span<TStorage> compensation, Span<float> destination)
        where TStorage : unmanaged
    {
        ref var v = ref ReducedPrecision.Bits(value);
        ref var c = ref ReducedPrecision.Bits(compensation);
        ref var d = ref MemoryMarshal.GetReference(destination);
        if (typeof(TStorage) == typeof(Half))
        {
            var loop = new Float16Loops.WidenSum<HalfFormat>(ref v, ref c, ref d);
            LaneDriver.Run<float, Float16Loops.WidenSum<HalfFormat>>(ref loop, (nuint)value.Length);
        }
        else
        {
            var loop = new Float16Loops.WidenSum<BFloat16Format>(ref v, ref c, ref d);
            LaneDriver.Run<float, Float16Loops.WidenSum<BFloat16Format>>(ref loop, (nuint)value.Length);
        }
    }

    private static void NarrowCompensated<TStorage>(Span<float> source, Span<TStorage> value, Span<TStorage> compensation)
        where TStorage : unmanaged
    {
        ref var s = ref MemoryMarshal.GetReference(source);
        ref var v = ref ReducedPrecision.Bits(value);
        ref var c = ref ReducedPrecision.Bits(compensation);
        if (typeof(TStorage) == typeof(Half))
        {
            var loop = new Float16Loops.NarrowCompensated<HalfFormat>(ref s, ref v, ref c);
            LaneDriver.Run<float, Float16Loops.NarrowCompensated<HalfFormat>>(ref loop, (nuint)source.Length);
        }
        else
        {
            var loop = new Float16Loops.NarrowCompensated<BFloat16Format>(ref s, ref v, ref c);
            LaneDriver.Run<float, Float16Loops.NarrowCompensated<BFloat16Format>>(ref loop, (nuint)source.Length);
        }
    }
}
