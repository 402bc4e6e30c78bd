namespace LearningRate.Schedules;

/// <summary>
/// What a schedule with a horizon (a last step its formula is meant for) returns past that step.
/// Each factory of <see cref="Schedule"/> documents its horizon and default.
/// </summary>
public enum AfterEnd
{
    /// <summary>Hold the value at the horizon for every later step (Optax, Keras, PyTorch's LinearLR and PolynomialLR).</summary>
    Hold,

    /// <summary>
    /// Keep evaluating the formula past the horizon (PyTorch's CosineAnnealingLR, which rises again with
    /// period 2·T_max, and OneCycleLR's extrapolated last value). A value that would be negative is 0.
    /// </summary>
    Continue,

    /// <summary>Throw <see cref="ArgumentOutOfRangeException"/> for any step past the horizon: a run that outlives its schedule is a bug.</summary>
    Throw,
}
