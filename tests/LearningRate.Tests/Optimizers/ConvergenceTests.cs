using LearningRate.Tests.Catalogue;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// Each optimizer, with settings a practitioner would pick (its descriptor's convergence rows), reaches the minimum
/// of the quad and Rosenbrock problems (noise-free) to the stated accuracy. Linearly converging rules (SGD,
/// momentum, AdaGrad) are held to 1e-10 on quad and 1e-8 on Rosenbrock; a rule that ends in a cycle around the
/// minimum states the cycle's amplitude (see the descriptor).
/// </summary>
public class ConvergenceTests
{
    /// <summary>(descriptor, row name, problem) for every convergence row of the catalogue.</summary>
    public static TheoryData<string, string, ConvergenceProblem> Cases()
    {
        var data = new TheoryData<string, string, ConvergenceProblem>();
        foreach (var descriptor in Descriptors.All)
        {
            foreach (var row in descriptor.Convergence)
            {
                data.Add(descriptor.Name, row.Name, row.Problem);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReachesTheMinimum(string descriptor, string name, ConvergenceProblem problem)
    {
        var row = Descriptors.Named(descriptor).Convergence.Single(c => c.Name == name && c.Problem == problem);
        var (x, gradient, minimum) = problem switch
        {
            ConvergenceProblem.Quad => (Problems.QuadStart, (Action<double[], double[]>)Problems.QuadGradient, Problems.QuadMinimum()),
            _ => (Problems.RosenbrockStart, Problems.RosenbrockGradient, Problems.RosenbrockMinimum),
        };
        var g = new double[x.Length];
        var optimizer = row.Create(x, g);
        for (var step = 0; step < row.Steps; step++)
        {
            gradient(x, g);
            optimizer.Step();
        }

        for (var i = 0; i < x.Length; i++)
        {
            x[i].Should().BeApproximately(minimum[i], row.Accuracy, $"{name} on {problem}: coordinate {i} after {row.Steps} steps");
        }
    }
}
