using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LearningRate.Kernels.Simd;

/// <summary>The 512-bit width of <see cref="ISimd{TSelf, T}"/>, a thin wrapper over <see cref="Vector512{T}"/>.</summary>
internal readonly struct Simd512<T> : ISimd<Simd512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Simd512(Vector512<T> value) => _value = value;

    /// <summary>Gets a value indicating whether this width runs in hardware for <typeparamref name="T"/>.</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported;

    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Load(ref T source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd512<T> value, ref T destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Create(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator +(Simd512<T> left, Simd512<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator -(Simd512<T> left, Simd512<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator *(Simd512<T> left, Simd512<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator /(Simd512<T> left, Simd512<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator -(Simd512<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> FusedMultiplyAdd(Simd512<T> a, Simd512<T> b, Simd512<T> c)
    {
        // The public FusedMultiplyAdd overloads exist only for float and double; the JIT folds the type test.
        if (typeof(T) == typeof(float))
        {
            return new(Vector512.FusedMultiplyAdd(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>());
        }

        return new(Vector512.FusedMultiplyAdd(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Sqrt(Simd512<T> value) => new(Vector512.Sqrt(value._value));

    public static Simd512<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector512<T>.Zero);
    }

    public static Simd512<T> One
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector512<T>.One);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Max(Simd512<T> left, Simd512<T> right) => new(Vector512.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Min(Simd512<T> left, Simd512<T> right) => new(Vector512.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Clamp(Simd512<T> value, Simd512<T> min, Simd512<T> max) =>
        new(Vector512.Min(Vector512.Max(value._value, min._value), max._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Abs(Simd512<T> value) => new(Vector512.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> CopySign(Simd512<T> value, Simd512<T> sign) => new(Vector512.CopySign(value._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Sign(Simd512<T> value)
    {
        // ±1 with the input's sign, kept only where the input is non-zero and not NaN; elsewhere
        // the mask clears every bit, which is +0: the lanes SimdScalar<T>.Sign gives.
        var nonZero = Vector512.GreaterThan(value._value, Vector512<T>.Zero) | Vector512.LessThan(value._value, Vector512<T>.Zero);
        return new(nonZero & Vector512.CopySign(Vector512<T>.One, value._value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> GreaterThan(Simd512<T> left, Simd512<T> right) => new(Vector512.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> LessThan(Simd512<T> left, Simd512<T> right) => new(Vector512.LessThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Equals(Simd512<T> left, Simd512<T> right) => new(Vector512.Equals(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> ConditionalSelect(Simd512<T> mask, Simd512<T> whenTrue, Simd512<T> whenFalse) =>
        new(Vector512.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));

    // 16-bit storage (T is float): the format's bit operations on the same-width 32-bit lanes.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> LoadWidened<TFormat>(ref ushort source, nuint index)
        where TFormat : struct, IFloat16Format =>
        new(AsLanes(TFormat.Widen(SimdBits512.LoadUInt16(ref source, index)).Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed<TFormat>(Simd512<T> value, ref ushort destination, nuint index)
        where TFormat : struct, IFloat16Format =>
        SimdBits512.StoreUInt16(TFormat.Narrow(new SimdBits512(AsBits(value._value))), ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowedStochastic<TFormat>(Simd512<T> value, ref ushort destination, nuint index, uint key, nuint firstElement)
        where TFormat : struct, IFloat16Format =>
        SimdBits512.StoreUInt16(TFormat.NarrowStochastic(new SimdBits512(AsBits(value._value)), StochasticBits.Draw<SimdBits512>(key, firstElement)), ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> AsLanes(Vector512<uint> bits) => bits.As<uint, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> AsBits(Vector512<T> lanes) => lanes.As<T, uint>();
}
