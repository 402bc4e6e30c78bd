namespace LearningRate.Training;

/// <summary>One optimizer step as the <see cref="TrainingMonitor"/> recorded it.</summary>
/// <param name="Step">The 0-based step.</param>
/// <param name="Loss">The mini-batch loss.</param>
/// <param name="SmoothedLoss">
/// The debiased exponential average of the finite losses so far (<see cref="TrainingMonitorOptions.Smoothing"/>); a NaN
/// or infinite loss is left out of it, and its own record repeats the previous value (or the loss itself when no finite
/// loss came before).
/// </param>
/// <param name="LearningRate">The learning rate of the step.</param>
/// <param name="StepTime">The wall time of the step, or <see cref="TimeSpan.Zero"/> when unknown.</param>
public readonly record struct TrainingStepRecord(long Step, double Loss, double SmoothedLoss, double LearningRate, TimeSpan StepTime);
