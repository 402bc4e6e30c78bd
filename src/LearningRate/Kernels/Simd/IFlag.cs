namespace LearningRate.Kernels.Simd;

/// <summary>
/// A compile-time boolean. Operators take configuration switches (AMSGrad, Nesterov, centered ...) as
/// <see cref="IFlag"/> type arguments so the JIT removes the untaken branch from the element loop.
/// </summary>
internal interface IFlag
{
    /// <summary>Gets the flag's value; a JIT-time constant.</summary>
    static abstract bool IsSet { get; }
}

/// <summary>The <see langword="true"/> <see cref="IFlag"/>.</summary>
internal readonly struct On : IFlag
{
    public static bool IsSet => true;
}

/// <summary>The <see langword="false"/> <see cref="IFlag"/>.</summary>
internal readonly struct Off : IFlag
{
    public static bool IsSet => false;
}
