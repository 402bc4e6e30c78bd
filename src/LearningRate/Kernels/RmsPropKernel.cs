using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;
using LearningRate.Optimizers;

namespace LearningRate.Kernels;

/// <summary>
/// The RMSprop update (centered, with momentum, weight decay and maximize) as one fused pass over
/// caller-owned spans: the functional form of <see cref="RmsProp{T}"/> (PyTorch's <c>torch.optim._functional.rmsprop</c>).
/// </summary>
public static class RmsPropKernel
{
    /// <summary>
    /// Applies one RMSprop update in place. With μ = <see cref="RmsPropOptions.Momentum"/>:
    /// <code>
    /// g ← −g if Maximize;  g ← g + λθ;   v ← α·v + (1 − α)·g²
    /// d = √v + ε,  or if Centered:  ḡ ← α·ḡ + (1 − α)·g;  d = √(v − ḡ²) + ε      (√(… + ε) if EpsilonInsideRoot)
    /// θ ← θ − γ·g/d,  or if μ &gt; 0:  b ← μ·b + g/d;  θ ← θ − γ·b
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="squareAverage">The average of squared gradients v (PyTorch <c>square_avg</c>), zero before the first update.</param>
    /// <param name="momentumBuffer">The velocity b (PyTorch <c>momentum_buffer</c>), zero before the first update; ignored (may be empty) when <see cref="RmsPropOptions.Momentum"/> is 0.</param>
    /// <param name="gradientAverage">The gradient average ḡ (PyTorch <c>grad_avg</c>), zero before the first update; ignored (may be empty) unless <see cref="RmsPropOptions.Centered"/>.</param>
    /// <param name="options">The hyper-parameters.</param>
    /// <param name="learningRate">The learning rate γ of this update; <see langword="null"/> uses <see cref="OptimizerOptions.LearningRate"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> squareAverage,
        Span<T> momentumBuffer,
        Span<T> gradientAverage,
        RmsPropOptions options,
        double? learningRate = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        ArgumentNullException.ThrowIfNull(options);
        var lr = Guard.NonNegative(learningRate ?? options.LearningRate, nameof(learningRate));
        var n = parameters.Length;
        SpanChecks.Length<T>(gradients, n, nameof(gradients));
        SpanChecks.Length<T>(squareAverage, n, nameof(squareAverage));
        SpanChecks.Disjoint<T>(parameters, nameof(parameters), gradients, nameof(gradients));
        SpanChecks.Disjoint<T>(parameters, nameof(parameters), squareAverage, nameof(squareAverage));
        SpanChecks.Disjoint<T>(gradients, nameof(gradients), squareAverage, nameof(squareAverage));
        if (options.Momentum > 0)
        {
            SpanChecks.Length<T>(momentumBuffer, n, nameof(momentumBuffer));
            SpanChecks.Disjoint<T>(parameters, nameof(parameters), momentumBuffer, nameof(momentumBuffer));
            SpanChecks.Disjoint<T>(gradients, nameof(gradients), momentumBuffer, nameof(momentumBuffer));
            SpanChecks.Disjoint<T>(squareAverage, nameof(squareAverage), momentumBuffer, nameof(momentumBuffer));
        }

        if (options.Centered)
        {
            SpanChecks.Length<T>(gradientAverage, n, nameof(gradientAverage));
            SpanChecks.Disjoint<T>(parameters, nameof(parameters), gradientAverage, nameof(gradientAverage));
            SpanChecks.Disjoint<T>(gradients, nameof(gradients), gradientAverage, nameof(gradientAverage));
            SpanChecks.Disjoint<T>(squareAverage, nameof(squareAverage), gradientAverage, nameof(gradientAverage));
            if (options.Momentum > 0)
            {
                SpanChecks.Disjoint<T>(momentumBuffer, nameof(momentumBuffer), gradientAverage, nameof(gradientAverage));
            }
        }

        Apply(new RmsPropScalars<T>(options, lr, options.Momentum), parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizers).</summary>
    internal static void Apply<T>(in RmsPropScalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> squareAverage, Span<T> momentumBuffer, Span<T> gradientAverage)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s.Decay)
        {
            WithDecay<T, On>(s, parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
        }
        else
        {
            WithDecay<T, Off>(s, parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
        }
    }

    // One generic level per flag keeps the dispatch to two calls per level instead of one call per combination.
    private static void WithDecay<T, TDecay>(in RmsPropScalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> squareAverage, Span<T> momentumBuffer, Span<T> gradientAverage)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
    {
        if (s.Centered)
        {
            WithCentering<T, TDecay, On>(s, parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
        }
        else
        {
            WithCentering<T, TDecay, Off>(s, parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
        }
    }

    private static void WithCentering<T, TDecay, TCentered>(in RmsPropScalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> squareAverage, Span<T> momentumBuffer, Span<T> gradientAverage)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TCentered : struct, IFlag
    {
        if (s.UsesMomentum)
        {
            WithMomentum<T, TDecay, TCentered, On>(s, parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
        }
        else
        {
            WithMomentum<T, TDecay, TCentered, Off>(s, parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
        }
    }

    private static void WithMomentum<T, TDecay, TCentered, TMomentum>(in RmsPropScalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> squareAverage, Span<T> momentumBuffer, Span<T> gradientAverage)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TCentered : struct, IFlag
        where TMomentum : struct, IFlag
    {
        if (s.EpsilonInsideRoot)
        {
            Run(new RmsPropOperator<T, TDecay, TCentered, TMomentum, On>(s), parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
        }
        else
        {
            Run(new RmsPropOperator<T, TDecay, TCentered, TMomentum, Off>(s), parameters, gradients, squareAverage, momentumBuffer, gradientAverage);
        }
    }

    private static void Run<T, TOp>(in TOp op, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> squareAverage, Span<T> momentumBuffer, Span<T> gradientAverage)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        // Unused buffers may be empty: their references are then never dereferenced.
        KernelDriver.Run(
            op,
            parameters.Length,
            ref MemoryMarshal.GetReference(parameters),
            ref MemoryMarshal.GetReference(gradients),
            ref MemoryMarshal.GetReference(squareAverage),
            ref MemoryMarshal.GetReference(momentumBuffer),
            ref MemoryMarshal.GetReference(gradientAverage));
    }
}
