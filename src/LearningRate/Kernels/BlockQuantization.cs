using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The 8-bit block-wise codes in which the 8-bit optimizers (<c>Adam8BitKernel</c>, <c>Momentum8BitKernel</c>) keep their
/// state (after Dettmers et al., 2022, "8-bit Optimizers via Block-wise Quantization"): a span of values is
/// cut into blocks of <c>blockSize</c> elements (the last one may be shorter); each block stores its largest
/// magnitude S as a <see cref="float"/> scale and each value as one byte, a minifloat relative to S.
/// </summary>
/// <remarks>
/// <para>
/// A code has an exponent field e and a 3-bit fraction f; it stands for <c>q = 2^(e − b)·(1 + f/8)</c>, except that
/// the code with e = f = 0 stands for 0 (there are no subnormal codes). The largest code stands for 1.875, and a value
/// x of a block with scale S is stored as the code nearest to <c>y = x·1.875/S</c> and read back as <c>q·S/1.875</c>:
/// </para>
/// <list type="bullet">
/// <item><b>Signed</b> (first moments, velocities): bit 7 is the sign, bits 6–3 are e (0..15), bits 2–0 are f; b = 15.
/// Non-zero magnitudes from 2^−15·1.125 to 1.875 relative to the top code, i.e. down to 1.8e-5·S.</item>
/// <item><b>Unsigned</b> (square roots of second moments): bits 7–3 are e (0..31), bits 2–0 are f; b = 31. Non-zero
/// values from 2^−31·1.125 to 1.875, i.e. down to 2.8e-10·S: the root of a second moment 1e-12 in a block whose
/// largest is 1 is 1e-6·S, kept to within 1/16 where a linear (absmax int8) code would store 0.</item>
/// </list>
/// <para>
/// Encoding, exactly: S is the largest |x| of the block rounded to float (NaN if any value is NaN; a double is rounded to
/// float first, so S is the largest of the rounded magnitudes); <c>y = x̃·(1.875/S)</c> in binary32, where x̃ is x
/// rounded to float and the factor is 0 when S is below the smallest normal float 2^−126 (an all-zero or NaN block).
/// |y| is rounded to 3 fraction bits, to nearest with ties to even; a result below the smallest non-zero code (|y| at
/// most 1.0625·2^−b) gives the zero code and a result above the top code (y of 1.9375 or more, ±∞, NaN) gives the top
/// code. The signed code keeps the sign bit of y, that of a zero or NaN included. Decoding gives
/// <c>q·(S/1.875)</c> in binary32 (with its sign), widened exactly to double.
/// </para>
/// <para>
/// Error bound: every decoded value x̂ satisfies <c>|x̂ − x| ≤ |x|/16 + 2^−b·S</c> (the relative part is at most 1/17
/// from the rounding to 3 fraction bits plus two binary32 roundings; the absolute part covers the values that round
/// to zero). The scale itself is exact, so the largest magnitude of a block is stored to within one rounding of the
/// factor. Non-finite values poison their block: its scale becomes NaN or ∞ and every value of the block decodes as
/// NaN, ±∞ or 0 accordingly.
/// </para>
/// </remarks>
public static class BlockQuantization
{
    /// <summary>The default block size, 256 elements, as bitsandbytes' block-wise 8-bit optimizers use.</summary>
    public const int DefaultBlockSize = 256;

    /// <summary>The smallest block size, 16 elements (one 512-bit vector of floats).</summary>
    public const int MinimumBlockSize = 16;

    /// <summary>The largest block size, 2048 elements (two decoded blocks of doubles stay within 32 KB of stack, in L1).</summary>
    public const int MaximumBlockSize = 2048;

    /// <summary>The value of the largest code, 1.875: the block's scale maps to it.</summary>
    internal const float TopValue = 1.875f;

    /// <summary>Bits 6–0 of a signed code, bits 7–0 of an unsigned one, shifted into a binary32 pattern: 23 − 3 fraction bits.</summary>
    private const int FractionShift = 20;

    /// <summary>(127 − 15) &lt;&lt; 23: the binary32 exponent bias minus the signed code's, at the exponent's place.</summary>
    private const uint SignedExponentOffset = 112u << 23;

    /// <summary>(127 − 31) &lt;&lt; 23: the binary32 exponent bias minus the unsigned code's, at the exponent's place.</summary>
    private const uint UnsignedExponentOffset = 96u << 23;

    /// <summary>The smallest normal binary32 value, 2^−126: a smaller scale stores its block as zeros.</summary>
    private const float SmallestNormal = 1.17549435E-38f;

