using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="RAdam{T}"/>, with PyTorch's names and defaults
/// (<c>torch.optim.RAdam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, decoupled_weight_decay=False, maximize=False)</c>).
/// </summary>
/// <remarks>
/// Optax's <c>radam</c> tests ρ_t ≥ 5 and adds ε after the bias correction; TorchSharp's default learning rate is 2e-3
/// (see docs/optimizers.md).
/// </remarks>
public record RAdamOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "radam";

    private readonly double _beta1 = 0.9;
    private readonly double _beta2 = 0.999;
    private readonly double _epsilon = 1e-8;

    /// <summary>Initializes the options with PyTorch's defaults.</summary>
    public RAdamOptions()
        : base(1e-3)
    {
    }

    /// <summary>Gets β1, the decay of the first-moment average (PyTorch <c>betas[0]</c>).</summary>
    /// <value>The default value is 0.9.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta1
    {
        get => _beta1;
        init => _beta1 = Guard.UnitInterval(value, nameof(Beta1));
    }

    /// <summary>
    /// Gets β2 (PyTorch <c>betas[1]</c>): the decay of the second-moment average, which also sets ρ∞ = 2/(1 − β2) − 1
    /// and so the step at which rectification starts (6 for 0.9 to 0.999; never when ρ∞ ≤ 5, that is β2 ≤ 2/3).
    /// </summary>
    /// <value>The default value is 0.999.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta2
    {
        get => _beta2;
        init => _beta2 = Guard.UnitInterval(value, nameof(Beta2));
    }

    /// <summary>Gets ε, added to the raw root √v before the bias correction multiplies (PyTorch <c>eps</c>).</summary>
    /// <value>The default value is 1e-8.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }

    /// <summary>
    /// Gets a value indicating whether weight decay is decoupled (PyTorch <c>decoupled_weight_decay</c>, RAdamW:
    /// <c>θ ← θ(1 − γλ)</c> before the step) instead of coupled L2 (<c>g ← g + λθ</c>).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool DecoupledWeightDecay { get; init; }
}
