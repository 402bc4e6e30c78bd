using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Sgd{T}"/>, with PyTorch's names and defaults
/// (<c>torch.optim.SGD(lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False)</c>).
/// </summary>
public record SgdOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "sgd";

    private readonly double _momentum;
    private readonly double _dampening;

    /// <summary>Initializes the options with PyTorch's defaults.</summary>
    public SgdOptions()
        : base(1e-3)
    {
    }

    /// <summary>
    /// Gets the momentum μ (PyTorch <c>momentum</c>): the decay of the velocity <c>b ← μ·b + (1 − τ)·g</c>.
    /// Zero is plain SGD, with no velocity buffer.
    /// </summary>
    /// <value>The default value is 0 (<see cref="MomentumOptions"/>: 0.9).</value>
    /// <remarks>
    /// The learning rate multiplies the whole velocity (PyTorch and Optax), not each gradient as it
    /// enters it (Keras, Sutskever et al.); the two agree while the learning rate is constant.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN (<see cref="MomentumOptions"/>: also zero).</exception>
    public virtual double Momentum
    {
        get => _momentum;
        init => _momentum = Guard.NonNegative(value, nameof(Momentum));
    }

    /// <summary>
    /// Gets the dampening τ (PyTorch <c>dampening</c>): the velocity takes <c>(1 − τ)·g</c> of each
    /// gradient after the first, which it takes whole.
    /// </summary>
    /// <value>The default value is 0.</value>
    /// <remarks>
    /// PyTorch accepts any number; this library requires [0, 1], where <c>1 − τ</c> is a fraction of
    /// the gradient (outside it the velocity would amplify or reverse each new gradient).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1] or NaN.</exception>
    public double Dampening
    {
        get => _dampening;
        init => _dampening = Guard.ClosedUnitInterval(value, nameof(Dampening));
    }

    /// <summary>
    /// Gets a value indicating whether to use Nesterov momentum (PyTorch <c>nesterov</c>): the step
    /// follows <c>g + μ·b</c> instead of <c>b</c>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    /// <remarks>Requires <see cref="Momentum"/> &gt; 0 and <see cref="Dampening"/> = 0, as in PyTorch; the optimizer checks this when it receives the options.</remarks>
    public bool Nesterov { get; init; }

    /// <inheritdoc/>
    internal override void Validate()
    {
        base.Validate();
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
        {
            Guard.ThrowArgument(nameof(Nesterov), $"Nesterov momentum requires Momentum > 0 and Dampening = 0; got Momentum = {Momentum}, Dampening = {Dampening}.");
        }
    }
}
