using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Adam{T}"/>, with PyTorch's names and defaults
/// (<c>torch.optim.Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, maximize=False, decoupled_weight_decay=False)</c>).
/// </summary>
public record AdamOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "adam";

    private readonly double _beta1 = 0.9;
    private readonly double _beta2 = 0.999;
    private readonly double _epsilon = 1e-8;

    /// <summary>Initializes the options with PyTorch's defaults.</summary>
    public AdamOptions()
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

    /// <summary>Gets β2, the decay of the second-moment average (PyTorch <c>betas[1]</c>).</summary>
    /// <value>The default value is 0.999.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta2
    {
        get => _beta2;
        init => _beta2 = Guard.UnitInterval(value, nameof(Beta2));
    }

    /// <summary>Gets ε, added to the bias-corrected root of the second moment (PyTorch <c>eps</c>).</summary>
    /// <value>The default value is 1e-8.</value>
    /// <remarks>PyTorch adds ε after the bias correction; Keras adds ε̂ before it (see docs/optimizers.md).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }

    /// <summary>
    /// Gets a value indicating whether to use AMSGrad (PyTorch <c>amsgrad</c>): the denominator uses
    /// the running maximum of the raw second moment, bias-corrected afterwards.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AmsGrad { get; init; }

    /// <summary>
    /// Gets a value indicating whether weight decay is decoupled (PyTorch <c>decoupled_weight_decay</c>,
    /// the AdamW rule <c>θ ← θ(1 − γλ)</c>) instead of coupled L2 (<c>g ← g + λθ</c>).
    /// </summary>
    /// <value>The default value is <see langword="false"/> (<see cref="AdamWOptions"/>: <see langword="true"/>).</value>
    public bool DecoupledWeightDecay { get; init; }
}
