using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate;

/// <summary>
/// Conversions between 16-bit storage (<see cref="Half"/>, <see cref="BFloat16"/>) and float over whole spans,
/// vectorised with bit operations (AVX-512, AVX2, SSE or one element at a time, bit-identical on every path): about
/// as fast as copying the memory, where a loop of <c>(float)half</c> casts costs several nanoseconds per element.
/// </summary>
/// <remarks>
/// <para>
/// Widening is exact. Rounding to nearest gives the bits of <c>(Half)x</c> and <c>(BFloat16)x</c>: ties to even,
/// overflow to ±∞ (from 65520 for Half, from about 3.3961·10³⁸ for bfloat16), subnormals rounded exactly, never
/// flushed. NaN stays NaN with its sign and upper payload, quieted, in both directions.
/// </para>
/// <para>
/// Stochastic rounding rounds x to one of its two neighbours a and b (a &lt; x &lt; b) with probability
/// <c>P(b) = (x − a)/(b − a)</c>, so the expected result is x: summing many small updates stays unbiased where rounding
/// to nearest would drop every one of them. Values the format holds exactly, ±∞ and NaN round as to nearest. The
/// random bits of element i are a hash of (<c>seed</c>, <c>counter</c>, i): the same arguments give the same bits on every
/// width, in every run. The probability is exact for bfloat16 and for Half's normal range (16 and 13 dropped bits,
/// as many random bits drawn); below Half's smallest subnormal step it errs by less than 2⁻²⁴.
/// </para>
/// </remarks>
public static class ReducedPrecision
{
    /// <summary>Widens every element of <paramref name="source"/> to float: <c>destination[i] = (float)source[i]</c>.</summary>
    /// <param name="source">The Half values.</param>
    /// <param name="destination">Receives the floats; at least as long as <paramref name="source"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>, or the spans overlap.</exception>
    public static void Widen(ReadOnlySpan<Half> source, Span<float> destination) => Widen<Half>(source, destination);

    /// <summary>Widens every element of <paramref name="source"/> to float: <c>destination[i] = (float)source[i]</c>.</summary>
    /// <param name="source">The bfloat16 values.</param>
    /// <param name="destination">Receives the floats; at least as long as <paramref name="source"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>, or the spans overlap.</exception>
    public static void Widen(ReadOnlySpan<BFloat16> source, Span<float> destination) => Widen<BFloat16>(source, destination);

    /// <summary>Rounds every element to the nearest Half, ties to even: <c>destination[i] = (Half)source[i]</c>.</summary>
    /// <param name="source">The floats.</param>
    /// <param name="destination">Receives the Half values; at least as long as <paramref name="source"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>, or the spans overlap.</exception>
    public static void Narrow(ReadOnlySpan<float> source, Span<Half> destination) => Narrow<Half>(source, destination);

    /// <summary>Rounds every element to the nearest bfloat16, ties to even: <c>destination[i] = (BFloat16)source[i]</c>.</summary>
    /// <param name="source">The floats.</param>
    /// <param name="destination">Receives the bfloat16 values; at least as long as <paramref name="source"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>, or the spans overlap.</exception>
    public static void Narrow(ReadOnlySpan<float> source, Span<BFloat16> destination) => Narrow<BFloat16>(source, destination);

    /// <summary>
    /// Rounds every element to a neighbouring Half at random, unbiased (see the remarks): element i draws its random
    /// bits from (<paramref name="seed"/>, <paramref name="counter"/>, i).
    /// </summary>
    /// <param name="source">The floats.</param>
    /// <param name="destination">Receives the Half values; at least as long as <paramref name="source"/>.</param>
    /// <param name="seed">The seed of the random bits.</param>
    /// <param name="counter">A counter that changes the bits from call to call, usually the step.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>, or the spans overlap.</exception>
    public static void NarrowStochastic(ReadOnlySpan<float> source, Span<Half> destination, ulong seed, long counter) =>
        NarrowStochastic<Half>(source, destination, StochasticBits.Key(seed, counter), 0);

    /// <summary>
    /// Rounds every element to a neighbouring bfloat16 at random, unbiased (see the remarks): element i draws its
    /// random bits from (<paramref name="seed"/>, <paramref name="counter"/>, i).
    /// </summary>
    /// <param name="source">The floats.</param>
    /// <param name="destination">Receives the bfloat16 values; at least as long as <paramref name="source"/>.</param>
    /// <param name="seed">The seed of the random bits.</param>
    /// <param name="counter">A counter that changes the bits from call to call, usually the step.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>, or the spans overlap.</exception>
    public static void NarrowStochastic(ReadOnlySpan<float> source, Span<BFloat16> destination, ulong seed, long counter) =>
        NarrowStochastic<BFloat16>(source, destination, StochasticBits.Key(seed, counter), 0);

    /// <summary>Tells whether <typeparamref name="T"/> is a 16-bit storage type, <see cref="Half"/> or <see cref="BFloat16"/>.</summary>
    internal static bool IsStorage<T>() => typeof(T) == typeof(Half) || typeof(T) == typeof(BFloat16);

