namespace LearningRate.Controllers;

/// <summary>Which direction of the metric counts as progress for <see cref="ReduceOnPlateau"/> (PyTorch <c>mode</c>).</summary>
public enum PlateauMode
{
    /// <summary>Lower is better, as for a loss (PyTorch <c>mode="min"</c>, the default).</summary>
    Minimize = 0,

    /// <summary>Higher is better, as for an accuracy or a reward (PyTorch <c>mode="max"</c>).</summary>
    Maximize = 1,
}
