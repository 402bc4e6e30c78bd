using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LearningRate.Kernels.Simd;

/// <summary>The 512-bit width of <see cref="ISimdBits{TSelf}"/>: 16 lanes of a <see cref="Vector512{T}"/> of <see cref="uint"/>.</summary>
internal readonly struct SimdBits512 : ISimdBits<SimdBits512>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SimdBits512(Vector512<uint> value) => Value = value;

    /// <summary>Gets the lanes.</summary>
    public Vector512<uint> Value { get; }

    public static SimdBits512 Indices
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector512<uint>.Indices);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 Create(uint value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 LoadUInt16(ref ushort source, nuint index)
    {
        var raw = Vector256.LoadUnsafe(ref source, index);
        // vpmovzxwd where AVX-512 runs; elsewhere the same zero-extension in two halves.
        return Avx512F.IsSupported
            ? new(Avx512F.ConvertToVector512UInt32(raw))
            : new(Vector512.Create(Vector256.WidenLower(raw), Vector256.WidenUpper(raw)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreUInt16(SimdBits512 value, ref ushort destination, nuint index)
    {
        // vpmovdw (truncating) where AVX-512 runs; elsewhere the same truncation through a narrowing pack.
        var narrowed = Avx512F.IsSupported
            ? Avx512F.ConvertToVector256UInt16(value.Value)
            : Vector512.Narrow(value.Value, value.Value).GetLower();
        narrowed.StoreUnsafe(ref destination, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 operator &(SimdBits512 left, SimdBits512 right) => new(left.Value & right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 operator |(SimdBits512 left, SimdBits512 right) => new(left.Value | right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 operator ^(SimdBits512 left, SimdBits512 right) => new(left.Value ^ right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 operator +(SimdBits512 left, SimdBits512 right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 operator -(SimdBits512 left, SimdBits512 right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 operator *(SimdBits512 left, SimdBits512 right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 ShiftLeft(SimdBits512 value, [ConstantExpected(Min = 0, Max = 31)] int count) => new(value.Value << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 ShiftRightLogical(SimdBits512 value, [ConstantExpected(Min = 0, Max = 31)] int count) => new(value.Value >>> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 GreaterThan(SimdBits512 left, SimdBits512 right) => new(Vector512.GreaterThan(left.Value.AsInt32(), right.Value.AsInt32()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 Equals(SimdBits512 left, SimdBits512 right) => new(Vector512.Equals(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 ConditionalSelect(SimdBits512 mask, SimdBits512 whenTrue, SimdBits512 whenFalse) =>
        new(Vector512.ConditionalSelect(mask.Value, whenTrue.Value, whenFalse.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 AddSingle(SimdBits512 left, SimdBits512 right) => new((left.Value.AsSingle() + right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 SubtractSingle(SimdBits512 left, SimdBits512 right) => new((left.Value.AsSingle() - right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 MultiplySingle(SimdBits512 left, SimdBits512 right) => new((left.Value.AsSingle() * right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 FloorSingle(SimdBits512 value) => new(Vector512.Floor(value.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 LessThanSingle(SimdBits512 left, SimdBits512 right) => new(Vector512.LessThan(left.Value.AsSingle(), right.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 ConvertSingleToUInt32(SimdBits512 value) => new(Vector512.ConvertToInt32(value.Value.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdBits512 ConvertUInt32ToSingle(SimdBits512 value) => new(Vector512.ConvertToSingle(value.Value.AsInt32()).AsUInt32());
}
