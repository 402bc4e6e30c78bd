using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>Thresholds of the <see cref="TrainingMonitor"/>'s detections. A patience or window of 0 turns that detection off.</summary>
public sealed record TrainingMonitorOptions
{
    private readonly double _smoothing = 0.98;
    private readonly double _divergenceFactor = 4;
    private readonly int _divergenceWarmup = 10;
    private readonly double _plateauThreshold = 1e-3;
    private readonly int _stepPlateauPatience = 200;
    private readonly int _epochPlateauPatience = 5;
    private readonly int _oscillationWindow = 40;
    private readonly double _oscillationAlternation = 0.95;
    private readonly double _oscillationAmplitude = 0.1;
    private readonly int _overfittingPatience = 3;
    private readonly int _classCount;
    private readonly double _chanceLevelTolerance = 0.01;

    /// <summary>Gets β of the debiased exponential average of the step losses (as the range test's).</summary>
    /// <value>The default value is 0.98.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double Smoothing { get => _smoothing; init => _smoothing = Guard.UnitInterval(value, nameof(Smoothing)); }

    /// <summary>Gets the factor k: divergence when the smoothed step loss exceeds <c>best + (k − 1)·|best|</c> (k× the best).</summary>
    /// <value>The default value is 4 (fastai's range-test stop).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not greater than 1.</exception>
    public double DivergenceFactor
    {
        get => _divergenceFactor;
        init => _divergenceFactor = value > 1 ? value : ThrowDouble(nameof(DivergenceFactor), value, "must be > 1");
    }

    /// <summary>Gets the number of steps before the exploding-loss test starts (a NaN or infinity is flagged at once).</summary>
    /// <value>The default value is 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int DivergenceWarmup { get => _divergenceWarmup; init => _divergenceWarmup = NonNegative(value, nameof(DivergenceWarmup)); }

    /// <summary>
    /// Gets the relative improvement that counts as progress: a loss ℓ improves on the best b when
    /// <c>ℓ &lt; b − threshold·|b|</c>, the sign-aware rule of <see cref="Controllers.PlateauThresholdMode.SignAwareRelative"/>.
    /// For a positive b it is PyTorch ReduceLROnPlateau's "rel" rule <c>ℓ &lt; b·(1 − threshold)</c> (up to rounding); for a
    /// negative b it still asks for a lower loss, where PyTorch's rule would accept a higher one.
    /// </summary>
    /// <value>The default value is 1e-3.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double PlateauThreshold { get => _plateauThreshold; init => _plateauThreshold = Guard.NonNegative(value, nameof(PlateauThreshold)); }

    /// <summary>Gets the number of steps without progress of the smoothed step loss that makes a plateau.</summary>
    /// <value>The default value is 200.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int StepPlateauPatience { get => _stepPlateauPatience; init => _stepPlateauPatience = NonNegative(value, nameof(StepPlateauPatience)); }

    /// <summary>Gets the number of epochs without progress of the monitored loss (validation, else training) that makes a plateau.</summary>
    /// <value>The default value is 5.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int EpochPlateauPatience { get => _epochPlateauPatience; init => _epochPlateauPatience = NonNegative(value, nameof(EpochPlateauPatience)); }

    /// <summary>Gets the number of recent step losses the oscillation test reads.</summary>
    /// <value>The default value is 40 (long enough that independent noise almost never alternates throughout).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is 1, 2 or negative (it needs at least 3 losses, or 0 for off).</exception>
    public int OscillationWindow
    {
        get => _oscillationWindow;
        init => _oscillationWindow = value is 0 or >= 3 ? value : (int)ThrowDouble(nameof(OscillationWindow), value, "must be 0 or >= 3");
    }

    /// <summary>
    /// Gets the fraction of sign changes between successive loss differences, in the window, that counts as
    /// zig-zag. Independent noise changes sign about 2/3 of the time; a rate that overshoots, nearly always.
    /// (Simulated on 2,000 steps of uniform noise, a 20-step window at 0.8 fires in every run; 40 steps at 0.95 in none of 40 runs.)
    /// </summary>
    /// <value>The default value is 0.95.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1].</exception>
    public double OscillationAlternation { get => _oscillationAlternation; init => _oscillationAlternation = Guard.ClosedUnitInterval(value, nameof(OscillationAlternation)); }

    /// <summary>Gets the mean step-to-step change, relative to the mean loss in the window, above which a zig-zag is an oscillation rather than noise.</summary>
    /// <value>The default value is 0.1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double OscillationAmplitude { get => _oscillationAmplitude; init => _oscillationAmplitude = Guard.NonNegative(value, nameof(OscillationAmplitude)); }

    /// <summary>Gets the number of consecutive epochs in each of which the validation loss rises and the training loss falls that makes overfitting.</summary>
    /// <value>The default value is 3.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int OverfittingPatience { get => _overfittingPatience; init => _overfittingPatience = NonNegative(value, nameof(OverfittingPatience)); }

    /// <summary>
    /// Gets the number of classes k of a classification trained with cross-entropy, or 0 when unknown. A plateau whose
    /// best loss is within <see cref="ChanceLevelTolerance"/> of ln k, the loss of predicting the class frequencies of
    /// k balanced classes, is a run that learned nothing from its inputs: the monitor then advises standardizing the
    /// features and checking the data and the initialization, not a larger learning rate. With 0 it tries k = 2 to 10;
    /// above 10 the values ln k lie closer together than the tolerance allows to tell apart (ln 11 − ln 10 ≈ 0.095,
    /// and ever less), so set the class count for more classes.
    /// </summary>
    /// <value>The default value is 0 (unknown: k = 2 to 10 are tried).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or 1.</exception>
    public int ClassCount
    {
        get => _classCount;
        init => _classCount = value is 0 or >= 2 ? value : (int)ThrowDouble(nameof(ClassCount), value, "must be 0 (unknown) or >= 2");
    }

    /// <summary>Gets the relative distance from ln k within which a plateau's loss counts as chance level: <c>|loss − ln k| ≤ tolerance·ln k</c>.</summary>
    /// <value>The default value is 0.01.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double ChanceLevelTolerance
    {
        get => _chanceLevelTolerance;
        init => _chanceLevelTolerance = Guard.UnitInterval(value, nameof(ChanceLevelTolerance));
    }

    /// <summary>Finds the class count k whose chance-level loss ln k is within the tolerance of <paramref name="loss"/>.</summary>
    /// <returns>k, or 0 when no class count matches.</returns>
    internal int ChanceLevelClasses(double loss)
    {
        if (!double.IsFinite(loss))
        {
            return 0;
        }

        var (first, last) = _classCount == 0 ? (2, 10) : (_classCount, _classCount);
        for (var k = first; k <= last; k++)
        {
            var chance = Math.Log(k);
            if (Math.Abs(loss - chance) <= _chanceLevelTolerance * chance)
            {
                return k;
            }
        }

        return 0;
    }

    private static int NonNegative(int value, string name)
    {
        if (value < 0)
        {
            Guard.ThrowOutOfRange(name, value, "must be >= 0");
        }

        return value;
    }

    private static double ThrowDouble(string name, double value, string rule)
    {
        Guard.ThrowOutOfRange(name, value, rule);
        return value;
    }
}