    /// <summary>Returns the number of blocks (and of scales) of a span of <paramref name="length"/> elements: ⌈length / blockSize⌉.</summary>
    /// <param name="length">The element count; ≥ 0.</param>
    /// <param name="blockSize">The block size: a power of two from <see cref="MinimumBlockSize"/> to <see cref="MaximumBlockSize"/>.</param>
    /// <returns>The number of blocks.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative, or <paramref name="blockSize"/> is not a power of two in range.</exception>
    public static int BlockCount(int length, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        CheckBlockSize(blockSize, nameof(blockSize));
        return (int)BlocksOf(length, blockSize);
    }

    /// <summary>
    /// Quantizes <paramref name="values"/> block by block with the signed code: each block's largest magnitude goes to
    /// <paramref name="scales"/>, each value to one byte of <paramref name="codes"/> (see the class remarks).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="values">The values.</param>
    /// <param name="blockSize">The block size: a power of two from <see cref="MinimumBlockSize"/> to <see cref="MaximumBlockSize"/>.</param>
    /// <param name="codes">Receives one code per value; same length as <paramref name="values"/>.</param>
    /// <param name="scales">Receives one scale per block; <see cref="BlockCount"/> elements.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is not a power of two in range.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void QuantizeSigned<T>(ReadOnlySpan<T> values, int blockSize, Span<byte> codes, Span<float> scales)
        where T : unmanaged, IFloatingPointIeee754<T> => Quantize<T, On>(values, blockSize, codes, scales);

    /// <summary>
    /// Quantizes non-negative <paramref name="values"/> block by block with the unsigned code (a negative value is stored
    /// as its magnitude): each block's largest value goes to <paramref name="scales"/>, each value to one byte of
    /// <paramref name="codes"/> (see the class remarks).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="values">The values, ≥ 0.</param>
    /// <param name="blockSize">The block size: a power of two from <see cref="MinimumBlockSize"/> to <see cref="MaximumBlockSize"/>.</param>
    /// <param name="codes">Receives one code per value; same length as <paramref name="values"/>.</param>
    /// <param name="scales">Receives one scale per block; <see cref="BlockCount"/> elements.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is not a power of two in range.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void QuantizeUnsigned<T>(ReadOnlySpan<T> values, int blockSize, Span<byte> codes, Span<float> scales)
        where T : unmanaged, IFloatingPointIeee754<T> => Quantize<T, Off>(values, blockSize, codes, scales);

    /// <summary>Decodes signed codes and their block scales into <paramref name="values"/> (see the class remarks).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="codes">The codes, one per value.</param>
    /// <param name="scales">The scales, one per block; <see cref="BlockCount"/> elements.</param>
    /// <param name="blockSize">The block size the codes were made with.</param>
    /// <param name="values">Receives the decoded values; same length as <paramref name="codes"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is not a power of two in range.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void DequantizeSigned<T>(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales, int blockSize, Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> => Dequantize<T, On>(codes, scales, blockSize, values);

    /// <summary>Decodes unsigned codes and their block scales into <paramref name="values"/> (see the class remarks).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="codes">The codes, one per value.</param>
    /// <param name="scales">The scales, one per block; <see cref="BlockCount"/> elements.</param>
    /// <param name="blockSize">The block size the codes were made with.</param>
    /// <param name="values">Receives the decoded values; same length as <paramref name="codes"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is not a power of two in range.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void DequantizeUnsigned<T>(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales, int blockSize, Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> => Dequantize<T, Off>(codes, scales, blockSize, values);

    /// <summary>Checks a block size (a power of two in range), naming it <paramref name="name"/>.</summary>
    internal static int CheckBlockSize(int blockSize, string name)
    {
        if (blockSize < MinimumBlockSize || blockSize > MaximumBlockSize || !int.IsPow2(blockSize))
        {
            Guard.ThrowOutOfRange(name, blockSize, $"must be a power of two from {MinimumBlockSize} to {MaximumBlockSize}");
        }

        return blockSize;
    }

    /// <summary>⌈length / blockSize⌉ for a checked block size.</summary>
    internal static long BlocksOf(long length, int blockSize) => (length + blockSize - 1) / blockSize;

    /// <summary>
    /// Checks the quantized state of a span of <paramref name="length"/> elements: the codes have that length, the scales
    /// one element per block, and neither overlaps the other nor the other spans (as bytes: <paramref name="first"/>, <paramref name="second"/>, <paramref name="third"/>; empty when unused).
    /// </summary>
    internal static void CheckState(int length, int blockSize, ReadOnlySpan<byte> codes, string codesName, ReadOnlySpan<float> scales, string scalesName, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third)
    {
        if (codes.Length != length)
        {
            Guard.ThrowArgument(codesName, $"{codesName} has {codes.Length} elements; expected {length}, one per parameter.");
        }

        var blocks = BlocksOf(length, blockSize);
        if (scales.Length != blocks)
        {
            Guard.ThrowArgument(scalesName, $"{scalesName} has {scales.Length} elements; expected {blocks}, one per block of {blockSize}.");
        }

        var scaleBytes = MemoryMarshal.AsBytes(scales);
        if (codes.Overlaps(first) || codes.Overlaps(second) || codes.Overlaps(third))
        {
            Guard.ThrowArgument(codesName, $"{codesName} overlaps another span; every span must be a separate buffer.");
        }

        if (scaleBytes.Overlaps(first) || scaleBytes.Overlaps(second) || scaleBytes.Overlaps(third) || scaleBytes.Overlaps(codes))
        {
            Guard.ThrowArgument(scalesName, $"{scalesName} overlaps another span; every span must be a separate buffer.");
        }
    }

