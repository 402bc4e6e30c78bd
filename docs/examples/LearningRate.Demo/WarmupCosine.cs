using LearningRate.Schedules;

namespace LearningRate.Demo;

/// <summary>Linear warmup from 0 to the peak over W steps, then a cosine to 0 at step T: the demo's schedule.</summary>
internal sealed class WarmupCosine(double peak, long warmupSteps, long totalSteps) : ILearningRateSchedule
{
    public double At(long step) => step < warmupSteps
        ? peak * (step + 1) / warmupSteps
        : peak * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1.0, (double)(step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps))));
}
