using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Rprop{T}"/>, with PyTorch's names and defaults
/// (<c>torch.optim.Rprop(lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), maximize=False)</c>).
/// </summary>
/// <remarks>
/// <see cref="OptimizerOptions.LearningRate"/> is the initial step size of every element, read once, when a parameter
/// takes its first step. PyTorch's Rprop has no <c>weight_decay</c>: the inherited
/// <see cref="OptimizerOptions.WeightDecay"/> must stay 0.
/// </remarks>
public record RpropOptions : OptimizerOptions
{
    /// <inheritdoc/>
    internal override string Kind => "rprop";

    private readonly double _etaMinus = 0.5;
    private readonly double _etaPlus = 1.2;
    private readonly double _stepSizeMin = 1e-6;
    private readonly double _stepSizeMax = 50;

    /// <summary>Initializes the options with PyTorch's defaults.</summary>
    public RpropOptions()
        : base(1e-2)
    {
    }

    /// <summary>Gets η− (PyTorch <c>etas[0]</c>), the factor of an element's step size after its gradient changed sign.</summary>
    /// <value>The default value is 0.5.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 1).</exception>
    public double EtaMinus
    {
        get => _etaMinus;
        init
        {
            if (!(value > 0 && value < 1))
            {
                Guard.ThrowOutOfRange(nameof(EtaMinus), value, "must be in (0, 1)");
            }

            _etaMinus = value;
        }
    }

    /// <summary>Gets η+ (PyTorch <c>etas[1]</c>), the factor of an element's step size while its gradient keeps its sign.</summary>
    /// <value>The default value is 1.2.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number &gt; 1.</exception>
    public double EtaPlus
    {
        get => _etaPlus;
        init
        {
            if (!(value > 1) || double.IsInfinity(value))
            {
                Guard.ThrowOutOfRange(nameof(EtaPlus), value, "must be a finite number > 1");
            }

            _etaPlus = value;
        }
    }

    /// <summary>Gets the smallest step size (PyTorch <c>step_sizes[0]</c>); it must not exceed <see cref="StepSizeMax"/>.</summary>
    /// <value>The default value is 1e-6.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double StepSizeMin
    {
        get => _stepSizeMin;
        init => _stepSizeMin = Guard.NonNegative(value, nameof(StepSizeMin));
    }

    /// <summary>Gets the largest step size (PyTorch <c>step_sizes[1]</c>).</summary>
    /// <value>The default value is 50.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double StepSizeMax
    {
        get => _stepSizeMax;
        init => _stepSizeMax = Guard.NonNegative(value, nameof(StepSizeMax));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">
    /// <see cref="OptimizerOptions.WeightDecay"/> is not 0 (PyTorch's Rprop has none), or <see cref="StepSizeMin"/>
    /// exceeds <see cref="StepSizeMax"/>.
    /// </exception>
    internal override void Validate()
    {
        base.Validate();
        if (WeightDecay != 0)
        {
            Guard.ThrowArgument(nameof(WeightDecay), $"PyTorch's Rprop has no weight decay: WeightDecay must be 0; got {WeightDecay}.");
        }

        if (StepSizeMin > StepSizeMax)
        {
            Guard.ThrowArgument(nameof(StepSizeMin), $"StepSizeMin must not exceed StepSizeMax; got StepSizeMin = {StepSizeMin}, StepSizeMax = {StepSizeMax}.");
        }
    }
}
