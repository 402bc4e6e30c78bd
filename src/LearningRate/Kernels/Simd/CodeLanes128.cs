using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LearningRate.Kernels.Simd;

/// <summary>The 4-lane width of <see cref="ICodeLanes{TSelf}"/>, over <see cref="Vector128{T}"/> of <see cref="uint"/>.</summary>
internal readonly struct CodeLanes128 : ICodeLanes<CodeLanes128>
{
    private readonly Vector128<uint> _bits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private CodeLanes128(Vector128<uint> bits) => _bits = bits;

    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;

    public static int Count => Vector128<uint>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 LoadCodes(ref byte source, nuint index)
    {
        var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, index))).AsByte();
        return Sse41.IsSupported
            ? new(Sse41.ConvertToVector128Int32(bytes).AsUInt32())
            : new(Vector128.WidenLower(Vector128.WidenLower(bytes)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCodes(CodeLanes128 lanes, ref byte destination, nuint index)
    {
        Vector128<byte> bytes;
        if (Avx512F.VL.IsSupported)
        {
            bytes = Avx512F.VL.ConvertToVector128Byte(lanes._bits);
        }
        else
        {
            var halves = Vector128.Narrow(lanes._bits, lanes._bits);
            bytes = Vector128.Narrow(halves, halves);
        }

        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, index), bytes.AsUInt32().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 LoadRounded<T>(ref T source, nuint index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return new(Vector128.LoadUnsafe(ref Unsafe.As<T, uint>(ref source), index));
        }

        ref var doubles = ref Unsafe.As<T, double>(ref source);
        var lower = Vector128.LoadUnsafe(ref doubles, index);
        var upper = Vector128.LoadUnsafe(ref doubles, index + (nuint)Vector128<double>.Count);
        return new(Vector128.Narrow(lower, upper).AsUInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened<T>(CodeLanes128 lanes, ref T destination, nuint index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            lanes._bits.StoreUnsafe(ref Unsafe.As<T, uint>(ref destination), index);
            return;
        }

        ref var doubles = ref Unsafe.As<T, double>(ref destination);
        var (lower, upper) = Vector128.Widen(lanes._bits.AsSingle());
        lower.StoreUnsafe(ref doubles, index);
        upper.StoreUnsafe(ref doubles, index + (nuint)Vector128<double>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 Create(uint bits) => new(Vector128.Create(bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 operator &(CodeLanes128 left, CodeLanes128 right) => new(left._bits & right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 operator |(CodeLanes128 left, CodeLanes128 right) => new(left._bits | right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 operator +(CodeLanes128 left, CodeLanes128 right) => new(left._bits + right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 operator -(CodeLanes128 left, CodeLanes128 right) => new(left._bits - right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 ShiftLeft(CodeLanes128 lanes, int count) => new(Vector128.ShiftLeft(lanes._bits, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 ShiftRightLogical(CodeLanes128 lanes, int count) => new(Vector128.ShiftRightLogical(lanes._bits, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 Equals(CodeLanes128 left, CodeLanes128 right) => new(Vector128.Equals(left._bits, right._bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 AndNot(CodeLanes128 value, CodeLanes128 mask) => new(Vector128.AndNot(value._bits, mask._bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 ClampSigned(CodeLanes128 value, CodeLanes128 min, CodeLanes128 max) =>
        new(Vector128.Min(Vector128.Max(value._bits.AsInt32(), min._bits.AsInt32()), max._bits.AsInt32()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 MaxSigned(CodeLanes128 left, CodeLanes128 right) =>
        new(Vector128.Max(left._bits.AsInt32(), right._bits.AsInt32()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanes128 Multiply(CodeLanes128 left, CodeLanes128 right) => new((left._bits.AsSingle() * right._bits.AsSingle()).AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaxLane(CodeLanes128 lanes) => MaxLane(lanes._bits.AsInt32());

    /// <summary>Returns the largest of four signed lanes (the last step of every width's reduction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int MaxLane(Vector128<int> lanes) =>
        Math.Max(Math.Max(lanes.GetElement(0), lanes.GetElement(1)), Math.Max(lanes.GetElement(2), lanes.GetElement(3)));
}
