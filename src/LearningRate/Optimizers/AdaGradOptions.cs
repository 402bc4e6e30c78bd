using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="AdaGrad{T}"/>, with PyTorch's names and defaults
/// (<c>torch.optim.Adagrad(lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, maximize=False)</c>).
/// </summary>
/// <remarks>
/// Keras and Optax put ε inside the root and start the accumulator at 0.1; for their rule set
/// <see cref="EpsilonInsideRoot"/> and <see cref="InitialAccumulatorValue"/> (see docs/optimizers.md).
/// </remarks>
public record AdaGradOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "adagrad";

    private readonly double _learningRateDecay;
    private readonly double _initialAccumulatorValue;
    private readonly double _epsilon = 1e-10;

    /// <summary>Initializes the options with PyTorch's defaults.</summary>
    public AdaGradOptions()
        : base(1e-2)
    {
    }

    /// <summary>
    /// Gets the learning-rate decay η (PyTorch <c>lr_decay</c>): update t uses <c>γ / (1 + (t − 1)·η)</c>,
    /// so the first update is undecayed.
    /// </summary>
    /// <value>The default value is 0.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double LearningRateDecay
    {
        get => _learningRateDecay;
        init => _learningRateDecay = Guard.NonNegative(value, nameof(LearningRateDecay));
    }

    /// <summary>
    /// Gets the value the sum of squared gradients starts from (PyTorch <c>initial_accumulator_value</c>).
    /// It fills a parameter's accumulator when the buffer is allocated, at registration.
    /// </summary>
    /// <value>The default value is 0 (Keras and Optax: 0.1).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double InitialAccumulatorValue
    {
        get => _initialAccumulatorValue;
        init => _initialAccumulatorValue = Guard.NonNegative(value, nameof(InitialAccumulatorValue));
    }

    /// <summary>Gets ε, added to the root of the accumulator (PyTorch <c>eps</c>): <c>√s + ε</c>.</summary>
    /// <value>The default value is 1e-10 (Keras and Optax: 1e-7, inside the root).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }

    /// <summary>
    /// Gets a value indicating whether ε goes inside the root, <c>√(s + ε)</c>, as in Keras and Optax,
    /// instead of PyTorch's <c>√s + ε</c>. Not a PyTorch option.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (PyTorch's rule).</value>
    public bool EpsilonInsideRoot { get; init; }
}
