using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// The one-lane width of <see cref="ISimdBits{TSelf}"/>, for the tails and the scalar-only path: the same integer
/// operations and the same IEEE float operations (rounded to nearest even, subnormals kept) on one 32-bit lane.
/// </summary>
internal readonly struct SimdBitsScalar : ISimdBits<SimdBitsScalar>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SimdBitsScalar(uint value) => Value = value;

    /// <summary>Gets the lane.</summary>
    public uint Value { get; }

    public static SimdBitsScalar Indices
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => default;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar Create(uint value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar LoadUInt16(ref ushort source, nuint index) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreUInt16(SimdBitsScalar value, ref ushort destination, nuint index) => Unsafe.Add(ref destination, index) = (ushort)value.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar operator &(SimdBitsScalar left, SimdBitsScalar right) => new(left.Value & right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar operator |(SimdBitsScalar left, SimdBitsScalar right) => new(left.Value | right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar operator ^(SimdBitsScalar left, SimdBitsScalar right) => new(left.Value ^ right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar operator +(SimdBitsScalar left, SimdBitsScalar right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar operator -(SimdBitsScalar left, SimdBitsScalar right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar operator *(SimdBitsScalar left, SimdBitsScalar right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar ShiftLeft(SimdBitsScalar value, [ConstantExpected(Min = 0, Max = 31)] int count) => new(value.Value << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar ShiftRightLogical(SimdBitsScalar value, [ConstantExpected(Min = 0, Max = 31)] int count) => new(value.Value >>> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar GreaterThan(SimdBitsScalar left, SimdBitsScalar right) => Mask((int)left.Value > (int)right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar Equals(SimdBitsScalar left, SimdBitsScalar right) => Mask(left.Value == right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar ConditionalSelect(SimdBitsScalar mask, SimdBitsScalar whenTrue, SimdBitsScalar whenFalse) =>
        new((mask.Value & whenTrue.Value) | (~mask.Value & whenFalse.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar AddSingle(SimdBitsScalar left, SimdBitsScalar right) => FromSingle(left.AsSingle() + right.AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar SubtractSingle(SimdBitsScalar left, SimdBitsScalar right) => FromSingle(left.AsSingle() - right.AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar MultiplySingle(SimdBitsScalar left, SimdBitsScalar right) => FromSingle(left.AsSingle() * right.AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar FloorSingle(SimdBitsScalar value) => FromSingle(MathF.Floor(value.AsSingle()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar LessThanSingle(SimdBitsScalar left, SimdBitsScalar right) => Mask(left.AsSingle() < right.AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar ConvertSingleToUInt32(SimdBitsScalar value) => new((uint)(int)value.AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBitsScalar ConvertUInt32ToSingle(SimdBitsScalar value) => FromSingle((int)value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static SimdBitsScalar Mask(bool condition) => new(condition ? uint.MaxValue : 0u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static SimdBitsScalar FromSingle(float value) => new(BitConverter.SingleToUInt32Bits(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float AsSingle() => BitConverter.UInt32BitsToSingle(Value);
}
