using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LearningRate.Kernels.Simd;

/// <summary>The 128-bit width of <see cref="ISimdBits{TSelf}"/>: 4 lanes of a <see cref="Vector128{T}"/> of <see cref="uint"/>.</summary>
internal readonly struct SimdBits128 : ISimdBits<SimdBits128>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SimdBits128(Vector128<uint> value) => Value = value;

    /// <summary>Gets the lanes.</summary>
    public Vector128<uint> Value { get; }

    public static SimdBits128 Indices
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector128<uint>.Indices);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 Create(uint value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 LoadUInt16(ref ushort source, nuint index)
    {
        var raw = Vector64.LoadUnsafe(ref source, index);
        return new(Vector128.WidenLower(raw.ToVector128Unsafe()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreUInt16(SimdBits128 value, ref ushort destination, nuint index)
    {
        Vector128.Narrow(value.Value, value.Value).GetLower().StoreUnsafe(ref destination, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 operator &(SimdBits128 left, SimdBits128 right) => new(left.Value & right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 operator |(SimdBits128 left, SimdBits128 right) => new(left.Value | right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 operator ^(SimdBits128 left, SimdBits128 right) => new(left.Value ^ right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 operator +(SimdBits128 left, SimdBits128 right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 operator -(SimdBits128 left, SimdBits128 right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 operator *(SimdBits128 left, SimdBits128 right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 ShiftLeft(SimdBits128 value, [ConstantExpected(Min = 0, Max = 31)] int count) => new(value.Value << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 ShiftRightLogical(SimdBits128 value, [ConstantExpected(Min = 0, Max = 31)] int count) => new(value.Value >>> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 GreaterThan(SimdBits128 left, SimdBits128 right) => new(Vector128.GreaterThan(left.Value.AsInt32(), right.Value.AsInt32()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 Equals(SimdBits128 left, SimdBits128 right) => new(Vector128.Equals(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 ConditionalSelect(SimdBits128 mask, SimdBits128 whenTrue, SimdBits128 whenFalse) =>
        new(Vector128.ConditionalSelect(mask.Value, whenTrue.Value, whenFalse.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 AddSingle(SimdBits128 left, SimdBits128 right) => new((left.Value.AsSingle() + right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 SubtractSingle(SimdBits128 left, SimdBits128 right) => new((left.Value.AsSingle() - right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 MultiplySingle(SimdBits128 left, SimdBits128 right) => new((left.Value.AsSingle() * right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 FloorSingle(SimdBits128 value) => new(Vector128.Floor(value.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 LessThanSingle(SimdBits128 left, SimdBits128 right) => new(Vector128.LessThan(left.Value.AsSingle(), right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 ConvertSingleToUInt32(SimdBits128 value) => new(Vector128.ConvertToInt32(value.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits128 ConvertUInt32ToSingle(SimdBits128 value) => new(Vector128.ConvertToSingle(value.Value.AsInt32()).AsUInt32());
}
