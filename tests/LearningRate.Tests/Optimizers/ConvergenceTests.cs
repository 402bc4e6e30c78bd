using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// Each optimizer, with settings a practitioner would pick, reaches the minimum of the quad and
/// Rosenbrock problems (noise-free) to the stated accuracy.
/// </summary>
public class ConvergenceTests
{
    public delegate IOptimizer Factory(double[] x, double[] g);

    /// <summary>Case name → (optimizer over x, steps, accuracy on quad), (…, on Rosenbrock).</summary>
    public static TheoryData<string, Factory, int, double> Quad() => new()
    {
        { "adam", (x, g) => One(new Adam<double>(new AdamOptions { LearningRate = 0.05 }), x, g), 3000, 1e-6 },
        { "adam-amsgrad", (x, g) => One(new Adam<double>(new AdamOptions { LearningRate = 0.05, AmsGrad = true }), x, g), 3000, 1e-6 },
        { "adamw", (x, g) => One(new AdamW<double>(new AdamWOptions { LearningRate = 0.05, WeightDecay = 0 }), x, g), 3000, 1e-6 },
    };

    public static TheoryData<string, Factory, int, double> Rosenbrock() => new()
    {
        { "adam", (x, g) => One(new Adam<double>(new AdamOptions { LearningRate = 0.02 }), x, g), 20_000, 1e-4 },
        { "adam-amsgrad", (x, g) => One(new Adam<double>(new AdamOptions { LearningRate = 0.02, AmsGrad = true }), x, g), 20_000, 1e-4 },
        { "adamw", (x, g) => One(new AdamW<double>(new AdamWOptions { LearningRate = 0.02, WeightDecay = 0 }), x, g), 20_000, 1e-4 },
    };

    [Theory]
    [MemberData(nameof(Quad))]
    public void ReachesTheQuadMinimum(string name, Factory create, int steps, double accuracy) =>
        Minimize(name, create, Problems.QuadStart, Problems.QuadGradient, Problems.QuadMinimum(), steps, accuracy);

    [Theory]
    [MemberData(nameof(Rosenbrock))]
    public void ReachesTheRosenbrockMinimum(string name, Factory create, int steps, double accuracy) =>
        Minimize(name, create, Problems.RosenbrockStart, Problems.RosenbrockGradient, Problems.RosenbrockMinimum, steps, accuracy);

    public static IOptimizer One<TOptions>(Optimizer<double, TOptions> optimizer, double[] x, double[] g)
        where TOptions : OptimizerOptions
    {
        optimizer.Add("x", x, g);
        return optimizer;
    }

    private static void Minimize(string name, Factory create, double[] x, Action<double[], double[]> gradient, double[] minimum, int steps, double accuracy)
    {
        var g = new double[x.Length];
        var optimizer = create(x, g);
        for (var step = 0; step < steps; step++)
        {
            gradient(x, g);
            optimizer.Step();
        }

        for (var i = 0; i < x.Length; i++)
        {
            x[i].Should().BeApproximately(minimum[i], accuracy, $"{name}: coordinate {i} after {steps} steps");
        }
    }
}
