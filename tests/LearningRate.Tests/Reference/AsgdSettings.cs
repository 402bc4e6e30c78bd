namespace LearningRate.Tests.Reference;

/// <summary>
/// The constructor arguments of <c>torch.optim.ASGD</c> under the C# names the library's options adopt,
/// with PyTorch's defaults (<c>lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, maximize=False</c>).
/// </summary>
public sealed record AsgdSettings
{
    public double LearningRate { get; init; } = 1e-2;

    /// <summary>Gets λ (PyTorch <c>lambd</c>), the decay term of η and of the parameter shrink.</summary>
    public double Lambd { get; init; } = 1e-4;

    /// <summary>Gets α (PyTorch <c>alpha</c>), the power of the η decay.</summary>
    public double Alpha { get; init; } = 0.75;

    /// <summary>Gets t0 (PyTorch <c>t0</c>), the step after which averaging starts.</summary>
    public double T0 { get; init; } = 1e6;

    public double WeightDecay { get; init; }

    public bool Maximize { get; init; }
}
