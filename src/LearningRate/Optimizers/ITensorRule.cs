namespace LearningRate.Optimizers;

/// <summary>
/// An algorithm's part of the multi-tensor step (<see cref="TensorPass"/>): which tensors share per-step scalars,
/// how to build those scalars once, what each parameter records, and how to hand the kernel's operator to the
/// driver. Everything element-wise stays in the kernel; everything about walking tensors stays in the pass.
/// </summary>
/// <remarks>
/// For a run of tensors the pass calls <see cref="Prepare"/> with the first, <see cref="Complete"/> with each, then
/// <see cref="Update"/>: the per-parameter records are read and written while they are in cache, before the update
/// streams the tensors' data through it. Nothing between the two can fail.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface ITensorRule<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Tells whether <paramref name="next"/> updates with the per-step scalars of <paramref name="first"/>: the same step
    /// count for a bias correction, the same NAdam Πμ, the same ASGD η and μ. In the usual case every tensor of a group
    /// shares them and the scalars are computed once per step.
    /// </summary>
    bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next);

    /// <summary>Builds the per-step scalars of the run that starts with <paramref name="first"/>, before any of its tensors records its update.</summary>
    void Prepare(in TensorScalars<T> first);

    /// <summary>Records the update on <paramref name="tensor"/>: its step count and any per-parameter scalar.</summary>
    void Complete(in TensorScalars<T> tensor);

    /// <summary>Runs the kernel's operator, with the scalars <see cref="Prepare"/> built, over <paramref name="tensors"/>.</summary>
    void Update(ref TensorRange<T> tensors);
}
