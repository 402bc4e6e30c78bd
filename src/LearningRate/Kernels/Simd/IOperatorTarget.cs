namespace LearningRate.Kernels.Simd;

/// <summary>
/// What a kernel's dispatch hands the operator it built for one configuration: one set of spans
/// (<see cref="SpanTarget{T}"/>, the functional API) or many tensors at once (an optimizer group's multi-tensor
/// pass, <see cref="KernelDriver.RunTensors{T, TOp, TSet}"/>). A kernel turns its runtime switches (AMSGrad,
/// weight decay, centering, ...) into the operator's type arguments once per call, whatever the number of tensors
/// the target then runs that operator over.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IOperatorTarget<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Runs <paramref name="op"/> over every element the target holds.</summary>
    void Run<TOp>(in TOp op)
        where TOp : struct, IUpdateOperator<T>;
}
