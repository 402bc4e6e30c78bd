using System.Diagnostics.CodeAnalysis;
using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// The hyper-parameters every optimizer shares, under PyTorch's meaning. Each optimizer's options
/// record derives from this one and adds its own; an options record is immutable and checks every
/// value as it is set, so an invalid one cannot be built.
/// </summary>
/// <remarks>
/// Hyper-parameters are <see cref="double"/> whatever the element type, as Python floats are in
/// PyTorch; per-step scalars are computed in double and narrowed once per step.
/// </remarks>
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
public abstract record OptimizerOptions
{
    private readonly double _learningRate;
    private readonly double _weightDecay;

    /// <summary>Initializes the shared options with an optimizer's default learning rate.</summary>
    /// <param name="learningRate">The default learning rate of the deriving optimizer.</param>
    private protected OptimizerOptions(double learningRate) => LearningRate = learningRate;

    /// <summary>Gets the learning rate γ (PyTorch <c>lr</c>): the group's initial learning rate.</summary>
    /// <value>The default value depends on the optimizer, as in PyTorch.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double LearningRate
    {
        get => _learningRate;
        init => _learningRate = Guard.NonNegative(value, nameof(LearningRate));
    }

    /// <summary>Gets the weight decay λ (PyTorch <c>weight_decay</c>).</summary>
    /// <value>The default value is 0 (AdamW: 0.01).</value>
    /// <remarks>Coupled L2 (<c>g ← g + λθ</c>) unless the optimizer decouples it (AdamW).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double WeightDecay
    {
        get => _weightDecay;
        init => _weightDecay = Guard.NonNegative(value, nameof(WeightDecay));
    }

    /// <summary>
    /// Gets a value indicating whether to maximize the objective (PyTorch <c>maximize</c>): the
    /// gradient is negated first, before weight decay and every statistic.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Maximize { get; init; }

    /// <summary>Gets the record's stable checkpoint name (never a CLR type name).</summary>
    internal abstract string Kind { get; }

    /// <summary>Checks the rules that tie several options together; single values are checked as they are set.</summary>
    internal virtual void Validate()
    {
    }
}
