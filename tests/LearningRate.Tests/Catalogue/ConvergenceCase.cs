using LearningRate.Optimizers;

namespace LearningRate.Tests.Catalogue;

/// <summary>
/// Settings a practitioner would pick: <see cref="Create"/> builds the optimizer over x (double) with gradient g,
/// and after <see cref="Steps"/> steps every coordinate is within <see cref="Accuracy"/> of the minimum.
/// </summary>
public sealed record ConvergenceCase(string Name, ConvergenceProblem Problem, int Steps, double Accuracy, Func<double[], double[], IOptimizer> Create);
