using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Lamb{T}"/>: Optax's defaults under PyTorch-style names
/// (<c>optax.lamb(learning_rate, b1=0.9, b2=0.999, eps=1e-6, eps_root=0.0, weight_decay=0.0)</c>). Optax has no
/// default learning rate; 1e-3 is Keras's and timm's.
/// </summary>
/// <remarks>
/// Optax's <c>mask</c> (which parameters weight decay skips) is a parameter group with <c>WeightDecay = 0</c> here.
/// Unlike every PyTorch optimizer, λ is neither coupled L2 on g nor a separate decay of θ: λθ is added to the
/// Adam direction before the trust ratio is taken (see <see cref="Lamb{T}"/>).
/// </remarks>
public record LambOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "lamb";

    private readonly double _beta1 = 0.9;
    private readonly double _beta2 = 0.999;
    private readonly double _epsilon = 1e-6;
    private readonly double _epsilonRoot;

    /// <summary>Initializes the options with Optax's defaults and a learning rate of 1e-3.</summary>
    public LambOptions()
        : base(1e-3)
    {
    }

    /// <summary>Gets β1 (Optax <c>b1</c>, PyTorch-style <c>betas[0]</c>), the decay of the first moment; a momentum schedule may cycle it.</summary>
    /// <value>The default value is 0.9.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta1
    {
        get => _beta1;
        init => _beta1 = Guard.UnitInterval(value, nameof(Beta1));
    }

    /// <summary>Gets β2 (Optax <c>b2</c>, PyTorch-style <c>betas[1]</c>), the decay of the second moment.</summary>
    /// <value>The default value is 0.999.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta2
    {
        get => _beta2;
        init => _beta2 = Guard.UnitInterval(value, nameof(Beta2));
    }

    /// <summary>
    /// Gets ε (Optax <c>eps</c>), added outside the root of the bias-corrected second moment: √(v̂ + ε_root) + ε.
    /// </summary>
    /// <value>The default value is 1e-6 (Optax's LAMB; its Adam uses 1e-8).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }

    /// <summary>
    /// Gets ε_root (Optax <c>eps_root</c>), added inside the root of the bias-corrected second moment: √(v̂ + ε_root) + ε.
    /// </summary>
    /// <value>The default value is 0.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double EpsilonRoot
    {
        get => _epsilonRoot;
        init => _epsilonRoot = Guard.NonNegative(value, nameof(EpsilonRoot));
    }
}
