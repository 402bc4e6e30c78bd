using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// The random bits of stochastic rounding: a counter-based hash of a per-call key and each element's index, so the
/// bits depend on nothing else (not the width that rounds the element, nor the chunk it falls in, nor what ran
/// before) and a resumed run draws exactly the bits of an uninterrupted one.
/// </summary>
/// <remarks>
/// The element index, spread by the golden-ratio constant and offset by the key, goes through MurmurHash3's 32-bit
/// finalizer (xor-shift and multiply, full avalanche); the key itself is a SplitMix64 mix of the seed and counter.
/// </remarks>
internal static class StochasticBits
{
    /// <summary>Mixes a seed and a counter (the optimizer's step) into the 32-bit key of one call.</summary>
    public static uint Key(ulong seed, long counter)
    {
        var z = Mix64(seed + (0x9E37_79B9_7F4A_7C15UL * (ulong)counter));
        z = Mix64(z ^ seed);
        return (uint)(z ^ (z >> 32));
    }

    /// <summary>Gets 32 uniform bits for each lane's element, <paramref name="firstElement"/> + lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TBits Draw<TBits>(uint key, nuint firstElement)
        where TBits : struct, ISimdBits<TBits>
    {
        var x = ((TBits.Indices + TBits.Create((uint)firstElement)) * TBits.Create(0x9E37_79B1)) + TBits.Create(key);
        x ^= TBits.ShiftRightLogical(x, 16);
        x *= TBits.Create(0x85EB_CA6B);
        x ^= TBits.ShiftRightLogical(x, 13);
        x *= TBits.Create(0xC2B2_AE35);
        return x ^ TBits.ShiftRightLogical(x, 16);
    }

    private static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
