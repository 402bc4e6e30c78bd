using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Asgd{T}"/>, with PyTorch's names and defaults
/// (<c>torch.optim.ASGD(lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, maximize=False)</c>).
/// </summary>
/// <remarks>
/// PyTorch checks only <c>lr</c> and <c>weight_decay</c>; <see cref="Lambd"/>, <see cref="Alpha"/> and <see cref="T0"/>
/// must also be finite and non-negative here, the values for which η decays and μ stays in (0, 1].
/// </remarks>
public record AsgdOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "asgd";

    private readonly double _lambd = 1e-4;
    private readonly double _alpha = 0.75;
    private readonly double _t0 = 1e6;

    /// <summary>Initializes the options with PyTorch's defaults.</summary>
    public AsgdOptions()
        : base(1e-2)
    {
    }

    /// <summary>
    /// Gets λ (PyTorch <c>lambd</c>), the decay term: each update shrinks θ by <c>1 − λη</c>, and η decays as
    /// <c>γ / (1 + λ·γ·t)^α</c>.
    /// </summary>
    /// <value>The default value is 1e-4.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Lambd
    {
        get => _lambd;
        init => _lambd = Guard.NonNegative(value, nameof(Lambd));
    }

    /// <summary>Gets α (PyTorch <c>alpha</c>), the power of the η decay <c>γ / (1 + λ·γ·t)^α</c>.</summary>
    /// <value>The default value is 0.75.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Alpha
    {
        get => _alpha;
        init => _alpha = Guard.NonNegative(value, nameof(Alpha));
    }

    /// <summary>
    /// Gets t0 (PyTorch <c>t0</c>), the step after which averaging starts: μ = <c>1 / max(1, t − t0)</c>, so the
    /// average is the iterate itself up to step t0 + 1 and the mean of the iterates from step t0 + 2 on.
    /// </summary>
    /// <value>The default value is 1e6.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double T0
    {
        get => _t0;
        init => _t0 = Guard.NonNegative(value, nameof(T0));
    }
}
