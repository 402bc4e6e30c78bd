namespace LearningRate.Training;

/// <summary>The training problems a <see cref="TrainingMonitor"/> detects.</summary>
public enum TrainingIssue
{
    /// <summary>The loss stopped improving: the learning rate is too small to make progress, or training has converged at this rate.</summary>
    Plateau,

    /// <summary>The loss is NaN or infinite, or has exploded far above its best: the learning rate is far too large (or the data or loss is broken).</summary>
    Divergence,

    /// <summary>The loss zig-zags up and down from step to step without net progress: the learning rate is somewhat too large.</summary>
    Oscillation,

    /// <summary>The training loss falls while the validation loss rises: the model memorizes the training set.</summary>
    Overfitting,

    /// <summary>
    /// A watched optimizer skipped a step because a gradient held NaN or ±∞ (<see cref="Optimizers.NonFinitePolicy.Skip"/>,
    /// where PyTorch would have applied it): the learning rate may be too large, or the data or loss is broken.
    /// </summary>
    NonFiniteGradient,
}
