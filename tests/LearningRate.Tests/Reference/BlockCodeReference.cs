namespace LearningRate.Tests.Reference;

/// <summary>
/// The 8-bit codes of <c>BlockQuantization</c> transcribed from their definition, one value at a time: a code's value
/// is <c>2^(e − b)·(1 + f/8)</c> built with <see cref="Math.ScaleB"/>, and a value's code is found from its exponent
/// (<see cref="Math.ILogB"/>) and its fraction rounded with <see cref="Math.Round(double, MidpointRounding)"/> to even,
/// none of the kernel's bit patterns. Signed codes: sign bit, 4 exponent bits, b = 15; unsigned: 5 exponent bits,
/// b = 31; 3 fraction bits; the code with e = f = 0 is zero; the top code is 1.875.
/// </summary>
public static class BlockCodeReference
{
    public const float Top = 1.875f;

    /// <summary>The smallest normal float: a smaller block scale encodes the block as zeros.</summary>
    private const float SmallestNormal = 1.17549435E-38f;

    public static int Bias(bool hasSign) => hasSign ? 15 : 31;

    public static int TopCode(bool hasSign) => hasSign ? 0x7F : 0xFF;

    /// <summary>Returns the value a code stands for, relative to the top code's 1.875 (−0 for the negative zero code).</summary>
    public static float Value(byte code, bool hasSign)
    {
        var k = hasSign ? code & 0x7F : code;
        var q = k == 0 ? 0.0 : Math.ScaleB(1 + ((k & 7) / 8.0), (k >> 3) - Bias(hasSign));
        return (float)(hasSign && (code & 0x80) != 0 ? -q : q);
    }

    /// <summary>Returns the code of <paramref name="y"/> (a value relative to the top code's 1.875).</summary>
    public static byte Code(float y, bool hasSign)
    {
        var magnitude = Math.Abs(y);
        int k;
        if (float.IsNaN(magnitude) || magnitude >= 2)
        {
            k = TopCode(hasSign);
        }
        else if (magnitude == 0)
        {
            k = 0;
        }
        else
        {
            var exponent = Math.ILogB(magnitude);
            var fraction = (int)Math.Round((Math.ScaleB(magnitude, -exponent) - 1) * 8, MidpointRounding.ToEven);

            // A fraction rounded up to 8 carries into the exponent: ((e + b)·8 + 8) is the next exponent's first code.
            k = Math.Clamp(((exponent + Bias(hasSign)) * 8) + fraction, 0, TopCode(hasSign));
        }

        return (byte)(hasSign && float.IsNegative(y) ? k | 0x80 : k);
    }

    /// <summary>The block's scale: the largest magnitude of the values rounded to float; NaN (the largest NaN pattern, positive) if any is NaN.</summary>
    public static float Scale<T>(ReadOnlySpan<T> block)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scale = 0f;
        var nan = 0u;
        foreach (var x in block)
        {
            var magnitude = Math.Abs(float.CreateTruncating(x));
            if (float.IsNaN(magnitude))
            {
                nan = Math.Max(nan, BitConverter.SingleToUInt32Bits(magnitude));
            }
            else
            {
                scale = Math.Max(scale, magnitude);
            }
        }

        return nan != 0 ? BitConverter.UInt32BitsToSingle(nan) : scale;
    }

    /// <summary>Encodes one block: returns its scale S and writes each value's code of y = x̃·(1.875/S) (0 when S is not normal).</summary>
    public static float Encode<T>(ReadOnlySpan<T> block, bool hasSign, Span<byte> codes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scale = Scale(block);
        var inverse = scale >= SmallestNormal ? Top / scale : 0f;
        for (var i = 0; i < block.Length; i++)
        {
            codes[i] = Code(float.CreateTruncating(block[i]) * inverse, hasSign);
        }

        return scale;
    }

    /// <summary>Decodes one block: each value is the code's value times S/1.875, in float, widened to T.</summary>
    public static void Decode<T>(ReadOnlySpan<byte> codes, float scale, bool hasSign, Span<T> block)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var step = scale / Top;
        for (var i = 0; i < codes.Length; i++)
        {
            block[i] = T.CreateTruncating(Value(codes[i], hasSign) * step);
        }
    }

    /// <summary>Encodes a whole span block by block into codes and scales.</summary>
    public static void Quantize<T>(ReadOnlySpan<T> values, int blockSize, bool hasSign, Span<byte> codes, Span<float> scales)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int start = 0, block = 0; start < values.Length; start += blockSize, block++)
        {
            var count = Math.Min(blockSize, values.Length - start);
            scales[block] = Encode(values.Slice(start, count), hasSign, codes.Slice(start, count));
        }
    }

    /// <summary>Decodes a whole span block by block.</summary>
    public static void Dequantize<T>(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales, int blockSize, bool hasSign, Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int start = 0, block = 0; start < values.Length; start += blockSize, block++)
        {
            var count = Math.Min(blockSize, values.Length - start);
            Decode(codes.Slice(start, count), scales[block], hasSign, values.Slice(start, count));
        }
    }
}
