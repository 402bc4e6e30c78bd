namespace LearningRate.Schedules;

/// <summary>
/// A learning-rate schedule: an immutable, pure function of the 0-based index of the update being
/// applied. The learning rate of update k is <c>At(k)</c> (the first update uses <c>At(0)</c>), so a
/// schedule has no hidden state and resuming needs nothing but the step count.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>Returns the learning rate of update number <paramref name="step"/> (0-based). Allocates nothing.</summary>
    /// <param name="step">The 0-based index of the update; non-negative.</param>
    /// <returns>The learning rate, finite and non-negative.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative, or past the horizon of a schedule that throws there.</exception>
    double At(long step);
}
