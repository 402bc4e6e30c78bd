namespace LearningRate.Tests.Reference;

/// <summary>
/// A test oracle: the update rule transcribed from PyTorch's documentation as a plain loop in double,
/// with none of the library's code (no kernels, no FMA, no per-step scalar hoisting).
/// </summary>
public interface IReferenceOptimizer
{
    /// <summary>Applies one update in place to <paramref name="parameters"/>.</summary>
    void Step(double[] parameters, double[] gradients);
}
