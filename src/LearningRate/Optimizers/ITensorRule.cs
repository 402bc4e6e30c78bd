namespace LearningRate.Optimizers;

/// <summary>
/// An algorithm's part of the multi-tensor step (<see cref="TensorPass"/>): which tensors share per-step scalars,
/// how to build those scalars once and hand the kernel's operator to the driver, and what each parameter records
/// after its update. Everything element-wise stays in the kernel; everything about walking tensors stays in the pass.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface ITensorRule<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Tells whether <paramref name="next"/> updates with the per-step scalars of <paramref name="first"/>: the same step
    /// count for a bias correction, the same NAdam Πμ, the same ASGD η and μ. In the usual case every tensor of a group
    /// shares them and the scalars are computed once per step.
    /// </summary>
    bool SharesScalars(Parameter<T> first, Parameter<T> next);

    /// <summary>Builds the scalars of <paramref name="first"/> and runs the kernel's operator over <paramref name="tensors"/>, which all share them.</summary>
    void Update(Parameter<T> first, ref TensorRange<T> tensors);

    /// <summary>Records the update on <paramref name="parameter"/>: its step count and any per-parameter scalar.</summary>
    void Complete(Parameter<T> parameter);
}