    /// <summary>Widens a span of <see cref="Half"/> or <see cref="BFloat16"/> after checking lengths and overlap.</summary>
    internal static void Widen<TStorage>(ReadOnlySpan<TStorage> source, Span<float> destination)
        where TStorage : unmanaged
    {
        Check(MemoryMarshal.AsBytes(source), source.Length, MemoryMarshal.AsBytes(destination), destination.Length);
        WidenUnchecked(source, destination);
    }

    /// <summary>Rounds to nearest into a span of <see cref="Half"/> or <see cref="BFloat16"/> after checking lengths and overlap.</summary>
    internal static void Narrow<TStorage>(ReadOnlySpan<float> source, Span<TStorage> destination)
        where TStorage : unmanaged
    {
        Check(MemoryMarshal.AsBytes(source), source.Length, MemoryMarshal.AsBytes(destination), destination.Length);
        NarrowUnchecked(source, destination);
    }

    /// <summary>Rounds stochastically into a span of <see cref="Half"/> or <see cref="BFloat16"/> after checking lengths and overlap.</summary>
    internal static void NarrowStochastic<TStorage>(ReadOnlySpan<float> source, Span<TStorage> destination, uint key, nuint firstElement)
        where TStorage : unmanaged
    {
        Check(MemoryMarshal.AsBytes(source), source.Length, MemoryMarshal.AsBytes(destination), destination.Length);
        NarrowStochasticUnchecked(source, destination, key, firstElement);
    }

    /// <summary>Widens <c>source.Length</c> elements; <paramref name="destination"/> is long enough and separate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void WidenUnchecked<TStorage>(ReadOnlySpan<TStorage> source, Span<float> destination)
        where TStorage : unmanaged
    {
        ref var from = ref Bits(source);
        if (typeof(TStorage) == typeof(Half))
        {
            var loop = new Float16Loops.Widen<HalfFormat>(ref from, ref MemoryMarshal.GetReference(destination));
            LaneDriver.Run<float, Float16Loops.Widen<HalfFormat>>(ref loop, (nuint)source.Length);
        }
        else
        {
            var loop = new Float16Loops.Widen<BFloat16Format>(ref from, ref MemoryMarshal.GetReference(destination));
            LaneDriver.Run<float, Float16Loops.Widen<BFloat16Format>>(ref loop, (nuint)source.Length);
        }
    }

    /// <summary>Rounds <c>source.Length</c> elements to nearest; <paramref name="destination"/> is long enough and separate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void NarrowUnchecked<TStorage>(ReadOnlySpan<float> source, Span<TStorage> destination)
        where TStorage : unmanaged
    {
        ref var from = ref MemoryMarshal.GetReference(source);
        if (typeof(TStorage) == typeof(Half))
        {
            var loop = new Float16Loops.Narrow<HalfFormat>(ref from, ref Bits(destination));
            LaneDriver.Run<float, Float16Loops.Narrow<HalfFormat>>(ref loop, (nuint)source.Length);
        }
        else
        {
            var loop = new Float16Loops.Narrow<BFloat16Format>(ref from, ref Bits(destination));
            LaneDriver.Run<float, Float16Loops.Narrow<BFloat16Format>>(ref loop, (nuint)source.Length);
        }
    }

    /// <summary>Rounds <c>source.Length</c> elements stochastically, element i drawing the bits of <c>firstElement + i</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void NarrowStochasticUnchecked<TStorage>(ReadOnlySpan<float> source, Span<TStorage> destination, uint key, nuint firstElement)
        where TStorage : unmanaged
    {
        ref var from = ref MemoryMarshal.GetReference(source);
        if (typeof(TStorage) == typeof(Half))
        {
            var loop = new Float16Loops.NarrowStochastic<HalfFormat>(ref from, ref Bits(destination), key, firstElement);
            LaneDriver.Run<float, Float16Loops.NarrowStochastic<HalfFormat>>(ref loop, (nuint)source.Length);
        }
        else
        {
            var loop = new Float16Loops.NarrowStochastic<BFloat16Format>(ref from, ref Bits(destination), key, firstElement);
            LaneDriver.Run<float, Float16Loops.NarrowStochastic<BFloat16Format>>(ref loop, (nuint)source.Length);
        }
    }

    /// <summary>The 16-bit patterns of a Half or bfloat16 span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ref ushort Bits<TStorage>(ReadOnlySpan<TStorage> span)
        where TStorage : unmanaged =>
        ref Unsafe.As<TStorage, ushort>(ref MemoryMarshal.GetReference(span));

    /// <summary>The 16-bit patterns of a Half or bfloat16 span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ref ushort Bits<TStorage>(Span<TStorage> span)
        where TStorage : unmanaged =>
        ref Unsafe.As<TStorage, ushort>(ref MemoryMarshal.GetReference(span));

    private static void Check(ReadOnlySpan<byte> source, int sourceLength, ReadOnlySpan<byte> destination, int destinationLength)
    {
        if (destinationLength < sourceLength)
        {
            Guard.ThrowArgument("destination", $"The destination has {destinationLength} elements; it needs at least the source's {sourceLength}.");
        }

        if (source.Overlaps(destination))
        {
            Guard.ThrowArgument("destination", "The destination overlaps the source.");
        }
    }
}
