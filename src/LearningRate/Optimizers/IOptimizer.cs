namespace LearningRate.Optimizers;

/// <summary>
/// An optimizer over registered parameters, whatever its algorithm and element type: what a
/// training loop, a learning-rate finder or a monitor needs to drive it.
/// </summary>
public interface IOptimizer
{
    /// <summary>Gets the number of completed <see cref="Step"/> calls.</summary>
    long StepCount { get; }

    /// <summary>Gets the parameter groups, the first being the default group.</summary>
    IReadOnlyList<IParameterGroup> Groups { get; }

    /// <summary>Updates every registered parameter once from its current gradient. Allocates nothing.</summary>
    void Step();

    /// <summary>Sets every registered gradient to zero (PyTorch <c>zero_grad(set_to_none=False)</c>).</summary>
    void ZeroGrad();
}
