namespace LearningRate.Optimizers;

/// <summary>
/// A parameter an optimizer updates, as the training tools see it: a name, the values, and the gradient the
/// training loop writes. The library's <see cref="Parameter{T}"/> implements it; so can a parameter of your own
/// optimizer (see <see cref="IOptimizer{T}"/>).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IParameter<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets the parameter's name, unique within its optimizer.</summary>
    string Name { get; }

    /// <summary>Gets the values the optimizer updates in place.</summary>
    Memory<T> Value { get; }

    /// <summary>Gets the gradient, of the same length as <see cref="Value"/>.</summary>
    Memory<T> Gradient { get; }
}
