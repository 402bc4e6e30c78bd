namespace LearningRate.Tests.Reference;

/// <summary>
/// The arguments of <c>optax.lion</c> under the C# names the library's options adopt, with Optax's defaults
/// (<c>b1=0.9, b2=0.99, weight_decay=1e-3</c>; Optax's <c>learning_rate</c> has no default, 1e-4 is google/automl's),
/// and the library's <c>Maximize</c>, which Optax lacks.
/// </summary>
public sealed record LionSettings
{
    public double LearningRate { get; init; } = 1e-4;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.99;

    public double WeightDecay { get; init; } = 1e-3;

    public bool Maximize { get; init; }
}
