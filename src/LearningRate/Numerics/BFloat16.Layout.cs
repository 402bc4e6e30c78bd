using System.Buffers.Binary;

namespace LearningRate;

/// <summary>
/// The exponent and significand as <see cref="IFloatingPoint{TSelf}"/> exposes them, with <see cref="float"/>'s
/// conventions: the exponent is the biased exponent minus 127 in one signed byte (−127 for zero and subnormals,
/// 128 wrapping to −128 for ∞ and NaN, as float's does), the significand the 7 stored bits plus the implicit
/// leading bit of a normal value, written in two bytes as <see cref="Half"/> writes its own.
/// </summary>
public readonly partial struct BFloat16
{
    private sbyte Exponent => (sbyte)(BiasedExponent - ExponentBias);

    private ushort Significand => (ushort)(TrailingSignificand | (BiasedExponent != 0 ? 1 << TrailingSignificandBits : 0));

    /// <inheritdoc/>
    int IFloatingPoint<BFloat16>.GetExponentByteCount() => sizeof(sbyte);

    /// <inheritdoc/>
    int IFloatingPoint<BFloat16>.GetExponentShortestBitLength()
    {
        var exponent = Exponent;
        return exponent >= 0
            ? (sizeof(sbyte) * 8) - sbyte.LeadingZeroCount(exponent)
            : (sizeof(sbyte) * 8) + 1 - sbyte.LeadingZeroCount((sbyte)~exponent);
    }

    /// <inheritdoc/>
    int IFloatingPoint<BFloat16>.GetSignificandByteCount() => sizeof(ushort);

    /// <inheritdoc/>
    int IFloatingPoint<BFloat16>.GetSignificandBitLength() => TrailingSignificandBits + 1;

    /// <inheritdoc/>
    bool IFloatingPoint<BFloat16>.TryWriteExponentBigEndian(Span<byte> destination, out int bytesWritten) => TryWriteExponent(destination, out bytesWritten);

    /// <inheritdoc/>
    bool IFloatingPoint<BFloat16>.TryWriteExponentLittleEndian(Span<byte> destination, out int bytesWritten) => TryWriteExponent(destination, out bytesWritten);

    /// <inheritdoc/>
    bool IFloatingPoint<BFloat16>.TryWriteSignificandBigEndian(Span<byte> destination, out int bytesWritten)
    {
        if (BinaryPrimitives.TryWriteUInt16BigEndian(destination, Significand))
        {
            bytesWritten = sizeof(ushort);
            return true;
        }

        bytesWritten = 0;
        return false;
    }

    /// <inheritdoc/>
    bool IFloatingPoint<BFloat16>.TryWriteSignificandLittleEndian(Span<byte> destination, out int bytesWritten)
    {
        if (BinaryPrimitives.TryWriteUInt16LittleEndian(destination, Significand))
        {
            bytesWritten = sizeof(ushort);
            return true;
        }

        bytesWritten = 0;
        return false;
    }

    private bool TryWriteExponent(Span<byte> destination, out int bytesWritten)
    {
        if (destination.IsEmpty)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = (byte)Exponent;
        bytesWritten = sizeof(sbyte);
        return true;
    }
}
