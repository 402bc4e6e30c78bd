namespace LearningRate.Tests.Reference;

/// <summary>
/// The constructor arguments of facebookresearch/schedule_free's <c>SGDScheduleFreeReference</c> under the C# names
/// the library's options adopt, with upstream's defaults (<c>lr=1.0, momentum=0.9, weight_decay=0, warmup_steps=0,
/// r=0.0, weight_lr_power=2</c>), plus the library's <c>Maximize</c> (false: upstream has none).
/// </summary>
public sealed record ScheduleFreeSgdSettings
{
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Gets β (upstream <c>momentum</c>), the weight of x in y = β·x + (1 − β)·z.</summary>
    public double Momentum { get; init; } = 0.9;

    public double WeightDecay { get; init; }

    public int WarmupSteps { get; init; }

    public double R { get; init; }

    public double WeightLearningRatePower { get; init; } = 2;

    public bool Maximize { get; init; }
}
