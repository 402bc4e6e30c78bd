using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// The single table of optimizer configurations that the generic tests run: every branch of every
/// update rule (each flag that changes the kernel) appears at least once.
/// </summary>
public static class OptimizerCases
{
    public static IReadOnlyDictionary<string, OptimizerCase> All { get; } = new OptimizerCase[]
    {
        new AdamCase("adam", new AdamOptions { LearningRate = 0.05 }),
        new AdamCase("adam-l2", new AdamOptions { LearningRate = 0.05, WeightDecay = 0.1 }),
        new AdamCase("adam-maximize-l2", new AdamOptions { LearningRate = 0.05, WeightDecay = 0.1, Maximize = true }),
        new AdamCase("adam-amsgrad", new AdamOptions { LearningRate = 0.05, AmsGrad = true, Beta1 = 0.8, Beta2 = 0.9 }),
        new AdamCase("adam-amsgrad-l2", new AdamOptions { LearningRate = 0.05, AmsGrad = true, WeightDecay = 0.05 }),
        new AdamCase("adam-decoupled", new AdamOptions { LearningRate = 0.05, WeightDecay = 0.1, DecoupledWeightDecay = true }),
        new AdamCase("adamw", new AdamWOptions { LearningRate = 0.05 }),
        new AdamCase("adamw-amsgrad-maximize", new AdamWOptions { LearningRate = 0.05, AmsGrad = true, Maximize = true, Epsilon = 1e-3 }),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Names() => [.. All.Keys];
}
