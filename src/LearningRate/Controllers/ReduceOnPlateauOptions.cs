using LearningRate.Internal;

namespace LearningRate.Controllers;

/// <summary>
/// Options of <see cref="ReduceOnPlateau"/>, with PyTorch's names and defaults
/// (<c>torch.optim.lr_scheduler.ReduceLROnPlateau(mode="min", factor=0.1, patience=10, threshold=1e-4,
/// threshold_mode="rel", cooldown=0, min_lr=0, eps=1e-8)</c>). Each value is checked as it is set;
/// the rules that tie several together are checked when the controller is built.
/// </summary>
/// <remarks>
/// The controller is a multiplier on top of a base learning rate that may be a schedule, and it tracks
/// <c>LearningRate = BaseLearningRate·Scale</c> exactly as PyTorch tracks <c>group["lr"]</c>, against which
/// <see cref="MinLearningRate"/> and <see cref="Epsilon"/> are measured. Unless <see cref="BaseLearningRate"/>
/// is set, the base is learned when the controller is attached to a parameter group: with a fixed learning
/// rate it is that rate, so <see cref="MinLearningRate"/> and <see cref="Epsilon"/> are absolute rates as
/// PyTorch's <c>min_lr</c> and <c>eps</c>; with a bound schedule it is 1, so they apply to the multiplier
/// (fractions of the schedule's values; set <see cref="BaseLearningRate"/> to the schedule's peak to read them
/// as rates at the peak).
/// </remarks>
public sealed record ReduceOnPlateauOptions
{
    private readonly PlateauMode _mode;
    private readonly double _factor = 0.1;
    private readonly int _patience = 10;
    private readonly double _threshold = 1e-4;
    private readonly PlateauThresholdMode _thresholdMode;
    private readonly PatienceMode _patienceMode;
    private readonly int _cooldown;
    private readonly double _minLearningRate;
    private readonly double _minScale;
    private readonly double _epsilon = 1e-8;
    private readonly double? _baseLearningRate;

    /// <summary>Gets whether lower or higher metrics are better (PyTorch <c>mode</c>).</summary>
    /// <value>The default value is <see cref="PlateauMode.Minimize"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="PlateauMode"/>.</exception>
    public PlateauMode Mode
    {
        get => _mode;
        init => _mode = Defined(value, nameof(Mode));
    }

    /// <summary>Gets the factor a reduction multiplies the learning rate by: <c>lr ← max(lr·factor, floor)</c> (PyTorch <c>factor</c>).</summary>
    /// <value>The default value is 0.1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 1).</exception>
    public double Factor
    {
        get => _factor;
        init
        {
            if (!(value > 0 && value < 1))
            {
                Guard.ThrowOutOfRange(nameof(Factor), value, "must be in (0, 1)");
            }

            _factor = value;
        }
    }

    /// <summary>
    /// Gets the number of consecutive bad reports tolerated (PyTorch <c>patience</c>): with
    /// <see cref="PatienceMode.ExceedPatience"/> the reduction comes on bad report <c>patience + 1</c>.
    /// </summary>
    /// <value>The default value is 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int Patience
    {
        get => _patience;
        init => _patience = NonNegative(value, nameof(Patience));
    }

    /// <summary>Gets the margin by which a metric must beat the best one to count as an improvement (PyTorch <c>threshold</c>).</summary>
    /// <value>The default value is 1e-4.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN; or, when the controller is built, not below 1 in a relative <see cref="ThresholdMode"/>.</exception>
    public double Threshold
    {
        get => _threshold;
        init => _threshold = Guard.NonNegative(value, nameof(Threshold));
    }

    /// <summary>Gets how <see cref="Threshold"/> is applied (PyTorch <c>threshold_mode</c>).</summary>
    /// <value>The default value is <see cref="PlateauThresholdMode.Relative"/>, PyTorch's <c>"rel"</c>, which is wrong for negative metrics; prefer <see cref="PlateauThresholdMode.SignAwareRelative"/> for them.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="PlateauThresholdMode"/>.</exception>
    public PlateauThresholdMode ThresholdMode
    {
        get => _thresholdMode;
        init => _thresholdMode = Defined(value, nameof(ThresholdMode));
    }

