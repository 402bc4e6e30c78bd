namespace LearningRate.Optimizers.State;

/// <summary>Who owns one instance of a declared buffer or scalar.</summary>
internal enum StateScope : byte
{
    /// <summary>One per registered parameter (Adam's moments, ASGD's eta).</summary>
    Parameter = 0,

    /// <summary>One per parameter group (a group-wide estimate).</summary>
    Group = 1,

    /// <summary>One for the whole optimizer (Prodigy's d, L-BFGS's history, an averaging count).</summary>
    Optimizer = 2,
}
