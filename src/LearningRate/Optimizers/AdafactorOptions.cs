using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Adafactor{T}"/>, with torch.optim.Adafactor's names and defaults:
/// <c>Adafactor(lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0, maximize=False)</c>.
/// </summary>
/// <remarks>
/// <c>eps</c> is two properties here: <see cref="Epsilon1"/> (<c>eps[0]</c>, null for the parameters' machine epsilon)
/// and <see cref="Epsilon2"/> (<c>eps[1]</c>). <see cref="OptimizerOptions.WeightDecay"/> is decoupled:
/// θ ← θ(1 − γλ).
/// </remarks>
public record AdafactorOptions : OptimizerOptions
{
    private readonly double _beta2Decay = -0.8;
    private readonly double? _epsilon1;
    private readonly double _epsilon2 = 1e-3;
    private readonly double _d = 1.0;

    /// <summary>Initializes the options with PyTorch's defaults (γ = 1e-2).</summary>
    public AdafactorOptions()
        : base(1e-2)
    {
    }

    /// <inheritdoc/>
    internal override string Kind => "adafactor";

    /// <summary>
    /// Gets the decay exponent c of the second-moment weight (PyTorch <c>beta2_decay</c>): at step t the moments move
    /// toward the new squares by t^c, so β2,t = 1 − t^c (all of the new value at the first step).
    /// </summary>
    /// <value>The default value is −0.8.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is positive, infinite or NaN.</exception>
    public double Beta2Decay
    {
        get => _beta2Decay;
        init
        {
            if (!(value <= 0) || double.IsInfinity(value))
            {
                Guard.ThrowOutOfRange(nameof(Beta2Decay), value, "must be a finite number <= 0");
            }

            _beta2Decay = value;
        }
    }

    /// <summary>
    /// Gets ε1 (PyTorch <c>eps[0]</c>): the floor of the second-moment estimate (as ε1²) and of the row means that divide
    /// it; null (PyTorch's <c>None</c>) uses the machine epsilon of the parameters' type (2^−23 for float, 2^−52 for double).
    /// </summary>
    /// <value>The default value is null.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double? Epsilon1
    {
        get => _epsilon1;
        init => _epsilon1 = value is { } epsilon ? Guard.NonNegative(epsilon, nameof(Epsilon1)) : null;
    }

    /// <summary>Gets ε2 (PyTorch <c>eps[1]</c>): the smallest RMS of the parameter that scales the step.</summary>
    /// <value>The default value is 1e-3.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon2
    {
        get => _epsilon2;
        init => _epsilon2 = Guard.NonNegative(value, nameof(Epsilon2));
    }

    /// <summary>Gets d (PyTorch <c>d</c>), the clipping threshold: the update is divided by max(1, RMS(u)/d).</summary>
    /// <value>The default value is 1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1, infinite or NaN.</exception>
    public double D
    {
        get => _d;
        init
        {
            if (!(value >= 1) || double.IsInfinity(value))
            {
                Guard.ThrowOutOfRange(nameof(D), value, "must be a finite number >= 1");
            }

            _d = value;
        }
    }
}
