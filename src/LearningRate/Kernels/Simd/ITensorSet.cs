namespace LearningRate.Kernels.Simd;

/// <summary>
/// The tensors of one multi-tensor pass, by index: each one's element count and references to its parameters,
/// gradient and state buffers, which the set derives afresh on every call (nothing here pins or caches an address of
/// a managed array across calls: managed arrays move).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface ITensorSet<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets the element count of tensor <paramref name="tensor"/>.</summary>
    int Length(int tensor);

    /// <summary>Gets the first parameter of tensor <paramref name="tensor"/>.</summary>
    ref T Parameters(int tensor);

    /// <summary>Gets the first gradient element of tensor <paramref name="tensor"/>.</summary>
    ref T Gradients(int tensor);

    /// <summary>Gets the first element of state buffer <paramref name="slot"/> (0, 1 or 2) of tensor <paramref name="tensor"/>, or a null reference when it has none.</summary>
    ref T State(int tensor, int slot);
}
