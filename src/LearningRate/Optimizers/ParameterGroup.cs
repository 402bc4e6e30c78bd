using LearningRate.Internal;

namespace LearningRate.Optimizers;

/// <summary>
/// Parameters that share hyper-parameters (PyTorch's param group). The classic use: a second group
/// with <c>WeightDecay = 0</c> for biases and norms.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TOptions">The optimizer's options record.</typeparam>
public sealed class ParameterGroup<T, TOptions> : IParameterGroup
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
{
    private readonly Optimizer<T, TOptions> _owner;
    private TOptions _options;
    private double _learningRate;

    internal ParameterGroup(Optimizer<T, TOptions> owner, TOptions options)
    {
        _owner = owner;
        _options = options;
        _learningRate = options.LearningRate;
    }

    /// <summary>
    /// Gets or sets the group's hyper-parameters. Setting them also resets <see cref="LearningRate"/>
    /// to the new <see cref="OptimizerOptions.LearningRate"/> and allocates any state buffer the new
    /// options need (turning on AMSGrad, for example), so that <c>Step()</c> never allocates.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The options break a rule that ties several of them together.</exception>
    public TOptions Options
    {
        get => _options;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            foreach (var parameter in ParameterList)
            {
                _owner.AllocateState(parameter, value);
            }

            _options = value;
            _learningRate = value.LearningRate;
        }
    }

    /// <inheritdoc/>
    OptimizerOptions IParameterGroup.Options => _options;

    /// <inheritdoc/>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = Guard.NonNegative(value, nameof(LearningRate));
    }

    /// <summary>Gets the group's parameters in registration order.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => ParameterList;

    /// <inheritdoc/>
    public int Count => ParameterList.Count;

    /// <summary>Gets the mutable list behind <see cref="Parameters"/>.</summary>
    internal List<Parameter<T>> ParameterList { get; } = [];

    /// <summary>
    /// Registers a parameter in this group and allocates its state buffers.
    /// </summary>
    /// <param name="name">A name unique within the optimizer (checkpoints match parameters by name).</param>
    /// <param name="value">The values to optimize in place: a whole array or a slice of a larger buffer.</param>
    /// <param name="gradient">The gradient, of the same length, which the training loop fills before each step.</param>
    /// <returns>The registered parameter.</returns>
    /// <exception cref="ArgumentException">The name is null, empty or already registered; the lengths differ; or the memory overlaps a registered parameter or gradient.</exception>
    public Parameter<T> Add(string name, Memory<T> value, Memory<T> gradient) => _owner.Register(this, name, value, gradient);
}
