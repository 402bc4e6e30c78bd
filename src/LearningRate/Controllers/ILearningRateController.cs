namespace LearningRate.Controllers;

/// <summary>
/// A stateful, metric-driven adjustment of the learning rate (reduce-on-plateau, bold driver). It is
/// fed observations by the training loop and exposes a multiplier that applies on top of any
/// schedule (Optax's design), so warmup, then cosine, with plateau cuts on top, composes.
/// </summary>
public interface ILearningRateController
{
    /// <summary>Gets the current multiplier of the learning rate; 1 until the controller first acts.</summary>
    double Scale { get; }
}
