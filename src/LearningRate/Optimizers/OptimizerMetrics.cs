using System.Diagnostics.Metrics;

namespace LearningRate.Optimizers;

/// <summary>
/// The instruments every optimizer publishes to, under the meter <c>LearningRate</c>: one static meter for the
/// library, so a listener sees every optimizer's skips (the <c>optimizer</c> tag tells them apart).
/// </summary>
internal static class OptimizerMetrics
{
    /// <summary>The name of the meter.</summary>
    public const string MeterName = "LearningRate";

    private static readonly Meter s_meter = new(MeterName);

    /// <summary>Gets the counter of steps skipped under <see cref="NonFinitePolicy.Skip"/>; tag <c>optimizer</c> = the algorithm's checkpoint kind.</summary>
    public static Counter<long> SkippedSteps { get; } = s_meter.CreateCounter<long>(
        "learningrate.optimizer.skipped_steps",
        unit: "{step}",
        description: "Optimizer steps skipped because a gradient held NaN or infinity (NonFinitePolicy.Skip).");
}
