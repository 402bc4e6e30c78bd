namespace LearningRate.Training;

/// <summary>A problem the <see cref="TrainingMonitor"/> detected, when, what it saw and what to change.</summary>
/// <param name="Issue">The problem.</param>
/// <param name="Step">The number of steps recorded when it was detected.</param>
/// <param name="Epoch">The number of epochs recorded when it was detected.</param>
/// <param name="Message">What the monitor saw, with the numbers.</param>
/// <param name="Advice">What to change, learning rate first.</param>
public sealed record TrainingDiagnosis(TrainingIssue Issue, long Step, int Epoch, string Message, string Advice);
