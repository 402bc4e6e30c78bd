namespace LearningRate.Optimizers.State;

/// <summary>
/// One named state buffer an algorithm declares (PyTorch's <c>state["exp_avg"]</c>): its element type, length,
/// scope, initial value, invariant, and when it is needed. Buffers are allocated when a parameter is
/// registered, when a group's options change or when a momentum schedule is bound; never during a step.
/// </summary>
/// <typeparam name="TOptions">The algorithm's options record.</typeparam>
/// <param name="Name">The buffer's name, stable across versions: checkpoints match buffers by it.</param>
internal sealed record StateSlot<TOptions>(string Name)
    where TOptions : OptimizerOptions
{
    /// <summary>Gets the element type; by default the parameters' own.</summary>
    public StateElement Element { get; init; }

    /// <summary>Gets who owns one instance; by default each parameter.</summary>
    public StateScope Scope { get; init; }

    /// <summary>Gets the invariant every element satisfies.</summary>
    public StateInvariant Invariant { get; init; }

    /// <summary>Gets the rule that tells whether a group's options need the buffer; <see langword="null"/>: always.</summary>
    public Func<TOptions, bool>? UsedWhen { get; init; }

    /// <summary>Gets a value indicating whether a bound momentum schedule needs the buffer whatever the options say (a velocity).</summary>
    public bool NeededByMomentumSchedule { get; init; }

    /// <summary>Gets the initial value of every element under a group's options; <see langword="null"/>: zero.</summary>
    public Func<TOptions, double>? Initial { get; init; }

    /// <summary>
    /// Gets the buffer's length from its owner's extent and the group's options (the block size of quantized
    /// state decides how many block scales there are); <see langword="null"/>: the owner's element count.
    /// </summary>
    public Func<StateExtent, TOptions, long>? Length { get; init; }

    /// <summary>Tells whether a group with <paramref name="options"/> needs the buffer.</summary>
    public bool IsUsed(TOptions options, bool momentumScheduled) =>
        (UsedWhen?.Invoke(options) ?? true) || (momentumScheduled && NeededByMomentumSchedule);

    /// <summary>Gets the buffer's length for an owner of extent <paramref name="extent"/> under <paramref name="options"/>.</summary>
    public long LengthFor(StateExtent extent, TOptions options) => Length?.Invoke(extent, options) ?? extent.Length;

    /// <summary>Gets the initial value under <paramref name="options"/>.</summary>
    public double InitialValue(TOptions options) => Initial?.Invoke(options) ?? 0;
}
