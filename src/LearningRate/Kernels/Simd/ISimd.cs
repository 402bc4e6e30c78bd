namespace LearningRate.Kernels.Simd;

/// <summary>
/// A vector of <typeparamref name="T"/> lanes of one fixed width. Every update rule is written once
/// against this interface; <see cref="KernelDriver"/> runs it at the widest accelerated width and
/// finishes the tail with the one-lane <see cref="SimdScalar{T}"/>, so every path performs the same
/// operations in the same order (the runtime's <c>ISimdVector</c> is not public in .NET 10).
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
/// <typeparam name="T">The element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface ISimd<TSelf, T>
    where TSelf : struct, ISimd<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets whether this width runs in hardware (folded to a constant by the JIT).</summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>Gets the number of lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> elements starting at <paramref name="source"/>[<paramref name="index"/>].</summary>
    static abstract TSelf Load(ref T source, nuint index);

    /// <summary>Stores the lanes at <paramref name="destination"/>[<paramref name="index"/>].</summary>
    static abstract void Store(TSelf value, ref T destination, nuint index);

    /// <summary>Broadcasts <paramref name="value"/> to every lane.</summary>
    static abstract TSelf Create(T value);

    static abstract TSelf operator +(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf left, TSelf right);

    static abstract TSelf operator *(TSelf left, TSelf right);

    static abstract TSelf operator /(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf value);

    /// <summary>Computes <c>a*b + c</c> with a single rounding, on every path.</summary>
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>Computes the square root of each lane.</summary>
    static abstract TSelf Sqrt(TSelf value);

    /// <summary>Gets a vector whose lanes are all +0.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>Gets a vector whose lanes are all +1.</summary>
    static abstract TSelf One { get; }

    /// <summary>
    /// Lane-wise IEEE 754:2019 <c>maximum</c> (as <c>torch.maximum</c>): a NaN in either input gives
    /// NaN, and +0 is greater than −0 whatever the order. These are the semantics of
    /// <c>VectorN.Max</c> since .NET 9 on every instruction set and in the software fallback, and of
    /// <c>T.Max</c> (not <c>MaxNative</c>, which returns whichever operand the hardware picks).
    /// Which NaN comes out is the instruction set's choice: with AVX-512, the right input if it is
    /// a quiet NaN, else the NaN input quieted (left first); without AVX-512, the left input if it
    /// is NaN, else the right, unchanged even when signalling. Every width makes the same choice
    /// (<see cref="SimdScalar{T}"/> runs the 128-bit operation on one lane for that reason), so the
    /// bits never depend on where an element falls in a span.
    /// </summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>
    /// Lane-wise IEEE 754:2019 <c>minimum</c> (as <c>torch.minimum</c>): a NaN in either input gives
    /// NaN, and −0 is less than +0 whatever the order; NaN payloads and signalling NaNs as in
    /// <see cref="Max"/>, through <c>VectorN.Min</c> on every width.
    /// </summary>
    static abstract TSelf Min(TSelf left, TSelf right);

    /// <summary>
    /// Lane-wise <c>min(max(value, min), max)</c> built from <see cref="Max"/> and <see cref="Min"/>
    /// (as <c>torch.clamp</c> with both bounds): a NaN lane in any input gives NaN, and bounds with
    /// <c>min &gt; max</c> give <paramref name="max"/> instead of throwing. Signed zeros follow
    /// <see cref="Max"/> and <see cref="Min"/> (clamping −0 to a bound of +0 gives +0).
    /// </summary>
    static abstract TSelf Clamp(TSelf value, TSelf min, TSelf max);

    /// <summary>
    /// Lane-wise absolute value: clears the sign bit and nothing else, so −0 gives +0, −∞ gives +∞,
    /// and a NaN keeps its payload with the sign bit cleared.
    /// </summary>
    static abstract TSelf Abs(TSelf value);

    /// <summary>
    /// Lane-wise <paramref name="value"/> with the sign bit of <paramref name="sign"/>: the magnitude
    /// bits of the one, the sign bit of the other, whatever either holds (±0, ±∞, NaN included), as
    /// <see cref="Math.CopySign(double, double)"/> and <c>torch.copysign</c>.
    /// </summary>
    static abstract TSelf CopySign(TSelf value, TSelf sign);

    /// <summary>
    /// Lane-wise sign as <c>torch.sign</c> computes it on the CPU, <c>(0 &lt; x) − (x &lt; 0)</c>:
    /// +1 for every x &gt; 0 (+∞ and positive subnormals included), −1 for every x &lt; 0, and +0
    /// for +0, −0 and NaN (both comparisons are false for NaN; unlike <c>numpy.sign</c>, NaN does
    /// not propagate). Rprop and Lion take the sign of values that can be NaN, and PyTorch's
    /// trajectories depend on this: a NaN product in Rprop leaves the step size unchanged.
    /// </summary>
    static abstract TSelf Sign(TSelf value);

    /// <summary>
    /// Lane-wise <c>left &gt; right</c> as a mask: all bits set where true, all bits clear where
    /// false (so false wherever either lane is NaN; +0 and −0 are equal). Meant for
    /// <see cref="ConditionalSelect"/>; read as numbers, true lanes are NaN.
    /// </summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>
    /// Lane-wise <c>left &lt; right</c> as a mask, with the conventions of <see cref="GreaterThan"/>.
    /// </summary>
    static abstract TSelf LessThan(TSelf left, TSelf right);

    /// <summary>
    /// Lane-wise <c>left == right</c> as a mask, with the conventions of <see cref="GreaterThan"/>:
    /// NaN equals nothing, itself included; +0 equals −0.
    /// </summary>
    static abstract TSelf Equals(TSelf left, TSelf right);

    /// <summary>
    /// Bitwise select, <c>(mask &amp; whenTrue) | (~mask &amp; whenFalse)</c>: with a mask from a
    /// comparison, <paramref name="whenTrue"/>'s lane where the comparison held and
    /// <paramref name="whenFalse"/>'s elsewhere, bits (NaN payloads, signed zeros) unchanged.
    /// </summary>
    static abstract TSelf ConditionalSelect(TSelf mask, TSelf whenTrue, TSelf whenFalse);

    // 16-bit storage: Half and bfloat16 lanes converted to and from float vectors (T is float). The
    // conversions are bit operations written once per format (IFloat16Format) over the same-width
    // ISimdBits, so every width and the scalar tail give the same bits.

    /// <summary>
    /// Loads <see cref="Count"/> 16-bit values of format <typeparamref name="TFormat"/> from
    /// <paramref name="source"/>[<paramref name="index"/>] and widens them to float lanes (exact; NaN quieted).
    /// </summary>
    static abstract TSelf LoadWidened<TFormat>(ref ushort source, nuint index)
        where TFormat : struct, IFloat16Format;

    /// <summary>
    /// Rounds the float lanes to format <typeparamref name="TFormat"/>, to nearest with ties to even, and stores
    /// them at <paramref name="destination"/>[<paramref name="index"/>].
    /// </summary>
    static abstract void StoreNarrowed<TFormat>(TSelf value, ref ushort destination, nuint index)
        where TFormat : struct, IFloat16Format;

    /// <summary>
    /// Rounds the float lanes to format <typeparamref name="TFormat"/> stochastically, with the random bits
    /// <see cref="StochasticBits.Draw"/> gives lane i for <paramref name="key"/> and element
    /// <paramref name="firstElement"/> + i, and stores them at <paramref name="destination"/>[<paramref name="index"/>].
    /// </summary>
    static abstract void StoreNarrowedStochastic<TFormat>(TSelf value, ref ushort destination, nuint index, uint key, nuint firstElement)
        where TFormat : struct, IFloat16Format;
}
