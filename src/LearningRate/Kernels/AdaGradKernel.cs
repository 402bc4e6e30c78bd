using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;
using LearningRate.Optimizers;

namespace LearningRate.Kernels;

/// <summary>
/// The AdaGrad update as one fused pass over caller-owned spans: the functional form of
/// <see cref="AdaGrad{T}"/> (PyTorch's <c>torch.optim._functional.adagrad</c>).
/// </summary>
public static class AdaGradKernel
{
    /// <summary>
    /// Applies update number <paramref name="step"/> of AdaGrad in place. With t = <paramref name="step"/>
    /// and η = <see cref="AdaGradOptions.LearningRateDecay"/>:
    /// <code>
    /// g ← −g if Maximize;  g ← g + λθ
    /// γ̃ = γ / (1 + (t − 1)·η);   s ← s + g²;   θ ← θ − γ̃ · g / (√s + ε)      (√(s + ε) if EpsilonInsideRoot)
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="sum">
    /// The accumulated squared gradients s (PyTorch <c>sum</c>); before the first update the caller fills
    /// it with <see cref="AdaGradOptions.InitialAccumulatorValue"/>.
    /// </param>
    /// <param name="options">The hyper-parameters.</param>
    /// <param name="step">The 1-based number of this update (1 for the first), used by the learning-rate decay.</param>
    /// <param name="learningRate">The learning rate γ of this update; <see langword="null"/> uses <see cref="OptimizerOptions.LearningRate"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is less than 1, or <paramref name="learningRate"/> is negative or not finite.</exception>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> sum,
        AdaGradOptions options,
        long step,
        double? learningRate = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        var lr = Guard.NonNegative(learningRate ?? options.LearningRate, nameof(learningRate));
        var n = parameters.Length;
        SpanChecks.Length<T>(gradients, n, nameof(gradients));
        SpanChecks.Length<T>(sum, n, nameof(sum));
        SpanChecks.Disjoint<T>(parameters, nameof(parameters), gradients, nameof(gradients));
        SpanChecks.Disjoint<T>(parameters, nameof(parameters), sum, nameof(sum));
        SpanChecks.Disjoint<T>(gradients, nameof(gradients), sum, nameof(sum));
        Apply(new AdaGradScalars<T>(options, lr, step), parameters, gradients, sum);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizers).</summary>
    internal static void Apply<T>(in AdaGradScalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> sum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s.Decay)
        {
            WithDecay<T, On>(s, parameters, gradients, sum);
        }
        else
        {
            WithDecay<T, Off>(s, parameters, gradients, sum);
        }
    }

    private static void WithDecay<T, TDecay>(in AdaGradScalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> sum)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
    {
        if (s.EpsilonInsideRoot)
        {
            Run(new AdaGradOperator<T, TDecay, On>(s), parameters, gradients, sum);
        }
        else
        {
            Run(new AdaGradOperator<T, TDecay, Off>(s), parameters, gradients, sum);
        }
    }

    private static void Run<T, TOp>(in TOp op, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> sum)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        KernelDriver.Run(
            op,
            parameters.Length,
            ref MemoryMarshal.GetReference(parameters),
            ref MemoryMarshal.GetReference(gradients),
            ref MemoryMarshal.GetReference(sum),
            ref Unsafe.NullRef<T>(),
            ref Unsafe.NullRef<T>());
    }
}
