using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// The one-lane width of <see cref="ISimd{TSelf, T}"/>: finishes every tail and is the whole path
/// when no vector width is accelerated. It uses the same fused multiply-add as the vector widths,
/// the vector widths' own minimum and maximum (on one lane), and comparison masks with every bit
/// set, so an element gets bit-identical results whichever path updates it.
/// </summary>
internal readonly struct SimdScalar<T> : ISimd<SimdScalar<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private SimdScalar(T value) => _value = value;

    public static bool IsAccelerated => true;

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Load(ref T source, nuint index) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(SimdScalar<T> value, ref T destination, nuint index) => Unsafe.Add(ref destination, index) = value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Create(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator +(SimdScalar<T> left, SimdScalar<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator -(SimdScalar<T> left, SimdScalar<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator *(SimdScalar<T> left, SimdScalar<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator /(SimdScalar<T> left, SimdScalar<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator -(SimdScalar<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> FusedMultiplyAdd(SimdScalar<T> a, SimdScalar<T> b, SimdScalar<T> c) => new(T.FusedMultiplyAdd(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Sqrt(SimdScalar<T> value) => new(T.Sqrt(value._value));

    public static SimdScalar<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(T.Zero);
    }

    public static SimdScalar<T> One
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(T.One);
    }

    /// <remarks>
    /// The 128-bit operation on one lane, not <c>T.Max</c>: both follow IEEE 754:2019, but when both
    /// inputs are NaN (or one is signalling) <c>T.Max</c> picks the vector widths' NaN only where
    /// the JIT expands it as a hardware intrinsic; unoptimized code runs its managed formula, which
    /// differs from the AVX-512 instructions. One lane of <see cref="Vector128{T}"/> is the vector
    /// widths' own operation in every configuration, the software fallback included, and costs no
    /// more than the scalar instruction sequence.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Max(SimdScalar<T> left, SimdScalar<T> right) =>
        new(Vector128.Max(Vector128.CreateScalarUnsafe(left._value), Vector128.CreateScalarUnsafe(right._value)).ToScalar());

    /// <remarks>One lane of <see cref="Vector128{T}"/>, for the reason given on <see cref="Max"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Min(SimdScalar<T> left, SimdScalar<T> right) =>
        new(Vector128.Min(Vector128.CreateScalarUnsafe(left._value), Vector128.CreateScalarUnsafe(right._value)).ToScalar());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Clamp(SimdScalar<T> value, SimdScalar<T> min, SimdScalar<T> max) => Min(Max(value, min), max);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Abs(SimdScalar<T> value) => new(T.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> CopySign(SimdScalar<T> value, SimdScalar<T> sign) => new(T.CopySign(value._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Sign(SimdScalar<T> value)
    {
        var x = value._value;
        return x > T.Zero ? One : x < T.Zero ? new(-T.One) : Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> GreaterThan(SimdScalar<T> left, SimdScalar<T> right) => Mask(left._value > right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> LessThan(SimdScalar<T> left, SimdScalar<T> right) => Mask(left._value < right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Equals(SimdScalar<T> left, SimdScalar<T> right) => Mask(left._value == right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> ConditionalSelect(SimdScalar<T> mask, SimdScalar<T> whenTrue, SimdScalar<T> whenFalse)
    {
        // Bitwise, as the vector widths: a lane that is neither all ones nor all zeros mixes bits
        // there too. T only promises IFloatingPointIeee754, which has no bitwise operators, so the
        // bits go through the integer of the same size; the JIT keeps one branch.
        if (typeof(T) == typeof(float))
        {
            var bits = Unsafe.BitCast<T, uint>(mask._value);
            var result = (bits & Unsafe.BitCast<T, uint>(whenTrue._value)) | (~bits & Unsafe.BitCast<T, uint>(whenFalse._value));
            return new(Unsafe.BitCast<uint, T>(result));
        }
        else
        {
            var bits = Unsafe.BitCast<T, ulong>(mask._value);
            var result = (bits & Unsafe.BitCast<T, ulong>(whenTrue._value)) | (~bits & Unsafe.BitCast<T, ulong>(whenFalse._value));
            return new(Unsafe.BitCast<ulong, T>(result));
        }
    }

    // 16-bit storage (T is float): the format's bit operations on the same-width 32-bit lanes.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> LoadWidened<TFormat>(ref ushort source, nuint index)
        where TFormat : struct, IFloat16Format =>
        new(Unsafe.BitCast<uint, T>(TFormat.Widen(SimdBitsScalar.LoadUInt16(ref source, index)).Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed<TFormat>(SimdScalar<T> value, ref ushort destination, nuint index)
        where TFormat : struct, IFloat16Format =>
        SimdBitsScalar.StoreUInt16(TFormat.Narrow(new SimdBitsScalar(Unsafe.BitCast<T, uint>(value._value))), ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowedStochastic<TFormat>(SimdScalar<T> value, ref ushort destination, nuint index, uint key, nuint firstElement)
        where TFormat : struct, IFloat16Format =>
        SimdBitsScalar.StoreUInt16(TFormat.NarrowStochastic(new SimdBitsScalar(Unsafe.BitCast<T, uint>(value._value)), StochasticBits.Draw<SimdBitsScalar>(key, firstElement)), ref destination, index);

    /// <summary>The comparison result as the vector widths give it: all bits set for true, +0 for false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static SimdScalar<T> Mask(bool condition)
    {
        if (!condition)
        {
            return Zero;
        }

        return typeof(T) == typeof(float) ? new(Unsafe.BitCast<uint, T>(uint.MaxValue)) : new(Unsafe.BitCast<ulong, T>(ulong.MaxValue));
    }
}
