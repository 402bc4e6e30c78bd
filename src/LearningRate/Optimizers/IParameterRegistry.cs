namespace LearningRate.Optimizers;

/// <summary>The registered parameters of an optimizer of element type <typeparamref name="T"/>, for the training tools.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface IParameterRegistry<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets every registered parameter, in no particular order.</summary>
    IReadOnlyCollection<Parameter<T>> RegisteredParameters { get; }
}
