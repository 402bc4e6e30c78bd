using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;
using LearningRate.Optimizers;

namespace LearningRate.Kernels;

/// <summary>
/// The SGD update (with momentum, dampening, Nesterov, weight decay and maximize) as one fused pass
/// over caller-owned spans: the functional form of <see cref="Sgd{T}"/> and <see cref="Momentum{T}"/>
/// (PyTorch's <c>torch.optim._functional.sgd</c>).
/// </summary>
public static class SgdKernel
{
    /// <summary>
    /// Applies one SGD update in place. With μ = <see cref="SgdOptions.Momentum"/>, τ = <see cref="SgdOptions.Dampening"/>:
    /// <code>
    /// g ← −g if Maximize;  g ← g + λθ
    /// if μ ≠ 0:  b ← g (momentumStarted = false)  or  b ← μ·b + (1 − τ)·g;   g ← g + μ·b if Nesterov, else g ← b
    /// θ ← θ − γ·g
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="momentumBuffer">The velocity b (PyTorch <c>momentum_buffer</c>); ignored (may be empty) when <see cref="SgdOptions.Momentum"/> is 0.</param>
    /// <param name="options">The hyper-parameters.</param>
    /// <param name="momentumStarted">
    /// <see langword="false"/> on the first update with momentum, when the buffer holds nothing yet (PyTorch's
    /// <c>None</c>): that update overwrites it with g, undampened. Pass <see langword="true"/> afterwards.
    /// </param>
    /// <param name="learningRate">The learning rate γ of this update; <see langword="null"/> uses <see cref="OptimizerOptions.LearningRate"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
    /// <exception cref="ArgumentException">
    /// A span's length differs from <paramref name="parameters"/>, two spans overlap, or <paramref name="options"/>
    /// sets <see cref="SgdOptions.Nesterov"/> without momentum or with dampening.
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> momentumBuffer,
        SgdOptions options,
        bool momentumStarted,
        double? learningRate = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var lr = Guard.NonNegative(learningRate ?? options.LearningRate, nameof(learningRate));
        var n = parameters.Length;
        SpanChecks.Length<T>(gradients, n, nameof(gradients));
        SpanChecks.Disjoint<T>(parameters, nameof(parameters), gradients, nameof(gradients));
        if (options.Momentum != 0)
        {
            SpanChecks.Length<T>(momentumBuffer, n, nameof(momentumBuffer));
            SpanChecks.Disjoint<T>(parameters, nameof(parameters), momentumBuffer, nameof(momentumBuffer));
            SpanChecks.Disjoint<T>(gradients, nameof(gradients), momentumBuffer, nameof(momentumBuffer));
        }

        Apply(new SgdScalars<T>(options, lr, options.Momentum), parameters, gradients, momentumBuffer, momentumStarted);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizers).</summary>
    internal static void Apply<T>(in SgdScalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> momentumBuffer, bool momentumStarted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s.Decay)
        {
            WithDecay<T, On>(s, parameters, gradients, momentumBuffer, momentumStarted);
        }
        else
        {
            WithDecay<T, Off>(s, parameters, gradients, momentumBuffer, momentumStarted);
        }
    }

    // One generic level per flag keeps the dispatch to two calls per level instead of one call per combination.
    private static void WithDecay<T, TDecay>(in SgdScalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> momentumBuffer, bool momentumStarted)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
    {
        if (!s.UsesMomentum)
        {
            Run(new SgdOperator<T, TDecay, Off, Off, Off>(s), parameters, gradients, momentumBuffer);
        }
        else if (momentumStarted)
        {
            WithMomentum<T, TDecay, Off>(s, parameters, gradients, momentumBuffer);
        }
        else
        {
            WithMomentum<T, TDecay, On>(s, parameters, gradients, momentumBuffer);
        }
    }

    private static void WithMomentum<T, TDecay, TFirst>(in SgdScalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> momentumBuffer)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TFirst : struct, IFlag
    {
        if (s.Nesterov)
        {
            Run(new SgdOperator<T, TDecay, On, TFirst, On>(s), parameters, gradients, momentumBuffer);
        }
        else
        {
            Run(new SgdOperator<T, TDecay, On, TFirst, Off>(s), parameters, gradients, momentumBuffer);
        }
    }

    private static void Run<T, TOp>(in TOp op, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> momentumBuffer)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        // Without momentum the buffer may be empty: its reference is then never dereferenced.
        KernelDriver.Run(
            op,
            parameters.Length,
            ref MemoryMarshal.GetReference(parameters),
            ref MemoryMarshal.GetReference(gradients),
            ref MemoryMarshal.GetReference(momentumBuffer),
            ref Unsafe.NullRef<T>(),
            ref Unsafe.NullRef<T>());
    }
}
