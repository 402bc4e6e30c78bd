namespace LearningRate.Optimizers;

/// <summary>What <see cref="IOptimizer.Step"/> does when a gradient holds NaN or ±∞.</summary>
/// <remarks>See docs/reliability.md for the measured cost of the check that <see cref="Skip"/> and <see cref="Throw"/> run.</remarks>
public enum NonFinitePolicy
{
    /// <summary>
    /// Skip the update: parameters, state and step counts stay untouched and the step reports
    /// <see cref="StepStatus.SkippedNonFinite"/>. Consecutive skips are counted; one more than
    /// <c>MaxConsecutiveSkips</c> throws <see cref="NonFiniteGradientException"/>. The default.
    /// </summary>
    Skip,

    /// <summary>Throw <see cref="NonFiniteGradientException"/> before anything is written.</summary>
    Throw,

    /// <summary>
    /// No check: apply the update as PyTorch does, so NaN and ±∞ flow into the parameters and the state.
    /// The fastest; gives PyTorch's numbers even for non-finite input.
    /// </summary>
    Propagate,
}
