namespace LearningRate.Optimizers.State;

/// <summary>
/// What every stored value of a buffer or scalar satisfies; the checkpoint loader rejects a value that breaks
/// it as malformed. NaN passes every invariant: under <see cref="NonFinitePolicy.Propagate"/> a run may
/// legitimately hold NaN state, and it must still save and load.
/// </summary>
internal enum StateInvariant : byte
{
    /// <summary>Any value.</summary>
    Any = 0,

    /// <summary>Never below zero (second moments, accumulated squares, step sizes).</summary>
    NonNegative = 1,

    /// <summary>Exactly 0 or 1 (a flag such as "the momentum buffer holds a value").</summary>
    Flag = 2,

    /// <summary>Strictly above zero.</summary>
    Positive = 3,
}
