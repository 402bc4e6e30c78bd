using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LearningRate.Kernels.Simd;

/// <summary>The 16-lane width of <see cref="ICodeLanes{TSelf}"/>, over <see cref="Vector512{T}"/> of <see cref="uint"/>.</summary>
internal readonly struct CodeLanes512 : ICodeLanes<CodeLanes512>
{
    private readonly Vector512<uint> _bits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private CodeLanes512(Vector512<uint> bits) => _bits = bits;

    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    public static int Count => Vector512<uint>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 LoadCodes(ref byte source, nuint index)
    {
        var bytes = Vector128.LoadUnsafe(ref source, index);
        return Avx512F.IsSupported
            ? new(Avx512F.ConvertToVector512UInt32(bytes))
            : new(Vector512.WidenLower(Vector512.WidenLower(bytes.ToVector256Unsafe().ToVector512Unsafe())));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCodes(CodeLanes512 lanes, ref byte destination, nuint index)
    {
        if (Avx512F.IsSupported)
        {
            Avx512F.ConvertToVector128Byte(lanes._bits).StoreUnsafe(ref destination, index);
            return;
        }

        var halves = Vector512.Narrow(lanes._bits, lanes._bits);
        Vector512.Narrow(halves, halves).GetLower().GetLower().StoreUnsafe(ref destination, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 LoadRounded<T>(ref T source, nuint index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return new(Vector512.LoadUnsafe(ref Unsafe.As<T, uint>(ref source), index));
        }

        ref var doubles = ref Unsafe.As<T, double>(ref source);
        var lower = Vector512.LoadUnsafe(ref doubles, index);
        var upper = Vector512.LoadUnsafe(ref doubles, index + (nuint)Vector512<double>.Count);
        return new(Vector512.Narrow(lower, upper).AsUInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened<T>(CodeLanes512 lanes, ref T destination, nuint index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            lanes._bits.StoreUnsafe(ref Unsafe.As<T, uint>(ref destination), index);
            return;
        }

        ref var doubles = ref Unsafe.As<T, double>(ref destination);
        var (lower, upper) = Vector512.Widen(lanes._bits.AsSingle());
        lower.StoreUnsafe(ref doubles, index);
        upper.StoreUnsafe(ref doubles, index + (nuint)Vector512<double>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 Create(uint bits) => new(Vector512.Create(bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 operator &(CodeLanes512 left, CodeLanes512 right) => new(left._bits & right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 operator |(CodeLanes512 left, CodeLanes512 right) => new(left._bits | right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 operator +(CodeLanes512 left, CodeLanes512 right) => new(left._bits + right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 operator -(CodeLanes512 left, CodeLanes512 right) => new(left._bits - right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 ShiftLeft(CodeLanes512 lanes, int count) => new(Vector512.ShiftLeft(lanes._bits, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 ShiftRightLogical(CodeLanes512 lanes, int count) => new(Vector512.ShiftRightLogical(lanes._bits, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 Equals(CodeLanes512 left, CodeLanes512 right) => new(Vector512.Equals(left._bits, right._bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 AndNot(CodeLanes512 value, CodeLanes512 mask) => new(Vector512.AndNot(value._bits, mask._bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 ClampSigned(CodeLanes512 value, CodeLanes512 min, CodeLanes512 max) =>
        new(Vector512.Min(Vector512.Max(value._bits.AsInt32(), min._bits.AsInt32()), max._bits.AsInt32()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 MaxSigned(CodeLanes512 left, CodeLanes512 right) =>
        new(Vector512.Max(left._bits.AsInt32(), right._bits.AsInt32()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes512 Multiply(CodeLanes512 left, CodeLanes512 right) => new((left._bits.AsSingle() * right._bits.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaxLane(CodeLanes512 lanes)
    {
        var bits = lanes._bits.AsInt32();
        var half = Vector256.Max(bits.GetLower(), bits.GetUpper());
        return CodeLanes128.MaxLane(Vector128.Max(half.GetLower(), half.GetUpper()));
    }
}
