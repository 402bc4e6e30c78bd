using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// A registered parameter: a named value span, its gradient span of the same length, its shape, and the
/// optimizer's state for it (the buffers and scalars its algorithm declares), allocated at registration.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Parameter<T> : IParameter<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // The shape when one was registered; otherwise Shape is the one dimension _length.
    private readonly int[]? _shape;
    private readonly int _length;

    internal Parameter(string name, Memory<T> value, Memory<T> gradient, int[]? shape, StateBlock state)
    {
        Name = name;
        Value = value;
        Gradient = gradient;
        _shape = shape;
        _length = value.Length;
        Block = state;
    }

    /// <summary>Gets the parameter's unique name.</summary>
    public string Name { get; }

    /// <summary>Gets the values the optimizer updates in place.</summary>
    public Memory<T> Value { get; }

    /// <summary>Gets the gradient the optimizer reads; the training loop writes it before each step.</summary>
    public Memory<T> Gradient { get; }

    /// <summary>Gets the number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>
    /// Gets the shape the parameter was registered with, row-major over <see cref="Value"/> (the last dimension varies
    /// fastest, as in a contiguous PyTorch tensor); <c>[Length]</c> when it was registered without one.
    /// </summary>
    /// <remarks>
    /// Element-wise optimizers ignore it. The matrix-aware ones read it: they factor or orthogonalize over its
    /// dimensions, and refuse a shape they cannot handle at registration.
    /// </remarks>
    public ReadOnlySpan<int> Shape => _shape ?? MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _length), 1);

    /// <summary>Gets the registered shape, or null when none was given (the shape is then <c>[Length]</c>).</summary>
    internal int[]? RegisteredShape => _shape;

    /// <summary>Gets the number of updates applied to this parameter (PyTorch's per-parameter <c>state["step"]</c>).</summary>
    /// <remarks>Bias corrections use it, so a parameter registered late starts its own count at 1, as in PyTorch.</remarks>
    public long StepCount { get; internal set; }

    /// <summary>Gets the parameter's state: its algorithm's buffers and scalars, by declared index.</summary>
    internal StateBlock Block { get; }

    /// <summary>Gets a view of the buffers as arrays, by slot index, for tests and diagnostics (reading copies).</summary>
    internal ParameterStateView<T> State => new(Block);
}
