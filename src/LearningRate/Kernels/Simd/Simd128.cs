using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LearningRate.Kernels.Simd;

/// <summary>The 128-bit width of <see cref="ISimd{TSelf, T}"/>, a thin wrapper over <see cref="Vector128{T}"/>.</summary>
internal readonly struct Simd128<T> : ISimd<Simd128<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector128<T> _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Simd128(Vector128<T> value) => _value = value;

    /// <summary>Gets a value indicating whether this width runs in hardware for <typeparamref name="T"/>.</summary>
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported;

    public static int Count => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Load(ref T source, nuint index) => new(Vector128.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd128<T> value, ref T destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Create(T value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator +(Simd128<T> left, Simd128<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator -(Simd128<T> left, Simd128<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator *(Simd128<T> left, Simd128<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator /(Simd128<T> left, Simd128<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator -(Simd128<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> FusedMultiplyAdd(Simd128<T> a, Simd128<T> b, Simd128<T> c)
    {
        // The public FusedMultiplyAdd overloads exist only for float and double; the JIT folds the type test.
        if (typeof(T) == typeof(float))
        {
            return new(Vector128.FusedMultiplyAdd(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>());
        }

        return new(Vector128.FusedMultiplyAdd(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Sqrt(Simd128<T> value) => new(Vector128.Sqrt(value._value));

    public static Simd128<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector128<T>.Zero);
    }

    public static Simd128<T> One
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector128<T>.One);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Max(Simd128<T> left, Simd128<T> right) => new(Vector128.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Min(Simd128<T> left, Simd128<T> right) => new(Vector128.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Clamp(Simd128<T> value, Simd128<T> min, Simd128<T> max) =>
        new(Vector128.Min(Vector128.Max(value._value, min._value), max._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Abs(Simd128<T> value) => new(Vector128.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> CopySign(Simd128<T> value, Simd128<T> sign) => new(Vector128.CopySign(value._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Sign(Simd128<T> value)
    {
        // ±1 with the input's sign, kept only where the input is non-zero and not NaN; elsewhere
        // the mask clears every bit, which is +0: the lanes SimdScalar<T>.Sign gives.
        var nonZero = Vector128.GreaterThan(value._value, Vector128<T>.Zero) | Vector128.LessThan(value._value, Vector128<T>.Zero);
        return new(nonZero & Vector128.CopySign(Vector128<T>.One, value._value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> GreaterThan(Simd128<T> left, Simd128<T> right) => new(Vector128.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> LessThan(Simd128<T> left, Simd128<T> right) => new(Vector128.LessThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Equals(Simd128<T> left, Simd128<T> right) => new(Vector128.Equals(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ConditionalSelect(Simd128<T> mask, Simd128<T> whenTrue, Simd128<T> whenFalse) =>
        new(Vector128.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));

    // 16-bit storage (T is float): the format's bit operations on the same-width 32-bit lanes.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> LoadWidened<TFormat>(ref ushort source, nuint index)
        where TFormat : struct, IFloat16Format =>
        new(AsLanes(TFormat.Widen(SimdBits128.LoadUInt16(ref source, index)).Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed<TFormat>(Simd128<T> value, ref ushort destination, nuint index)
        where TFormat : struct, IFloat16Format =>
        SimdBits128.StoreUInt16(TFormat.Narrow(new SimdBits128(AsBits(value._value))), ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowedStochastic<TFormat>(Simd128<T> value, ref ushort destination, nuint index, uint key, nuint firstElement)
        where TFormat : struct, IFloat16Format =>
        SimdBits128.StoreUInt16(TFormat.NarrowStochastic(new SimdBits128(AsBits(value._value)), StochasticBits.Draw<SimdBits128>(key, firstElement)), ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> AsLanes(Vector128<uint> bits) => bits.As<uint, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> AsBits(Vector128<T> lanes) => lanes.As<T, uint>();
}
