namespace LearningRate.Training;

/// <summary>One epoch as the <see cref="TrainingMonitor"/> recorded it.</summary>
/// <param name="Epoch">The 0-based epoch.</param>
/// <param name="Step">The number of steps recorded by the end of the epoch.</param>
/// <param name="TrainingLoss">The epoch's training loss.</param>
/// <param name="ValidationLoss">The epoch's validation loss, NaN when not measured.</param>
/// <param name="LearningRate">The learning rate at the end of the epoch.</param>
/// <param name="ValidationMetric">Any other validation metric (accuracy, say), NaN when not given; recorded and exported, not diagnosed.</param>
public readonly record struct TrainingEpochRecord(int Epoch, long Step, double TrainingLoss, double ValidationLoss, double LearningRate, double ValidationMetric)
{
    /// <summary>Gets the loss to act on: the validation loss when measured, else the training loss (what a plateau controller should be fed).</summary>
    public double MonitoredLoss => double.IsNaN(ValidationLoss) ? TrainingLoss : ValidationLoss;
}
