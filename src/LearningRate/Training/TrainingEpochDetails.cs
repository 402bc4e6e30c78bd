using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>
/// The optional values of an epoch given to <see cref="TrainingMonitor.RecordEpoch"/>, each set by name so
/// that an accuracy can never be stored as the learning rate:
/// <c>monitor.RecordEpoch(trainLoss, validationLoss, new() { ValidationMetric = accuracy })</c>.
/// </summary>
public sealed record TrainingEpochDetails
{
    private readonly double? _learningRate;

    /// <summary>Gets another validation metric to record (accuracy, say): recorded and exported, not diagnosed.</summary>
    /// <value>The default value is <see cref="double.NaN"/> (none).</value>
    public double ValidationMetric { get; init; } = double.NaN;

    /// <summary>Gets the learning rate at the end of the epoch.</summary>
    /// <value>The default value is <see langword="null"/>: the learning rate of the last recorded step (NaN before any step).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double? LearningRate
    {
        get => _learningRate;
        init => _learningRate = value is double rate ? Guard.NonNegative(rate, nameof(LearningRate)) : null;
    }
}
