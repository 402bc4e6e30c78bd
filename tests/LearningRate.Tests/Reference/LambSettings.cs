namespace LearningRate.Tests.Reference;

/// <summary>
/// The arguments of <c>optax.lamb</c> under the C# names the library's options adopt, with Optax's defaults
/// (<c>b1=0.9, b2=0.999, eps=1e-6, eps_root=0.0, weight_decay=0.0</c>; Optax's <c>learning_rate</c> has no default,
/// 1e-3 here), and the library's <c>Maximize</c>, which Optax lacks.
/// </summary>
public sealed record LambSettings
{
    public double LearningRate { get; init; } = 1e-3;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-6;

    public double EpsilonRoot { get; init; }

    public double WeightDecay { get; init; }

    public bool Maximize { get; init; }
}
