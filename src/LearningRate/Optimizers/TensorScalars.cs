namespace LearningRate.Optimizers;

/// <summary>
/// What a multi-tensor rule reads and records for one tensor: its parameter's step count and its declared scalars
/// (NAdam's Πμ, ASGD's η and μ, SGD's "momentum started"), the latter reached directly rather than through the
/// parameter's state block: a step over many tensors reads them for every tensor.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal readonly struct TensorScalars<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Holds the parameter and its state block's scalar array (the same array, not a copy).</summary>
    public TensorScalars(Parameter<T> parameter)
    {
        Parameter = parameter;
        Values = parameter.Block.Scalars;
    }

    /// <summary>Gets the parameter.</summary>
    public Parameter<T> Parameter { get; }

    /// <summary>Gets the parameter's declared scalars, by declared index.</summary>
    public double[] Values { get; }

    /// <summary>Gets or sets the parameter's step count (PyTorch's per-parameter <c>state["step"]</c>).</summary>
    public long StepCount
    {
        get => Parameter.StepCount;
        set => Parameter.StepCount = value;
    }
}
