namespace LearningRate.Optimizers;

/// <summary>A group's learning rate and scheduled momentum for the step under way, computed and checked before any write.</summary>
/// <param name="LearningRate">The learning rate: base (number or schedule) times the controllers' scales.</param>
/// <param name="Momentum">The momentum schedule's value, or null to use the options.</param>
internal readonly record struct StepPlan(double LearningRate, double? Momentum);
