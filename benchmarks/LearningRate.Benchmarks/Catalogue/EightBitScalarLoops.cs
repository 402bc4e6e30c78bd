using System.Runtime.CompilerServices;

namespace LearningRate.Benchmarks.Catalogue;

/// <summary>
/// The 8-bit rows' baselines: the update as a naive loop, one element at a time, with the codes of
/// <see cref="LearningRate.Kernels.BlockQuantization"/> decoded and encoded by scalar bit manipulation, block by block
/// (decode the block's state, update each element, find the block's largest magnitude, encode): what a user would
/// first write from the documented codes.
/// </summary>
public static class EightBitScalarLoops
{
    private const int BlockSize = LearningRate.Kernels.BlockQuantization.DefaultBlockSize;

    /// <summary>8-bit Adam (no weight decay): r = m/√v in the signed code, u = √v in the unsigned code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam<T>(KernelArrays<T> a, double lr, double beta1, double beta2, double epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T stepSize = T.CreateTruncating(lr / (1 - Math.Pow(beta1, a.Step))), bias2Sqrt = T.CreateTruncating(Math.Sqrt(1 - Math.Pow(beta2, a.Step)));
        T b1 = T.CreateTruncating(beta1), b2 = T.CreateTruncating(beta2), eps = T.CreateTruncating(epsilon);
        T[] p = a.P, g = a.G;
        Span<T> r = stackalloc T[BlockSize];
        Span<T> u = stackalloc T[BlockSize];
        for (int start = 0, block = 0; start < p.Length; start += BlockSize, block++)
        {
            var count = Math.Min(BlockSize, p.Length - start);
            for (var j = 0; j < count; j++)
            {
                r[j] = T.CreateTruncating(Decode(a.Codes0[start + j], hasSign: true) * (a.Scales0[block] / 1.875f));
                u[j] = T.CreateTruncating(Decode(a.Codes1[start + j], hasSign: false) * (a.Scales1[block] / 1.875f));
            }

            for (var j = 0; j < count; j++)
            {
                var i = start + j;
                var m = (b1 * r[j] * u[j]) + ((T.One - b1) * g[i]);
                var v = (b2 * u[j] * u[j]) + ((T.One - b2) * g[i] * g[i]);
                u[j] = T.Sqrt(v);
                r[j] = u[j] > T.Zero ? m / u[j] : T.Zero;
                p[i] -= stepSize * m / ((u[j] / bias2Sqrt) + eps);
            }

            a.Scales0[block] = Encode(r[..count], a.Codes0.AsSpan(start, count), hasSign: true);
            a.Scales1[block] = Encode(u[..count], a.Codes1.AsSpan(start, count), hasSign: false);
        }
    }

    /// <summary>8-bit momentum SGD (no dampening, no weight decay): the velocity in the signed code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Momentum<T>(KernelArrays<T> a, double lr, double momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T rate = T.CreateTruncating(lr), mu = T.CreateTruncating(momentum);
        T[] p = a.P, g = a.G;
        Span<T> b = stackalloc T[BlockSize];
        for (int start = 0, block = 0; start < p.Length; start += BlockSize, block++)
        {
            var count = Math.Min(BlockSize, p.Length - start);
            for (var j = 0; j < count; j++)
            {
                var i = start + j;
                b[j] = a.Step == 1 ? g[i] : (mu * T.CreateTruncating(Decode(a.Codes0[i], hasSign: true) * (a.Scales0[block] / 1.875f))) + g[i];
                p[i] -= rate * b[j];
            }

            a.Scales0[block] = Encode(b[..count], a.Codes0.AsSpan(start, count), hasSign: true);
        }
    }

    /// <summary>The code's value relative to the top code's 1.875: exponent and fraction moved into a float pattern.</summary>
    private static float Decode(byte code, bool hasSign)
    {
        var k = hasSign ? code & 0x7F : code;
        var value = k == 0 ? 0f : BitConverter.UInt32BitsToSingle(((uint)k << 20) + (hasSign ? 112u << 23 : 96u << 23));
        return hasSign && code >= 0x80 ? -value : value;
    }

    /// <summary>Encodes a block relative to its largest magnitude and returns that scale.</summary>
    private static float Encode<T>(ReadOnlySpan<T> values, Span<byte> codes, bool hasSign)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scale = 0f;
        foreach (var x in values)
        {
            scale = Math.Max(scale, Math.Abs(float.CreateTruncating(x)));
        }

        var inverse = scale >= float.Epsilon * (1 << 23) ? 1.875f / scale : 0f;
        for (var j = 0; j < values.Length; j++)
        {
            var bits = BitConverter.SingleToUInt32Bits(float.CreateTruncating(values[j]) * inverse);
            var magnitude = bits & 0x7FFF_FFFF;
            var rounded = magnitude + 0x7FFFF + ((magnitude >> 20) & 1);
            var k = Math.Clamp((int)(rounded >> 20) - (hasSign ? 0x380 : 0x300), 0, hasSign ? 0x7F : 0xFF);
            codes[j] = (byte)(hasSign && bits >= 0x8000_0000 ? k | 0x80 : k);
        }

        return scale;
    }
}