    /// <summary>Returns the scale of one block of <paramref name="length"/> values: their largest magnitude rounded to float, the largest NaN pattern if any is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float ScaleOf<T>(ref T values, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var largest = default(LargestMagnitude<T>);
        CodeDriver.Run(ref largest, length, ref Unsafe.NullRef<byte>(), ref values);
        return BitConverter.Int32BitsToSingle(largest.Bits);
    }

    /// <summary>Encodes one block of <paramref name="length"/> values into codes relative to <paramref name="scale"/>, its largest magnitude.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void EncodeBlock<T, TSigned>(ref T values, float scale, ref byte codes, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSigned : struct, IFlag
    {
        var encode = new Encode<T, TSigned>(scale >= SmallestNormal ? TopValue / scale : 0f);
        CodeDriver.Run(ref encode, length, ref codes, ref values);
    }

    /// <summary>Decodes one block of <paramref name="length"/> codes with scale <paramref name="scale"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void DecodeBlock<T, TSigned>(ref byte codes, float scale, ref T values, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSigned : struct, IFlag
    {
        var decode = new Decode<T, TSigned>(scale / TopValue);
        CodeDriver.Run(ref decode, length, ref codes, ref values);
    }

    /// <summary>
    /// Decodes one block of <paramref name="length"/> codes, a multiple of <typeparamref name="TLanes"/>' lane count, at
    /// that width only: inlined into a kernel's loop over its full blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void DecodeVectors<T, TSigned, TLanes>(ref byte codes, float scale, ref T values, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSigned : struct, IFlag
        where TLanes : struct, ICodeLanes<TLanes> =>
        new Decode<T, TSigned>(scale / TopValue).Apply<TLanes>(ref codes, ref values, 0, (nuint)length);

    /// <summary>
    /// Encodes one block of <paramref name="length"/> values, a multiple of <typeparamref name="TLanes"/>' lane count,
    /// relative to <paramref name="scale"/> at that width only: inlined into a kernel's loop over its full blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void EncodeVectors<T, TSigned, TLanes>(ref T values, float scale, ref byte codes, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSigned : struct, IFlag
        where TLanes : struct, ICodeLanes<TLanes> =>
        new Encode<T, TSigned>(scale >= SmallestNormal ? TopValue / scale : 0f).Apply<TLanes>(ref codes, ref values, 0, (nuint)length);

    private static void Quantize<T, TSigned>(ReadOnlySpan<T> values, int blockSize, Span<byte> codes, Span<float> scales)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSigned : struct, IFlag
    {
        Guard.ElementType<T>();
        CheckBlockSize(blockSize, nameof(blockSize));
        CheckState(values.Length, blockSize, codes, nameof(codes), scales, nameof(scales), MemoryMarshal.AsBytes(values), default, default);
        ref var value = ref MemoryMarshal.GetReference(values);
        ref var code = ref MemoryMarshal.GetReference(codes);
        for (int start = 0, block = 0; start < values.Length; start += blockSize, block++)
        {
            var count = Math.Min(blockSize, values.Length - start);
            var scale = scales[block] = ScaleOf(ref Unsafe.Add(ref value, start), count);
            EncodeBlock<T, TSigned>(ref Unsafe.Add(ref value, start), scale, ref Unsafe.Add(ref code, start), count);
        }
    }

    private static void Dequantize<T, TSigned>(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales, int blockSize, Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSigned : struct, IFlag
    {
        Guard.ElementType<T>();
        CheckBlockSize(blockSize, nameof(blockSize));
        if (values.Length != codes.Length)
        {
            Guard.ThrowArgument(nameof(values), $"{nameof(values)} has {values.Length} elements; expected {codes.Length}, one per code.");
        }

        CheckState(values.Length, blockSize, codes, nameof(codes), scales, nameof(scales), MemoryMarshal.AsBytes(values), default, default);
        ref var value = ref MemoryMarshal.GetReference(values);
        ref var code = ref MemoryMarshal.GetReference(codes);
        for (int start = 0, block = 0; start < values.Length; start += blockSize, block++)
        {
            DecodeBlock<T, TSigned>(ref Unsafe.Add(ref code, start), scales[block], ref Unsafe.Add(ref value, start), Math.Min(blockSize, values.Length - start));
        }
    }

    /// <summary>
    /// The largest magnitude of the values rounded to float, as a pattern: |x| read as a signed integer orders like the
    /// value, with every NaN above +∞, so the largest NaN pattern wins whatever the order of the lanes.
    /// </summary>
    private struct LargestMagnitude<T> : ICodeOperation<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Gets the pattern of the largest magnitude seen (0 before any value).</summary>
        public int Bits { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TLanes>(ref byte codes, ref T values, nuint start, nuint end)
            where TLanes : struct, ICodeLanes<TLanes>
        {
            var magnitude = TLanes.Create(0x7FFF_FFFF);
            var largest = TLanes.Create(0);
            for (var i = start; i < end; i += (nuint)TLanes.Count)
            {
                largest = TLanes.MaxSigned(largest, TLanes.LoadRounded(ref values, i) & magnitude);
            }

            Bits = Math.Max(Bits, TLanes.MaxLane(largest));
        }
    }

    /// <summary>
    /// y = x·(1.875/S), then |y| rounded to 3 fraction bits by adding half a unit (less one, plus the kept lowest bit: ties to
    /// even) to the pattern, whose exponent and fraction then are the code's once the exponent offset is taken off;
    /// the result is clamped to the codes (below the smallest: zero; above the top, ∞ and NaN: the top).
    /// </summary>
    private readonly struct Encode<T, TSigned>(float inverseScale) : ICodeOperation<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSigned : struct, IFlag
    {
        private readonly uint _inverseScale = BitConverter.SingleToUInt32Bits(inverseScale);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TLanes>(ref byte codes, ref T values, nuint start, nuint end)
            where TLanes : struct, ICodeLanes<TLanes>
        {
            var inverseScale = TLanes.Create(_inverseScale);
            var magnitude = TLanes.Create(0x7FFF_FFFF);
            var halfUnitLessOne = TLanes.Create((1u << (FractionShift - 1)) - 1);
            var one = TLanes.Create(1);
            var codeOffset = TLanes.Create((TSigned.IsSet ? SignedExponentOffset : UnsignedExponentOffset) >> FractionShift);
            var zero = TLanes.Create(0);
            var top = TLanes.Create(TSigned.IsSet ? 0x7Fu : 0xFFu);
            var signBit = TLanes.Create(0x80);
            for (var i = start; i < end; i += (nuint)TLanes.Count)
            {
                var y = TLanes.Multiply(TLanes.LoadRounded(ref values, i), inverseScale);
                var absolute = y & magnitude;
                var rounded = absolute + halfUnitLessOne + (TLanes.ShiftRightLogical(absolute, FractionShift) & one);
                var code = TLanes.ClampSigned(TLanes.ShiftRightLogical(rounded, FractionShift) - codeOffset, zero, top);
                if (TSigned.IsSet)
                {
                    code |= TLanes.ShiftRightLogical(y, 24) & signBit;
                }

                TLanes.StoreCodes(code, ref codes, i);
            }
        }
    }

    /// <summary>
    /// The code's exponent and fraction shifted into a binary32 pattern plus the exponent offset give q exactly (the zero
    /// code is cleared), the sign bit is moved to bit 31, and one product with S/1.875 gives the value.
    /// </summary>
    private readonly struct Decode<T, TSigned>(float step) : ICodeOperation<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSigned : struct, IFlag
    {
        private readonly uint _step = BitConverter.SingleToUInt32Bits(step);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TLanes>(ref byte codes, ref T values, nuint start, nuint end)
            where TLanes : struct, ICodeLanes<TLanes>
        {
            var step = TLanes.Create(_step);
            var magnitudeBits = TLanes.Create(TSigned.IsSet ? 0x7Fu : 0xFFu);
            var exponentOffset = TLanes.Create(TSigned.IsSet ? SignedExponentOffset : UnsignedExponentOffset);
            var zero = TLanes.Create(0);
            var signBit = TLanes.Create(0x80);
            for (var i = start; i < end; i += (nuint)TLanes.Count)
            {
                var code = TLanes.LoadCodes(ref codes, i);
                var magnitude = TSigned.IsSet ? code & magnitudeBits : code;
                var bits = TLanes.AndNot(TLanes.ShiftLeft(magnitude, FractionShift) + exponentOffset, TLanes.Equals(magnitude, zero));
                if (TSigned.IsSet)
                {
                    bits |= TLanes.ShiftLeft(code & signBit, 24);
                }

                TLanes.StoreWidened(TLanes.Multiply(bits, step), ref values, i);
            }
        }
    }
}
