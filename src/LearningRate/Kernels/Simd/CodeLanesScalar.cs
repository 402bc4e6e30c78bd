using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// The one-lane width of <see cref="ICodeLanes{TSelf}"/>: finishes every tail and is the whole path when no
/// vector width is accelerated. Each operation is the lane-wise one of the vector widths (integer arithmetic on
/// the pattern, one correctly rounded binary32 product, round-to-nearest-even narrowing), so an element gets the
/// same code whichever path handles it.
/// </summary>
internal readonly struct CodeLanesScalar : ICodeLanes<CodeLanesScalar>
{
    private readonly uint _bits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private CodeLanesScalar(uint bits) => _bits = bits;

    public static bool IsAccelerated => true;

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar LoadCodes(ref byte source, nuint index) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCodes(CodeLanesScalar lanes, ref byte destination, nuint index) => Unsafe.Add(ref destination, index) = (byte)lanes._bits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar LoadRounded<T>(ref T source, nuint index)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? new(Unsafe.Add(ref Unsafe.As<T, uint>(ref source), index))
            : new(BitConverter.SingleToUInt32Bits((float)Unsafe.Add(ref Unsafe.As<T, double>(ref source), index)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWidened<T>(CodeLanesScalar lanes, ref T destination, nuint index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Unsafe.Add(ref Unsafe.As<T, uint>(ref destination), index) = lanes._bits;
        }
        else
        {
            Unsafe.Add(ref Unsafe.As<T, double>(ref destination), index) = BitConverter.UInt32BitsToSingle(lanes._bits);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar Create(uint bits) => new(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar operator &(CodeLanesScalar left, CodeLanesScalar right) => new(left._bits & right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar operator |(CodeLanesScalar left, CodeLanesScalar right) => new(left._bits | right._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar operator +(CodeLanesScalar left, CodeLanesScalar right) => new(unchecked(left._bits + right._bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar operator -(CodeLanesScalar left, CodeLanesScalar right) => new(unchecked(left._bits - right._bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar ShiftLeft(CodeLanesScalar lanes, int count) => new(lanes._bits << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar ShiftRightLogical(CodeLanesScalar lanes, int count) => new(lanes._bits >> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar Equals(CodeLanesScalar left, CodeLanesScalar right) => new(left._bits == right._bits ? uint.MaxValue : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar AndNot(CodeLanesScalar value, CodeLanesScalar mask) => new(value._bits & ~mask._bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar ClampSigned(CodeLanesScalar value, CodeLanesScalar min, CodeLanesScalar max) =>
        new((uint)Math.Min(Math.Max((int)value._bits, (int)min._bits), (int)max._bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar MaxSigned(CodeLanesScalar left, CodeLanesScalar right) => new((uint)Math.Max((int)left._bits, (int)right._bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodeLanesScalar Multiply(CodeLanesScalar left, CodeLanesScalar right) =>
        new(BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle(left._bits) * BitConverter.UInt32BitsToSingle(right._bits)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaxLane(CodeLanesScalar lanes) => (int)lanes._bits;
}
