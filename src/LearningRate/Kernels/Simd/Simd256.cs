using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LearningRate.Kernels.Simd;

/// <summary>The 256-bit width of <see cref="ISimd{TSelf, T}"/>, a thin wrapper over <see cref="Vector256{T}"/>.</summary>
internal readonly struct Simd256<T> : ISimd<Simd256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector256<T> _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Simd256(Vector256<T> value) => _value = value;

    /// <summary>Gets a value indicating whether this width runs in hardware for <typeparamref name="T"/>.</summary>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported;

    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Load(ref T source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd256<T> value, ref T destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Create(T value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator +(Simd256<T> left, Simd256<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator -(Simd256<T> left, Simd256<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator *(Simd256<T> left, Simd256<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator /(Simd256<T> left, Simd256<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator -(Simd256<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> FusedMultiplyAdd(Simd256<T> a, Simd256<T> b, Simd256<T> c)
    {
        // The public FusedMultiplyAdd overloads exist only for float and double; the JIT folds the type test.
        if (typeof(T) == typeof(float))
        {
            return new(Vector256.FusedMultiplyAdd(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>());
        }

        return new(Vector256.FusedMultiplyAdd(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Sqrt(Simd256<T> value) => new(Vector256.Sqrt(value._value));

    public static Simd256<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector256<T>.Zero);
    }

    public static Simd256<T> One
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector256<T>.One);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Max(Simd256<T> left, Simd256<T> right) => new(Vector256.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Min(Simd256<T> left, Simd256<T> right) => new(Vector256.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Clamp(Simd256<T> value, Simd256<T> min, Simd256<T> max) =>
        new(Vector256.Min(Vector256.Max(value._value, min._value), max._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Abs(Simd256<T> value) => new(Vector256.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> CopySign(Simd256<T> value, Simd256<T> sign) => new(Vector256.CopySign(value._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Sign(Simd256<T> value)
    {
        // ±1 with the input's sign, kept only where the input is non-zero and not NaN; elsewhere
        // the mask clears every bit, which is +0: the lanes SimdScalar<T>.Sign gives.
        var nonZero = Vector256.GreaterThan(value._value, Vector256<T>.Zero) | Vector256.LessThan(value._value, Vector256<T>.Zero);
        return new(nonZero & Vector256.CopySign(Vector256<T>.One, value._value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> GreaterThan(Simd256<T> left, Simd256<T> right) => new(Vector256.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> LessThan(Simd256<T> left, Simd256<T> right) => new(Vector256.LessThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Equals(Simd256<T> left, Simd256<T> right) => new(Vector256.Equals(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> ConditionalSelect(Simd256<T> mask, Simd256<T> whenTrue, Simd256<T> whenFalse) =>
        new(Vector256.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));

    // 16-bit storage (T is float): the format's bit operations on the same-width 32-bit lanes.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> LoadWidened<TFormat>(ref ushort source, nuint index)
        where TFormat : struct, IFloat16Format =>
        new(AsLanes(TFormat.Widen(SimdBits256.LoadUInt16(ref source, index)).Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed<TFormat>(Simd256<T> value, ref ushort destination, nuint index)
        where TFormat : struct, IFloat16Format =>
        SimdBits256.StoreUInt16(TFormat.Narrow(new SimdBits256(AsBits(value._value))), ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowedStochastic<TFormat>(Simd256<T> value, ref ushort destination, nuint index, uint key, nuint firstElement)
        where TFormat : struct, IFloat16Format =>
        SimdBits256.StoreUInt16(TFormat.NarrowStochastic(new SimdBits256(AsBits(value._value)), StochasticBits.Draw<SimdBits256>(key, firstElement)), ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> AsLanes(Vector256<uint> bits) => bits.As<uint, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> AsBits(Vector256<T> lanes) => lanes.As<T, uint>();
}
