using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Adadelta{T}"/>, with PyTorch's names and defaults
/// (<c>torch.optim.Adadelta(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, maximize=False)</c>).
/// </summary>
/// <remarks>
/// Keras runs the same rule with <c>learning_rate=0.001, rho=0.95, epsilon=1e-7</c>:
/// <c>new AdadeltaOptions { LearningRate = 1e-3, Rho = 0.95, Epsilon = 1e-7 }</c> (see docs/optimizers.md).
/// </remarks>
public record AdadeltaOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "adadelta";

    private readonly double _rho = 0.9;
    private readonly double _epsilon = 1e-6;

    /// <summary>Initializes the options with PyTorch's defaults (γ = 1.0, a multiplier on the paper's update).</summary>
    public AdadeltaOptions()
        : base(1.0)
    {
    }

    /// <summary>Gets ρ, the decay of both running averages, <c>v ← ρ·v + (1 − ρ)·g²</c> and <c>u ← ρ·u + (1 − ρ)·Δ²</c> (PyTorch <c>rho</c>).</summary>
    /// <value>The default value is 0.9 (Keras: 0.95).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1].</exception>
    public double Rho
    {
        get => _rho;
        init => _rho = Guard.ClosedUnitInterval(value, nameof(Rho));
    }

    /// <summary>Gets ε, added inside both roots (PyTorch <c>eps</c>): <c>Δ = √(u + ε) / √(v + ε) · g</c>.</summary>
    /// <value>The default value is 1e-6 (Keras: 1e-7).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }
}
