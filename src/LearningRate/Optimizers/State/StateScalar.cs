namespace LearningRate.Optimizers.State;

/// <summary>
/// One named scalar an algorithm keeps beside its buffers (NAdam's <c>mu_product</c>, ASGD's <c>eta</c> and
/// <c>mu</c>, SGD's "momentum buffer holds a value"). Scalars are stored in double whatever the element type.
/// </summary>
/// <param name="Name">The scalar's name, stable across versions: checkpoints match scalars by it.</param>
internal sealed record StateScalar(string Name)
{
    /// <summary>Gets who owns one instance; by default each parameter.</summary>
    public StateScope Scope { get; init; }

    /// <summary>Gets the value a new owner starts with.</summary>
    public double Initial { get; init; }

    /// <summary>Gets the invariant the value satisfies.</summary>
    public StateInvariant Invariant { get; init; }

    /// <summary>
    /// Gets a value indicating whether checkpoint format 1 stored this scalar as bit 0 of a parameter's flags
    /// byte (the only per-parameter scalar that format had).
    /// </summary>
    public bool FormatOneFlag { get; init; }
}
