namespace LearningRate.Optimizers;

/// <summary>
/// A registered parameter: a named value span, its gradient span of the same length, and the
/// optimizer's state buffers for it, allocated at registration.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Parameter<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal Parameter(string name, Memory<T> value, Memory<T> gradient, int stateCount)
    {
        Name = name;
        Value = value;
        Gradient = gradient;
        State = new T[]?[stateCount];
    }

    /// <summary>Gets the parameter's unique name.</summary>
    public string Name { get; }

    /// <summary>Gets the values the optimizer updates in place.</summary>
    public Memory<T> Value { get; }

    /// <summary>Gets the gradient the optimizer reads; the training loop writes it before each step.</summary>
    public Memory<T> Gradient { get; }

    /// <summary>Gets the number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>Gets the number of updates applied to this parameter (PyTorch's per-parameter <c>state["step"]</c>).</summary>
    /// <remarks>Bias corrections use it, so a parameter registered late starts its own count at 1, as in PyTorch.</remarks>
    public long StepCount { get; internal set; }

    /// <summary>Gets the state buffers by slot; a slot the current options do not use is null.</summary>
    internal T[]?[] State { get; }

    /// <summary>Gets or sets a value indicating whether SGD's momentum buffer holds a value (PyTorch: not None).</summary>
    internal bool MomentumStarted { get; set; }

    /// <summary>Returns a slot's buffer as a span; empty when the slot is unused.</summary>
    internal Span<T> StateSpan(int slot) => State[slot];
}
