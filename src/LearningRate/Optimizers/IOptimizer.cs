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

    /// <summary>
    /// Updates every registered parameter once from its current gradient, unless the non-finite gradient
    /// policy skips the update. Allocates nothing.
    /// </summary>
    /// <returns>What the step did: applied or skipped and why, the learning rate used, and the gradient norm when it was computed.</returns>
    /// <exception cref="NonFiniteGradientException">
    /// A gradient holds NaN or ±∞ under <see cref="NonFinitePolicy.Throw"/>, or once too many consecutive steps were
    /// skipped under <see cref="NonFinitePolicy.Skip"/>; nothing was changed.
    /// </exception>
    StepReport Step();

    /// <summary>Gets or sets what <see cref="Step"/> does when a gradient holds NaN or ±∞.</summary>
    /// <value>The default value is <see cref="NonFinitePolicy.Skip"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="NonFinitePolicy"/>.</exception>
    NonFinitePolicy NonFiniteGradients { get; set; }

    /// <summary>Gets or sets how many consecutive steps <see cref="NonFinitePolicy.Skip"/> may skip before the next non-finite step throws.</summary>
    /// <value>The default value is 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    int MaxConsecutiveSkips { get; set; }

    /// <summary>Gets the number of steps skipped in a row; an applied step resets it to 0.</summary>
    int ConsecutiveSkips { get; }

    /// <summary>
    /// Occurs when <see cref="Step"/> skips an update under <see cref="NonFinitePolicy.Skip"/> (PyTorch would have
    /// applied it), with the step's report; <see cref="Training.TrainingMonitor.Watch"/> reports it as an issue.
    /// </summary>
    /// <remarks>The default implementation, for optimizers that never skip, keeps no subscriber.</remarks>
    event EventHandler<StepReport>? StepSkipped
    {
        add
        {
        }

        remove
        {
        }
    }

    /// <summary>Sets every registered gradient to zero (PyTorch <c>zero_grad(set_to_none=False)</c>).</summary>
    void ZeroGrad();
}
