namespace LearningRate.Optimizers;

/// <summary>A set of parameters that share hyper-parameters, seen independently of the algorithm.</summary>
public interface IParameterGroup
{
    /// <summary>Gets the group's hyper-parameters; <see cref="OptimizerOptions.LearningRate"/> is its initial learning rate.</summary>
    OptimizerOptions Options { get; }

    /// <summary>Gets or sets the learning rate the next step uses (PyTorch <c>group["lr"]</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    double LearningRate { get; set; }

    /// <summary>Gets the number of parameters in the group.</summary>
    int Count { get; }
}
