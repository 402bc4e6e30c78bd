using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LearningRate.Kernels.Simd;

/// <summary>The 8-lane width of <see cref="ICodeLanes{TSelf}"/>, over <see cref="Vector256{T}"/> of <see cref="uint"/>.</summary>
internal readonly struct CodeLanes256 : ICodeLanes<CodeLanes256>
{
    private readonly Vector256<uint> _bits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private CodeLanes256(Vector256<uint> bits) => _bits = bits;

    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    public static int Count => Vector256<uint>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 LoadCodes(ref byte source, nuint index)
    {
        var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, index))).AsByte();
        return Avx2.IsSupported
            ? new(Avx2.ConvertToVector256Int32(bytes).AsUInt32())
            : new(Vector256.WidenLower(Vector256.WidenLower(bytes.ToVector256Unsafe())));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCodes(CodeLanes256 lanes, ref byte destination, nuint index)
    {
        Vector128<byte> bytes;
        if (Avx512F.VL.IsSupported)
        {
            bytes = Avx512F.VL.ConvertToVector128Byte(lanes._bits);
        }
        else
        {
            var halves = Vector256.Narrow(lanes._bits, lanes._bits);
            bytes = Vector256.Narrow(halves, halves).GetLower();
        }

        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, index), bytes.AsUInt64().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 LoadRounded<T>(ref T source, nuint index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return new(Vector256.LoadUnsafe(ref Unsafe.As<T, uint>(ref source), index));
        }

        ref var doubles = ref Unsafe.As<T, double>(ref source);
        var lower = Vector256.LoadUnsafe(ref doubles, index);
        var upper = Vector256.LoadUnsafe(ref doubles, index + (nuint)Vector256<double>.Count);
        return new(Vector256.Narrow(lower, upper).AsUInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened<T>(CodeLanes256 lanes, ref T destination, nuint index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            lanes._bits.StoreUnsafe(ref Unsafe.As<T, uint>(ref destination), index);
            return;
        }

        ref var doubles = ref Unsafe.As<T, double>(ref destination);
        var (lower, upper) = Vector256.Widen(lanes._bits.AsSingle());
        lower.StoreUnsafe(ref doubles, index);
        upper.StoreUnsafe(ref doubles, index + (nuint)Vector256<double>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 Create(uint bits) => new(Vector256.Create(bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 operator &(CodeLanes256 left, CodeLanes256 right) => new(left._bits & right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 operator |(CodeLanes256 left, CodeLanes256 right) => new(left._bits | right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 operator +(CodeLanes256 left, CodeLanes256 right) => new(left._bits + right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 operator -(CodeLanes256 left, CodeLanes256 right) => new(left._bits - right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 ShiftLeft(CodeLanes256 lanes, int count) => new(Vector256.ShiftLeft(lanes._bits, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 ShiftRightLogical(CodeLanes256 lanes, int count) => new(Vector256.ShiftRightLogical(lanes._bits, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 Equals(CodeLanes256 left, CodeLanes256 right) => new(Vector256.Equals(left._bits, right._bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 AndNot(CodeLanes256 value, CodeLanes256 mask) => new(Vector256.AndNot(value._bits, mask._bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 ClampSigned(CodeLanes256 value, CodeLanes256 min, CodeLanes256 max) =>
        new(Vector256.Min(Vector256.Max(value._bits.AsInt32(), min._bits.AsInt32()), max._bits.AsInt32()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 MaxSigned(CodeLanes256 left, CodeLanes256 right) =>
        new(Vector256.Max(left._bits.AsInt32(), right._bits.AsInt32()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes256 Multiply(CodeLanes256 left, CodeLanes256 right) => new((left._bits.AsSingle() * right._bits.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaxLane(CodeLanes256 lanes)
    {
        var bits = lanes._bits.AsInt32();
        return CodeLanes128.MaxLane(Vector128.Max(bits.GetLower(), bits.GetUpper()));
    }
}
