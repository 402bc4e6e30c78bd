namespace LearningRate.Optimizers;

/// <summary>
/// An optimizer over parameters of element type <typeparamref name="T"/>, as the training tools use it: the
/// registered parameters (to clip and accumulate gradients) and a copy of the whole mutable state (so that the
/// learning-rate range test leaves the model as it found it). Every optimizer of this library implements it;
/// implement it on an optimizer of your own and the range test, gradient clipping and accumulation work with it.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IOptimizer<T> : IOptimizer
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets every registered parameter, group by group in registration order.</summary>
    IReadOnlyList<IParameter<T>> Parameters { get; }

    /// <summary>
    /// Copies everything a step or a learning-rate change can modify: parameter values and gradients, the
    /// algorithm's state, step counts, each group's options and learning-rate binding, controllers excluded.
    /// </summary>
    /// <returns>A snapshot whose <see cref="IOptimizerSnapshot.Restore"/> writes the copy back.</returns>
    IOptimizerSnapshot CaptureSnapshot();
}
