namespace LearningRate.Kernels.Simd;

/// <summary>
/// Binary32 lanes of one fixed width handled as their 32-bit patterns: what the 8-bit state codes of
/// <see cref="BlockQuantization"/> need beyond <see cref="ISimd{TSelf, T}"/>. Bytes are widened into lanes and
/// narrowed back, the patterns are shifted, masked and added as integers, and values of either element type are
/// rounded to binary32 on the way in and widened exactly on the way out. Every code operation is written once
/// against this interface; <see cref="CodeDriver"/> runs it at the widest accelerated width and finishes with
/// <see cref="CodeLanesScalar"/>, so an element's code never depends on where it falls in a span.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal interface ICodeLanes<TSelf>
    where TSelf : struct, ICodeLanes<TSelf>
{
    /// <summary>Gets whether this width runs in hardware (folded to a constant by the JIT).</summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>Gets the number of lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> bytes from <paramref name="source"/>[<paramref name="index"/>], each zero-extended into a lane.</summary>
    static abstract TSelf LoadCodes(ref byte source, nuint index);

    /// <summary>Stores the low byte of each lane at <paramref name="destination"/>[<paramref name="index"/>] (the lanes hold 0..255).</summary>
    static abstract void StoreCodes(TSelf lanes, ref byte destination, nuint index);

    /// <summary>
    /// Loads <see cref="Count"/> values as binary32 patterns: floats as they are, doubles rounded to the nearest
    /// float (ties to even; NaN stays NaN with its sign).
    /// </summary>
    static abstract TSelf LoadRounded<T>(ref T source, nuint index)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Stores the lanes, read as binary32 values, as <typeparamref name="T"/> (widening to double is exact).</summary>
    static abstract void StoreWidened<T>(TSelf lanes, ref T destination, nuint index)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Broadcasts the pattern <paramref name="bits"/> to every lane.</summary>
    static abstract TSelf Create(uint bits);

    static abstract TSelf operator &(TSelf left, TSelf right);

    static abstract TSelf operator |(TSelf left, TSelf right);

    /// <summary>Adds the patterns as 32-bit integers, wrapping.</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Subtracts the patterns as 32-bit integers, wrapping.</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Shifts each lane left by <paramref name="count"/> bits (0..31).</summary>
    static abstract TSelf ShiftLeft(TSelf lanes, int count);

    /// <summary>Shifts each lane right by <paramref name="count"/> bits (0..31), filling with zeros.</summary>
    static abstract TSelf ShiftRightLogical(TSelf lanes, int count);

    /// <summary>Gets a mask lane (all bits set) where the patterns are equal, all bits clear elsewhere.</summary>
    static abstract TSelf Equals(TSelf left, TSelf right);

    /// <summary>Computes <c>value &amp; ~mask</c>: clears the lanes a mask from <see cref="Equals"/> selects.</summary>
    static abstract TSelf AndNot(TSelf value, TSelf mask);

    /// <summary>Computes <c>min(max(value, min), max)</c> with the lanes read as signed 32-bit integers.</summary>
    static abstract TSelf ClampSigned(TSelf value, TSelf min, TSelf max);

    /// <summary>Computes the lane-wise maximum with the lanes read as signed 32-bit integers.</summary>
    static abstract TSelf MaxSigned(TSelf left, TSelf right);

    /// <summary>Multiplies the lanes read as binary32 values, each product correctly rounded, and returns the patterns.</summary>
    static abstract TSelf Multiply(TSelf left, TSelf right);

    /// <summary>Returns the largest lane, read as a signed 32-bit integer.</summary>
    static abstract int MaxLane(TSelf lanes);
}
