namespace LearningRate.Tests.Reference;

/// <summary>
/// The constructor arguments of facebookresearch/schedule_free's <c>AdamWScheduleFreeReference</c> under the C# names
/// the library's options adopt, with upstream's defaults (<c>lr=0.0025, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
/// warmup_steps=0, r=0, weight_lr_power=2, decay_at_z=False, inner_momentum=0.0</c>), plus the library's
/// <c>Maximize</c> (false: upstream has none).
/// </summary>
public sealed record ScheduleFreeAdamWSettings
{
    public double LearningRate { get; init; } = 0.0025;

    /// <summary>Gets β1 (upstream <c>betas[0]</c>), the weight of x in y = β1·x + (1 − β1)·z.</summary>
    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    public double WeightDecay { get; init; }

    public int WarmupSteps { get; init; }

    public double R { get; init; }

    public double WeightLearningRatePower { get; init; } = 2;

    public bool DecayAtZ { get; init; }

    /// <summary>Gets upstream's <c>inner_momentum</c>: the reference transcribes it, the library accepts only 0.</summary>
    public double InnerMomentum { get; init; }

    public bool Maximize { get; init; }
}
