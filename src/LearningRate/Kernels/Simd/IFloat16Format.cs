namespace LearningRate.Kernels.Simd;

/// <summary>
/// A 16-bit floating-point storage format (<see cref="HalfFormat"/>, <see cref="BFloat16Format"/>): its conversions
/// to and from float written once in integer lane operations over any <see cref="ISimdBits{TSelf}"/> width, so
/// that every width and the one-lane tail give the same bits. Used as a type argument, so the JIT compiles one
/// loop per format.
/// </summary>
internal interface IFloat16Format
{
    /// <summary>Widens 16-bit patterns (zero-extended lanes) to the bits of the same values as floats; NaN quieted.</summary>
    static abstract TBits Widen<TBits>(TBits bits)
        where TBits : struct, ISimdBits<TBits>;

    /// <summary>Rounds float bits to the nearest 16-bit value, ties to even; NaN kept (quieted), overflow to ±∞.</summary>
    static abstract TBits Narrow<TBits>(TBits bits)
        where TBits : struct, ISimdBits<TBits>;

    /// <summary>
    /// Rounds float bits stochastically: up (away from zero) with probability equal to the discarded fraction of a
    /// unit in the last place, drawn from <paramref name="random"/>'s uniformly distributed bits; a value the
    /// format holds exactly is unchanged; NaN kept (quieted).
    /// </summary>
    static abstract TBits NarrowStochastic<TBits>(TBits bits, TBits random)
        where TBits : struct, ISimdBits<TBits>;
}
