using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Momentum{T}"/>: <see cref="SgdOptions"/> with <see cref="SgdOptions.Momentum"/>
/// 0.9 by default and required to be positive, i.e.
/// <c>torch.optim.SGD(lr=1e-3, momentum=0.9, dampening=0, weight_decay=0, nesterov=False, maximize=False)</c>.
/// </summary>
public record MomentumOptions : SgdOptions
{
    /// <inheritdoc/>
    internal override string Kind => "momentum";

    /// <summary>Initializes the options: PyTorch SGD's defaults with momentum 0.9.</summary>
    public MomentumOptions() => Momentum = 0.9;

    /// <summary>Gets the momentum μ (PyTorch <c>momentum</c>); see <see cref="SgdOptions.Momentum"/>.</summary>
    /// <value>The default value is 0.9.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number greater than 0.</exception>
    public override double Momentum
    {
        get => base.Momentum;
        init => base.Momentum = Guard.Positive(value, nameof(Momentum));
    }
}
