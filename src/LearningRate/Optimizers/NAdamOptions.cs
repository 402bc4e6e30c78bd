using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="NAdam{T}"/>, with PyTorch's names and defaults
/// (<c>torch.optim.NAdam(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3, decoupled_weight_decay=False, maximize=False)</c>).
/// </summary>
/// <remarks>
/// Keras's <c>Nadam</c> has no ψ: its schedule is this one with <see cref="MomentumDecay"/> = 1 (see docs/optimizers.md).
/// </remarks>
public record NAdamOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "nadam";

    private readonly double _beta1 = 0.9;
    private readonly double _beta2 = 0.999;
    private readonly double _epsilon = 1e-8;
    private readonly double _momentumDecay = 4e-3;

    /// <summary>Initializes the options with PyTorch's defaults.</summary>
    public NAdamOptions()
        : base(2e-3)
    {
    }

    /// <summary>
    /// Gets β1 (PyTorch <c>betas[0]</c>): the decay of the first-moment average and the scale of the momentum
    /// schedule μ_t = β1·(1 − ½·0.96^(t·ψ)).
    /// </summary>
    /// <value>The default value is 0.9.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta1
    {
        get => _beta1;
        init => _beta1 = Guard.UnitInterval(value, nameof(Beta1));
    }

    /// <summary>Gets β2, the decay of the second-moment average (PyTorch <c>betas[1]</c>).</summary>
    /// <value>The default value is 0.999.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta2
    {
        get => _beta2;
        init => _beta2 = Guard.UnitInterval(value, nameof(Beta2));
    }

    /// <summary>Gets ε, added to the bias-corrected root of the second moment, √(v / (1 − β2^t)) + ε (PyTorch <c>eps</c>).</summary>
    /// <value>The default value is 1e-8.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }

    /// <summary>
    /// Gets ψ, the speed of the momentum schedule μ_t = β1·(1 − ½·0.96^(t·ψ)) (PyTorch <c>momentum_decay</c>):
    /// μ_t rises from β1/2 towards β1, reaching 99 % of the way after about 113/ψ steps. 0 keeps μ_t = β1/2.
    /// </summary>
    /// <value>The default value is 4e-3.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double MomentumDecay
    {
        get => _momentumDecay;
        init => _momentumDecay = Guard.NonNegative(value, nameof(MomentumDecay));
    }

    /// <summary>
    /// Gets a value indicating whether weight decay is decoupled (PyTorch <c>decoupled_weight_decay</c>, NAdamW:
    /// <c>θ ← θ(1 − γλ)</c> before the step) instead of coupled L2 (<c>g ← g + λθ</c>).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool DecoupledWeightDecay { get; init; }
}
