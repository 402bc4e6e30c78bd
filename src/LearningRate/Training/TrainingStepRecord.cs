namespace LearningRate.Training;

/// <summary>One optimizer step as the <see cref="TrainingMonitor"/> recorded it.</summary>
/// <param name="Step">The 0-based step.</param>
/// <param name="Loss">The mini-batch loss.</param>
/// <param name="SmoothedLoss">The debiased exponential average of the losses so far (<see cref="TrainingMonitorOptions.Smoothing"/>).</param>
/// <param name="LearningRate">The learning rate of the step.</param>
/// <param name="StepTime">The wall time of the step, or <see cref="TimeSpan.Zero"/> when unknown.</param>
public readonly record struct TrainingStepRecord(long Step, double Loss, double SmoothedLoss, double LearningRate, TimeSpan StepTime);
