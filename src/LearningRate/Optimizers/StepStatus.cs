namespace LearningRate.Optimizers;

/// <summary>What a call to <see cref="IOptimizer.Step"/> (or to a gradient accumulator) did.</summary>
public enum StepStatus
{
    /// <summary>The update was applied: parameters, state and step counts advanced.</summary>
    Applied,

    /// <summary>
    /// The update was skipped because a gradient held NaN or ±∞ under <see cref="NonFinitePolicy.Skip"/>:
    /// parameters, state and step counts are untouched.
    /// </summary>
    SkippedNonFinite,

    /// <summary>No update was due: a gradient accumulator stored a micro-batch and waits for the rest.</summary>
    Deferred,
}
