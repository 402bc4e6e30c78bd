using LearningRate.Internal;
using LearningRate.Kernels;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Muon{T}"/>, with torch.optim.Muon's names and defaults:
/// <c>Muon(lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True, ns_coefficients=(3.4445, -4.775, 2.0315),
/// eps=1e-7, ns_steps=5, adjust_lr_fn=None)</c>.
/// </summary>
/// <remarks>
/// <c>ns_coefficients</c> is three properties here (<see cref="NsCoefficientA"/>, <see cref="NsCoefficientB"/>,
/// <see cref="NsCoefficientC"/>). <see cref="OptimizerOptions.WeightDecay"/> is decoupled, θ ← θ(1 − γλ) with the
/// unadjusted γ, as upstream; <see cref="OptimizerOptions.Maximize"/>, which upstream lacks, negates g first.
/// </remarks>
public record MuonOptions : OptimizerOptions
{
    private readonly double _momentum = 0.95;
    private readonly double _a = 3.4445;
    private readonly double _b = -4.775;
    private readonly double _c = 2.0315;
    private readonly double _epsilon = 1e-7;
    private readonly int _nsSteps = 5;
    private readonly MuonLearningRateAdjustment _adjustLearningRate;

    /// <summary>Initializes the options with PyTorch's defaults (γ = 1e-3, λ = 0.1).</summary>
    public MuonOptions()
        : base(1e-3)
    {
        WeightDecay = 0.1;
    }

    /// <inheritdoc/>
    internal override string Kind => "muon";

    /// <summary>Gets μ (PyTorch <c>momentum</c>): the momentum buffer is the EMA B ← lerp(B, g, 1 − μ). A momentum schedule may cycle it.</summary>
    /// <value>The default value is 0.95.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Momentum
    {
        get => _momentum;
        init => _momentum = Guard.UnitInterval(value, nameof(Momentum));
    }

    /// <summary>Gets a value indicating whether the orthogonalized update is lerp(g, B, μ) (PyTorch <c>nesterov</c>) rather than B.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Nesterov { get; init; } = true;

    /// <summary>Gets a, the first Newton–Schulz coefficient (PyTorch <c>ns_coefficients[0]</c>): X ← a·X + (b·G + c·G²)·X.</summary>
    /// <value>The default value is 3.4445.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is infinite or NaN.</exception>
    public double NsCoefficientA
    {
        get => _a;
        init => _a = Finite(value, nameof(NsCoefficientA));
    }

    /// <summary>Gets b, the second Newton–Schulz coefficient (PyTorch <c>ns_coefficients[1]</c>).</summary>
    /// <value>The default value is −4.775.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is infinite or NaN.</exception>
    public double NsCoefficientB
    {
        get => _b;
        init => _b = Finite(value, nameof(NsCoefficientB));
    }

    /// <summary>Gets c, the third Newton–Schulz coefficient (PyTorch <c>ns_coefficients[2]</c>).</summary>
    /// <value>The default value is 2.0315.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is infinite or NaN.</exception>
    public double NsCoefficientC
    {
        get => _c;
        init => _c = Finite(value, nameof(NsCoefficientC));
    }

    /// <summary>Gets ε (PyTorch <c>eps</c>): the update is divided by max(‖U‖_F, ε) before the iteration.</summary>
    /// <value>The default value is 1e-7.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }

    /// <summary>Gets the number of Newton–Schulz steps (PyTorch <c>ns_steps</c>).</summary>
    /// <value>The default value is 5.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 99] (PyTorch refuses 100 and more).</exception>
    public int NsSteps
    {
        get => _nsSteps;
        init
        {
            if (value is < 0 or > 99)
            {
                throw new ArgumentOutOfRangeException(nameof(NsSteps), value, $"NsSteps must be in [0, 99] (PyTorch refuses ns_steps >= 100); got {value}.");
            }

            _nsSteps = value;
        }
    }

    /// <summary>
    /// Gets a value indicating whether the Newton–Schulz iteration rounds to bfloat16 wherever upstream casts
    /// (<c>grad.bfloat16()</c>: the input, its norm, each iterate and product), for results closest to PyTorch's own
    /// runs; by default the iteration keeps the parameters' precision, as the float64 reference runs do.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool NewtonSchulzInBFloat16 { get; init; }

    /// <summary>Gets how the learning rate scales with each matrix's shape (PyTorch <c>adjust_lr_fn</c>; <c>None</c> is <see cref="MuonLearningRateAdjustment.Original"/>).</summary>
    /// <value>The default value is <see cref="MuonLearningRateAdjustment.Original"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="MuonLearningRateAdjustment"/>.</exception>
    public MuonLearningRateAdjustment AdjustLearningRate
    {
        get => _adjustLearningRate;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(AdjustLearningRate), value, "AdjustLearningRate must be Original or MatchRmsAdamW.");
            }

            _adjustLearningRate = value;
        }
    }

    private static double Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            Guard.ThrowOutOfRange(name, value, "must be a finite number");
        }

        return value;
    }
}
