namespace LearningRate.Tests.Reference;

/// <summary>
/// The constructor arguments of <c>torch.optim.Adadelta</c> under the C# names the library's options adopt,
/// with PyTorch's defaults (<c>lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, maximize=False</c>).
/// </summary>
public sealed record AdadeltaSettings
{
    public double LearningRate { get; init; } = 1.0;

    public double Rho { get; init; } = 0.9;

    public double Epsilon { get; init; } = 1e-6;

    public double WeightDecay { get; init; }

    public bool Maximize { get; init; }
}
