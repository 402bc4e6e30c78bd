using LearningRate.Optimizers;
using LearningRate.Schedules;

namespace LearningRate.Demo;

/// <summary>One configuration of the demo: how to build its optimizer for a fresh model, its data and its schedule.</summary>
internal sealed record RunSpec(
    string Optimizer,
    string Features,
    string ScheduleName,
    double Peak,
    Func<Mlp, IOptimizer> Make,
    SpiralData Train,
    SpiralData Validation,
    ILearningRateSchedule Schedule);
