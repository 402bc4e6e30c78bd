using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Adamax{T}"/>, with PyTorch's names and defaults
/// (<c>torch.optim.Adamax(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, maximize=False)</c>).
/// </summary>
/// <remarks>
/// Keras adds ε to u outside the max and defaults to γ = 1e-3, ε = 1e-7; Optax is identical to PyTorch
/// (see docs/optimizers.md).
/// </remarks>
public record AdamaxOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "adamax";

    private readonly double _beta1 = 0.9;
    private readonly double _beta2 = 0.999;
    private readonly double _epsilon = 1e-8;

    /// <summary>Initializes the options with PyTorch's defaults.</summary>
    public AdamaxOptions()
        : base(2e-3)
    {
    }

    /// <summary>Gets β1, the decay of the first-moment average (PyTorch <c>betas[0]</c>); a momentum schedule may cycle it.</summary>
    /// <value>The default value is 0.9.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta1
    {
        get => _beta1;
        init => _beta1 = Guard.UnitInterval(value, nameof(Beta1));
    }

    /// <summary>Gets β2, the decay of the infinity norm, <c>u ← max(β2·u, |g| + ε)</c> (PyTorch <c>betas[1]</c>).</summary>
    /// <value>The default value is 0.999.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta2
    {
        get => _beta2;
        init => _beta2 = Guard.UnitInterval(value, nameof(Beta2));
    }

    /// <summary>Gets ε, added to |g| inside the max (PyTorch <c>eps</c>): <c>max(β2·u, |g| + ε)</c>.</summary>
    /// <value>The default value is 1e-8 (Keras: 1e-7, added to u outside the max).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }
}
