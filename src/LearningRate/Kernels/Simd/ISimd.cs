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

    /// <summary>Lane-wise maximum; NaN in either input gives NaN (as <c>torch.maximum</c>).</summary>
    static abstract TSelf Max(TSelf left, TSelf right);
}
