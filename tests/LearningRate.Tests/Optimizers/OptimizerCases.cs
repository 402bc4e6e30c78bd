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
        new SgdCase("sgd", new SgdOptions { LearningRate = 0.05 }),
        new SgdCase("sgd-weight-decay", new SgdOptions { LearningRate = 0.05, WeightDecay = 0.1 }),
        new SgdCase("sgd-maximize-weight-decay", new SgdOptions { LearningRate = 0.05, WeightDecay = 0.1, Maximize = true }),
        new SgdCase("sgd-momentum", new SgdOptions { LearningRate = 0.05, Momentum = 0.9 }),
        new SgdCase("sgd-momentum-dampening-weight-decay", new SgdOptions { LearningRate = 0.05, Momentum = 0.8, Dampening = 0.3, WeightDecay = 0.05 }),
        new SgdCase("sgd-nesterov", new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Nesterov = true }),
        new SgdCase("sgd-nesterov-maximize-weight-decay", new SgdOptions { LearningRate = 0.05, Momentum = 0.7, Nesterov = true, Maximize = true, WeightDecay = 0.1 }),
        new SgdCase("momentum", new MomentumOptions { LearningRate = 0.05 }),
        new SgdCase("momentum-nesterov-dampening-free", new MomentumOptions { LearningRate = 0.05, Momentum = 0.5, Nesterov = true }),
        new AdaGradCase("adagrad", new AdaGradOptions { LearningRate = 0.1 }),
        new AdaGradCase("adagrad-lr-decay-accumulator-weight-decay", new AdaGradOptions { LearningRate = 0.1, LearningRateDecay = 0.05, InitialAccumulatorValue = 0.1, WeightDecay = 0.1 }),
        new AdaGradCase("adagrad-maximize", new AdaGradOptions { LearningRate = 0.1, Maximize = true }),
        new AdaGradCase("adagrad-epsilon-inside-root", new AdaGradOptions { LearningRate = 0.1, InitialAccumulatorValue = 0.1, Epsilon = 1e-7, EpsilonInsideRoot = true }),
        new RmsPropCase("rmsprop", new RmsPropOptions()),
        new RmsPropCase("rmsprop-centered", new RmsPropOptions { Centered = true }),
        new RmsPropCase("rmsprop-momentum", new RmsPropOptions { Momentum = 0.9 }),
        new RmsPropCase("rmsprop-centered-momentum-weight-decay", new RmsPropOptions { Centered = true, Momentum = 0.9, WeightDecay = 0.1, Alpha = 0.9 }),
        new RmsPropCase("rmsprop-maximize-weight-decay", new RmsPropOptions { Maximize = true, WeightDecay = 0.1, Alpha = 0.95 }),
        new RmsPropCase("rmsprop-epsilon-inside-root", new RmsPropOptions { LearningRate = 1e-3, Alpha = 0.9, Epsilon = 1e-3, EpsilonInsideRoot = true }),
        new RmsPropCase("rmsprop-centered-momentum-epsilon-inside-root", new RmsPropOptions { Centered = true, Momentum = 0.5, Epsilon = 1e-3, EpsilonInsideRoot = true }),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Names() => [.. All.Keys];
}
