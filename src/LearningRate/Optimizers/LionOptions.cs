using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Lion{T}"/>: Optax's defaults under PyTorch-style names
/// (<c>optax.lion(learning_rate, b1=0.9, b2=0.99, weight_decay=1e-3)</c>). Optax has no default learning
/// rate; 1e-4 is google/automl's PyTorch Lion's. <see cref="GoogleAutoml"/> is google/automl's preset.
/// </summary>
/// <remarks>
/// Optax's <c>mask</c> (which parameters weight decay skips) is a parameter group with <c>WeightDecay = 0</c> here.
/// </remarks>
public record LionOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "lion";

    private readonly double _beta1 = 0.9;
    private readonly double _beta2 = 0.99;

    /// <summary>Initializes the options with Optax's defaults and google/automl's learning rate, 1e-4.</summary>
    public LionOptions()
        : base(1e-4)
    {
        WeightDecay = 1e-3;
    }

    /// <summary>
    /// Gets google/automl's PyTorch Lion defaults (<c>Lion(lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0)</c>):
    /// these options with <see cref="OptimizerOptions.WeightDecay"/> 0. Its decay <c>θ ← θ(1 − γλ)</c> before the
    /// sign step equals Optax's <c>θ ← θ − γ(u + λθ)</c> in exact arithmetic, so a non-zero λ set on top of the
    /// preset gives google/automl's rule too.
    /// </summary>
    /// <value>γ = 1e-4, β1 = 0.9, β2 = 0.99, λ = 0.</value>
    public static LionOptions GoogleAutoml { get; } = new() { WeightDecay = 0 };

    /// <summary>
    /// Gets β1 (Optax <c>b1</c>, PyTorch-style <c>betas[0]</c>): the weight of the momentum in the interpolation whose
    /// sign is the update, c = β1·m + (1 − β1)·g. A momentum schedule may cycle it.
    /// </summary>
    /// <value>The default value is 0.9.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta1
    {
        get => _beta1;
        init => _beta1 = Guard.UnitInterval(value, nameof(Beta1));
    }

    /// <summary>
    /// Gets β2 (Optax <c>b2</c>, PyTorch-style <c>betas[1]</c>): the decay of the momentum average,
    /// m ← β2·m + (1 − β2)·g.
    /// </summary>
    /// <value>The default value is 0.99.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Beta2
    {
        get => _beta2;
        init => _beta2 = Guard.UnitInterval(value, nameof(Beta2));
    }
}
