using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="RmsProp{T}"/>, with PyTorch's names and defaults
/// (<c>torch.optim.RMSprop(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, maximize=False)</c>).
/// </summary>
/// <remarks>
/// Keras and Optax put ε inside the root; for their rule set <see cref="EpsilonInsideRoot"/> (see docs/optimizers.md).
/// </remarks>
public record RmsPropOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "rmsprop";

    private readonly double _alpha = 0.99;
    private readonly double _epsilon = 1e-8;
    private readonly double _momentum;

    /// <summary>Initializes the options with PyTorch's defaults.</summary>
    public RmsPropOptions()
        : base(1e-2)
    {
    }

    /// <summary>Gets α, the decay of the average of squared gradients (PyTorch <c>alpha</c>; Keras <c>rho</c>).</summary>
    /// <value>The default value is 0.99 (Keras and Optax: 0.9).</value>
    /// <remarks>PyTorch only requires α ≥ 0; α = 1 would freeze the average at zero and divide every gradient by ε, so it is rejected here.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Alpha
    {
        get => _alpha;
        init => _alpha = Guard.UnitInterval(value, nameof(Alpha));
    }

    /// <summary>Gets ε, added outside the root (PyTorch <c>eps</c>): <c>√v + ε</c>.</summary>
    /// <value>The default value is 1e-8 (Keras: 1e-7, and Keras and Optax add it inside the root).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }

    /// <summary>
    /// Gets the momentum μ (PyTorch <c>momentum</c>): with μ &gt; 0 the scaled gradient feeds a velocity,
    /// <c>b ← μ·b + g/d</c>, and the step is <c>γ·b</c> (the learning rate outside the velocity).
    /// </summary>
    /// <value>The default value is 0 (no velocity buffer).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Momentum
    {
        get => _momentum;
        init => _momentum = Guard.NonNegative(value, nameof(Momentum));
    }

    /// <summary>
    /// Gets a value indicating whether ε goes inside the root, <c>√(v + ε)</c> (centered: <c>√(v − ḡ² + ε)</c>),
    /// as in Keras and Optax (<c>eps_in_sqrt=True</c>), instead of PyTorch's <c>√v + ε</c>. Not a PyTorch option.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (PyTorch's rule).</value>
    /// <remarks>
    /// With a constant learning rate this reproduces Keras's RMSprop, momentum included: Keras keeps γ inside
    /// the velocity, which differs from PyTorch only when γ changes. Keras's weight decay is decoupled, unlike
    /// <see cref="OptimizerOptions.WeightDecay"/> here.
    /// </remarks>
    public bool EpsilonInsideRoot { get; init; }

    /// <summary>
    /// Gets a value indicating whether to center the second moment (PyTorch <c>centered</c>): the
    /// denominator becomes <c>√(v − ḡ²) + ε</c>, with ḡ the running average of the gradient.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Centered { get; init; }
}
