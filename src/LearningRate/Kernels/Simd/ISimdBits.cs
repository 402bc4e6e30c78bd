using System.Diagnostics.CodeAnalysis;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// A vector of 32-bit lanes, read as unsigned integers or as the bits of floats, at the width of one
/// <see cref="ISimd{TSelf, T}"/>: the integer operations the 16-bit conversions (<see cref="IFloat16Format"/>) and the
/// stochastic-rounding hash are written against, once for every width. <see cref="SimdBits512"/>,
/// <see cref="SimdBits256"/>, <see cref="SimdBits128"/> and the one-lane <see cref="SimdBitsScalar"/> implement it with
/// the same operations, so a lane's result never depends on the width that computed it.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal interface ISimdBits<TSelf>
    where TSelf : struct, ISimdBits<TSelf>
{
    /// <summary>Gets the lane indices 0, 1, 2, ….</summary>
    static abstract TSelf Indices { get; }

    /// <summary>Broadcasts <paramref name="value"/> to every lane.</summary>
    static abstract TSelf Create(uint value);

    /// <summary>Loads one 16-bit value per lane from <paramref name="source"/>[<paramref name="index"/>], zero-extended.</summary>
    static abstract TSelf LoadUInt16(ref ushort source, nuint index);

    /// <summary>Stores the low 16 bits of each lane at <paramref name="destination"/>[<paramref name="index"/>].</summary>
    static abstract void StoreUInt16(TSelf value, ref ushort destination, nuint index);

    static abstract TSelf operator &(TSelf left, TSelf right);

    static abstract TSelf operator |(TSelf left, TSelf right);

    static abstract TSelf operator ^(TSelf left, TSelf right);

    /// <summary>Lane-wise sum modulo 2³².</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Lane-wise difference modulo 2³².</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Lane-wise product modulo 2³² (the low half).</summary>
    static abstract TSelf operator *(TSelf left, TSelf right);

    /// <summary>Shifts each lane left, filling with zeros.</summary>
    static abstract TSelf ShiftLeft(TSelf value, [ConstantExpected(Min = 0, Max = 31)] int count);

    /// <summary>Shifts each lane right, filling with zeros.</summary>
    static abstract TSelf ShiftRightLogical(TSelf value, [ConstantExpected(Min = 0, Max = 31)] int count);

    /// <summary>Lane-wise <c>left &gt; right</c> on the lanes read as signed 32-bit integers: all bits set where true.</summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>Lane-wise <c>left == right</c>: all bits set where true.</summary>
    static abstract TSelf Equals(TSelf left, TSelf right);

    /// <summary>Bitwise select: <paramref name="whenTrue"/>'s bits where <paramref name="mask"/> has them set, <paramref name="whenFalse"/>'s elsewhere.</summary>
    static abstract TSelf ConditionalSelect(TSelf mask, TSelf whenTrue, TSelf whenFalse);

    /// <summary>Lane-wise IEEE sum of the lanes read as floats (rounded to nearest even, subnormals kept).</summary>
    static abstract TSelf AddSingle(TSelf left, TSelf right);

    /// <summary>Lane-wise IEEE difference of the lanes read as floats.</summary>
    static abstract TSelf SubtractSingle(TSelf left, TSelf right);

    /// <summary>Lane-wise IEEE product of the lanes read as floats.</summary>
    static abstract TSelf MultiplySingle(TSelf left, TSelf right);

    /// <summary>Lane-wise floor of the lanes read as floats (exact).</summary>
    static abstract TSelf FloorSingle(TSelf value);

    /// <summary>Lane-wise <c>left &lt; right</c> of the lanes read as floats: all bits set where true (false with NaN).</summary>
    static abstract TSelf LessThanSingle(TSelf left, TSelf right);

    /// <summary>Converts lanes read as floats holding integers in [0, 2²⁴] to those integers (exact).</summary>
    static abstract TSelf ConvertSingleToUInt32(TSelf value);

    /// <summary>Converts integer lanes in [0, 2²⁴] to the bits of the same value as a float (exact).</summary>
    static abstract TSelf ConvertUInt32ToSingle(TSelf value);
}
