namespace LearningRate.Tests.Catalogue;

/// <summary>
/// One update of parameters in place from their gradients, with whatever state the update keeps held by the
/// delegate: a functional-API call over caller-owned state, or a same-precision plain-loop reference.
/// </summary>
public delegate void SpanUpdate<T>(Span<T> parameters, ReadOnlySpan<T> gradients)
    where T : unmanaged, IFloatingPointIeee754<T>;
