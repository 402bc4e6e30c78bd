namespace LearningRate.Schedules;

/// <summary>
/// The shape of a move from a start value a to an end value b as the progress p goes from 0 to 1,
/// used by <see cref="Schedule.OneCycle"/>, <see cref="Schedule.WarmupStableDecay"/> and <see cref="Schedule.SwaAnneal"/>.
/// </summary>
public enum Annealing
{
    /// <summary>Cosine: <c>b + (a − b)·(1 + cos πp)/2</c> (PyTorch <c>anneal_strategy="cos"</c>).</summary>
    Cosine,

    /// <summary>Linear: <c>a + (b − a)·p</c> (PyTorch <c>anneal_strategy="linear"</c>).</summary>
    Linear,

    /// <summary>
    /// One minus square root (Hägele et al. 2024; HF <c>"1-sqrt"</c>): <c>b + (a − b)·(1 − √p)</c>, a fast
    /// initial drop that flattens out. Only for <see cref="Schedule.WarmupStableDecay"/>'s decay.
    /// </summary>
    OneMinusSqrt,
}
