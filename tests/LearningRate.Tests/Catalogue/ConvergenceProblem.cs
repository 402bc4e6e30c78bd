namespace LearningRate.Tests.Catalogue;

/// <summary>The noise-free problems of <see cref="Infrastructure.Problems"/> a convergence row minimizes.</summary>
public enum ConvergenceProblem
{
    /// <summary>The golden README's separable quadratic plus cosine, 8 coordinates.</summary>
    Quad,

    /// <summary>Rosenbrock's banana in two dimensions, minimum at (1, 1).</summary>
    Rosenbrock,
}
