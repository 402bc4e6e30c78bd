using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;
using LearningRate.Optimizers;

namespace LearningRate.Kernels;

/// <summary>
/// The Adam, AMSGrad and AdamW update as one fused pass over caller-owned spans: the functional
/// form of <see cref="Adam{T}"/> and <see cref="AdamW{T}"/> (PyTorch's <c>torch.optim._functional.adam</c>).
/// </summary>
public static class AdamKernel
{
    /// <summary>
    /// Applies update number <paramref name="step"/> of Adam in place. With t = <paramref name="step"/>:
    /// <code>
    /// g ← −g if Maximize;  g ← g + λθ unless DecoupledWeightDecay;  θ ← θ(1 − γλ) if DecoupledWeightDecay
    /// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   v_max ← max(v_max, v) if AmsGrad
    /// θ ← θ − γ/(1 − β1^t) · m / (√(AmsGrad ? v_max : v) / √(1 − β2^t) + ε)
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="firstMoment">The first moment m (PyTorch <c>exp_avg</c>), zero before the first step.</param>
    /// <param name="secondMoment">The second moment v (PyTorch <c>exp_avg_sq</c>), zero before the first step.</param>
    /// <param name="maxSecondMoment">The running maximum of v (PyTorch <c>max_exp_avg_sq</c>); ignored (may be empty) unless <see cref="AdamOptions.AmsGrad"/>.</param>
    /// <param name="options">The hyper-parameters.</param>
    /// <param name="step">The 1-based number of this update (1 for the first), used by the bias corrections.</param>
    /// <param name="learningRate">The learning rate γ of this update; <see langword="null"/> uses <see cref="OptimizerOptions.LearningRate"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is less than 1, or <paramref name="learningRate"/> is negative or not finite.</exception>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> firstMoment,
        Span<T> secondMoment,
        Span<T> maxSecondMoment,
        AdamOptions options,
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
        SpanChecks.Length<T>(firstMoment, n, nameof(firstMoment));
        SpanChecks.Length<T>(secondMoment, n, nameof(secondMoment));
        SpanChecks.Disjoint<T>(parameters, nameof(parameters), gradients, nameof(gradients));
        SpanChecks.Disjoint<T>(parameters, nameof(parameters), firstMoment, nameof(firstMoment));
        SpanChecks.Disjoint<T>(parameters, nameof(parameters), secondMoment, nameof(secondMoment));
        SpanChecks.Disjoint<T>(gradients, nameof(gradients), firstMoment, nameof(firstMoment));
        SpanChecks.Disjoint<T>(gradients, nameof(gradients), secondMoment, nameof(secondMoment));
        SpanChecks.Disjoint<T>(firstMoment, nameof(firstMoment), secondMoment, nameof(secondMoment));
        if (options.AmsGrad)
        {
            SpanChecks.Length<T>(maxSecondMoment, n, nameof(maxSecondMoment));
            SpanChecks.Disjoint<T>(parameters, nameof(parameters), maxSecondMoment, nameof(maxSecondMoment));
            SpanChecks.Disjoint<T>(gradients, nameof(gradients), maxSecondMoment, nameof(maxSecondMoment));
            SpanChecks.Disjoint<T>(firstMoment, nameof(firstMoment), maxSecondMoment, nameof(maxSecondMoment));
            SpanChecks.Disjoint<T>(secondMoment, nameof(secondMoment), maxSecondMoment, nameof(maxSecondMoment));
        }

        Apply(new AdamScalars<T>(options, lr, options.Beta1, step), parameters, gradients, firstMoment, secondMoment, maxSecondMoment);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizers).</summary>
    internal static void Apply<T>(in AdamScalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> firstMoment, Span<T> secondMoment, Span<T> maxSecondMoment)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var m = ref MemoryMarshal.GetReference(firstMoment);
        ref var v = ref MemoryMarshal.GetReference(secondMoment);
        var n = parameters.Length;
        if (s.AmsGrad)
        {
            ref var vMax = ref MemoryMarshal.GetReference(maxSecondMoment);
            if (s.CoupledDecay)
            {
                KernelDriver.Run(new AdamOperator<T, On, On>(s), n, ref p, ref g, ref m, ref v, ref vMax);
            }
            else
            {
                KernelDriver.Run(new AdamOperator<T, On, Off>(s), n, ref p, ref g, ref m, ref v, ref vMax);
            }
        }
        else if (s.CoupledDecay)
        {
            KernelDriver.Run(new AdamOperator<T, Off, On>(s), n, ref p, ref g, ref m, ref v, ref Unsafe.NullRef<T>());
        }
        else
        {
            KernelDriver.Run(new AdamOperator<T, Off, Off>(s), n, ref p, ref g, ref m, ref v, ref Unsafe.NullRef<T>());
        }
    }
}