    /// <summary>Gets whether patience runs out when the bad count exceeds it (PyTorch) or reaches it (Keras, Optax).</summary>
    /// <value>The default value is <see cref="PatienceMode.ExceedPatience"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="PatienceMode"/>.</exception>
    public PatienceMode PatienceMode
    {
        get => _patienceMode;
        init => _patienceMode = Defined(value, nameof(PatienceMode));
    }

    /// <summary>Gets the number of reports after a reduction during which bad reports are not counted (PyTorch <c>cooldown</c>).</summary>
    /// <value>The default value is 0.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int Cooldown
    {
        get => _cooldown;
        init => _cooldown = NonNegative(value, nameof(Cooldown));
    }

    /// <summary>
    /// Gets the lowest learning rate a reduction may reach (PyTorch <c>min_lr</c>), in the units of the
    /// controller's base learning rate: an absolute rate when the controller multiplies a fixed learning rate
    /// (learned from the group, or <see cref="BaseLearningRate"/>); a floor of the multiplier,
    /// <c>Scale ≥ MinLearningRate</c>, when it multiplies a schedule and <see cref="BaseLearningRate"/> is not set.
    /// </summary>
    /// <value>The default value is 0.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN; or, when the controller is built, above <see cref="BaseLearningRate"/>.</exception>
    public double MinLearningRate
    {
        get => _minLearningRate;
        init => _minLearningRate = Guard.NonNegative(value, nameof(MinLearningRate));
    }

    /// <summary>
    /// Gets the lowest scale a reduction may reach, whatever <see cref="BaseLearningRate"/> is; the
    /// floor is the higher of <c>MinLearningRate</c> and <c>MinScale·BaseLearningRate</c>.
    /// </summary>
    /// <value>The default value is 0.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1].</exception>
    public double MinScale
    {
        get => _minScale;
        init => _minScale = Guard.ClosedUnitInterval(value, nameof(MinScale));
    }

    /// <summary>
    /// Gets the smallest drop of the learning rate worth applying (PyTorch <c>eps</c>), in the units of
    /// <see cref="MinLearningRate"/>: a reduction is skipped unless <c>lr − newLr &gt; Epsilon</c>.
    /// </summary>
    /// <value>The default value is 1e-8.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Epsilon
    {
        get => _epsilon;
        init => _epsilon = Guard.NonNegative(value, nameof(Epsilon));
    }

    /// <summary>
    /// Gets the learning rate the scale multiplies, against which <see cref="MinLearningRate"/> and
    /// <see cref="Epsilon"/> are measured; set it to give the peak of a schedule, or to use the controller
    /// without a parameter group.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: learned when the controller is first attached to a group
    /// (<see cref="Optimizers.IParameterGroup.AddController"/>): the group's fixed learning rate, or 1 when a
    /// schedule is bound; 1 until then.
    /// </value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number &gt; 0.</exception>
    public double? BaseLearningRate
    {
        get => _baseLearningRate;
        init => _baseLearningRate = value is double rate ? Guard.Positive(rate, nameof(BaseLearningRate)) : null;
    }

    /// <summary>Checks the rules that tie several options together.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A relative threshold is 1 or more, or the minimum learning rate exceeds a base learning rate that is set.</exception>
    internal void Validate()
    {
        if (_thresholdMode != PlateauThresholdMode.Absolute && _threshold >= 1)
        {
            Guard.ThrowOutOfRange(nameof(Threshold), _threshold, $"must be below 1 with ThresholdMode {_thresholdMode}");
        }

        if (_minLearningRate > _baseLearningRate)
        {
            Guard.ThrowOutOfRange(nameof(MinLearningRate), _minLearningRate, $"must not exceed BaseLearningRate ({_baseLearningRate.Value})");
        }
    }

    private static int NonNegative(int value, string name)
    {
        if (value < 0)
        {
            Guard.ThrowOutOfRange(name, value, "must be >= 0");
        }

        return value;
    }

    private static TEnum Defined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a defined {typeof(TEnum).Name}; got {value}.");
        }

        return value;
    }
}
