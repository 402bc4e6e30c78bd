namespace LearningRate.Tests.Reference;

/// <summary>
/// The constructor arguments of <c>torch.optim.Adamax</c> under the C# names the library's options adopt,
/// with PyTorch's defaults (<c>lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, maximize=False</c>).
/// </summary>
public sealed record AdamaxSettings
{
    public double LearningRate { get; init; } = 2e-3;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    public double WeightDecay { get; init; }

    public bool Maximize { get; init; }
}
