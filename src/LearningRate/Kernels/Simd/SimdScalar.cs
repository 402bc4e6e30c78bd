using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// The one-lane width of <see cref="ISimd{TSelf, T}"/>: finishes every tail and is the whole path
/// when no vector width is accelerated. It uses the same fused multiply-add as the vector widths,
/// so an element gets bit-identical results whichever path updates it.
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Max(SimdScalar<T> left, SimdScalar<T> right) => new(T.Max(left._value, right._value));
}
