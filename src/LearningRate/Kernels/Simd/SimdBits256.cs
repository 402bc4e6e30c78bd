using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LearningRate.Kernels.Simd;

/// <summary>The 256-bit width of <see cref="ISimdBits{TSelf}"/>: 8 lanes of a <see cref="Vector256{T}"/> of <see cref="uint"/>.</summary>
internal readonly struct SimdBits256 : ISimdBits<SimdBits256>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SimdBits256(Vector256<uint> value) => Value = value;

    /// <summary>Gets the lanes.</summary>
    public Vector256<uint> Value { get; }

    public static SimdBits256 Indices
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector256<uint>.Indices);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 Create(uint value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 LoadUInt16(ref ushort source, nuint index)
    {
        var raw = Vector128.LoadUnsafe(ref source, index);
        return Avx2.IsSupported
            ? new(Avx2.ConvertToVector256Int32(raw).AsUInt32())
            : new(Vector256.Create(Vector128.WidenLower(raw), Vector128.WidenUpper(raw)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreUInt16(SimdBits256 value, ref ushort destination, nuint index)
    {
        var narrowed = Avx512F.VL.IsSupported
            ? Avx512F.VL.ConvertToVector128UInt16(value.Value)
            : Vector256.Narrow(value.Value, value.Value).GetLower();
        narrowed.StoreUnsafe(ref destination, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 operator &(SimdBits256 left, SimdBits256 right) => new(left.Value & right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 operator |(SimdBits256 left, SimdBits256 right) => new(left.Value | right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 operator ^(SimdBits256 left, SimdBits256 right) => new(left.Value ^ right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 operator +(SimdBits256 left, SimdBits256 right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 operator -(SimdBits256 left, SimdBits256 right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 operator *(SimdBits256 left, SimdBits256 right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 ShiftLeft(SimdBits256 value, [ConstantExpected(Min = 0, Max = 31)] int count) => new(value.Value << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 ShiftRightLogical(SimdBits256 value, [ConstantExpected(Min = 0, Max = 31)] int count) => new(value.Value >>> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 GreaterThan(SimdBits256 left, SimdBits256 right) => new(Vector256.GreaterThan(left.Value.AsInt32(), right.Value.AsInt32()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 Equals(SimdBits256 left, SimdBits256 right) => new(Vector256.Equals(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 ConditionalSelect(SimdBits256 mask, SimdBits256 whenTrue, SimdBits256 whenFalse) =>
        new(Vector256.ConditionalSelect(mask.Value, whenTrue.Value, whenFalse.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 AddSingle(SimdBits256 left, SimdBits256 right) => new((left.Value.AsSingle() + right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 SubtractSingle(SimdBits256 left, SimdBits256 right) => new((left.Value.AsSingle() - right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 MultiplySingle(SimdBits256 left, SimdBits256 right) => new((left.Value.AsSingle() * right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 FloorSingle(SimdBits256 value) => new(Vector256.Floor(value.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 LessThanSingle(SimdBits256 left, SimdBits256 right) => new(Vector256.LessThan(left.Value.AsSingle(), right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 ConvertSingleToUInt32(SimdBits256 value) => new(Vector256.ConvertToInt32(value.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits256 ConvertUInt32ToSingle(SimdBits256 value) => new(Vector256.ConvertToSingle(value.Value.AsInt32()).AsUInt32());
}
