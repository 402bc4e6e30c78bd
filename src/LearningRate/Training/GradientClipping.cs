using System.Numerics.Tensors;
using LearningRate.Internal;
using LearningRate.Optimizers;

namespace LearningRate.Training;

/// <summary>
/// Gradient clipping with PyTorch's semantics (<c>torch.nn.utils.clip_grad_norm_</c> and
/// <c>clip_grad_value_</c>), over every gradient an optimizer has registered or over one span.
/// Call it between writing the gradients and <see cref="IOptimizer.Step"/>. Allocates nothing.
/// </summary>
/// <remarks>
/// <para>
/// The global norm is built as PyTorch builds it: each parameter's norm in <c>T</c>, then the norm of
/// those norms (L2: <c>√(Σᵢ ‖gᵢ‖²)</c>; L1: <c>Σᵢ ‖gᵢ‖₁</c>; ∞: <c>maxᵢ ‖gᵢ‖∞</c>). The reductions use
/// <see cref="TensorPrimitives"/>, whose summation order differs from PyTorch's, so a float norm can differ
/// from PyTorch's in its last bits; a sum of squares above <c>T.MaxValue</c> overflows to +∞ as in PyTorch.
/// </para>
/// <para>
/// Clipping multiplies every gradient by <c>c = min(1, maxNorm / (norm + 1e-6))</c>, computed in <c>T</c>.
/// A NaN norm makes every gradient NaN and an infinite one makes <c>c = 0</c>, exactly as PyTorch, unless
/// <c>errorIfNonFinite</c> asks for an exception instead. Thread safety: none needed; the methods touch only
/// the gradients passed to them.
/// </para>
/// <para>
/// <see cref="Half"/> and <see cref="BFloat16"/> gradients are widened to float (exactly) a chunk at a time: the norm
/// accumulates Σg² (or Σ|g|) in double, so it neither overflows nor loses the small terms where PyTorch's half-precision
/// norm would (a Half norm above 65504 is +∞ there, and clipping would zero every gradient); the coefficient is computed
/// in double; the scaled or clamped values are computed in float and rounded back to nearest even.
/// </para>
/// </remarks>
public static class GradientClipping
{
    /// <summary>PyTorch's <c>1e-6</c> added to the norm before dividing.</summary>
    private const double NormEpsilon = 1e-6;

    /// <summary>Computes the global norm of every gradient registered in <paramref name="optimizer"/> (PyTorch <c>get_total_norm</c>).</summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
    /// <param name="optimizer">The optimizer whose gradients to measure.</param>
    /// <param name="normType">The norm; L2 by default.</param>
    /// <returns>The global norm, widened to double; 0 when there are no elements.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="normType"/> is not defined.</exception>
    public static double Norm<T>(IOptimizer<T> optimizer, NormType normType = NormType.L2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckNormType(normType);
        return Float16Gradients.IsStorage<T>() ? TotalNorm16(optimizer, normType) : double.CreateTruncating(TotalNorm(optimizer, normType));
    }

    /// <summary>Computes the norm of one gradient span.</summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
    /// <param name="gradient">The gradient.</param>
    /// <param name="normType">The norm; L2 by default.</param>
    /// <returns>The norm, widened to double; 0 for an empty span.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="normType"/> is not defined.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is none of float, double, Half and BFloat16.</exception>
    public static double SpanNorm<T>(ReadOnlySpan<T> gradient, NormType normType = NormType.L2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckElementType<T>();
        CheckNormType(normType);
        if (Float16Gradients.IsStorage<T>())
        {
            var wide = Float16Gradients.PartialNorm(gradient, normType);
            return normType == NormType.L2 ? Math.Sqrt(wide) : wide;
        }

        var partial = PartialNorm(gradient, normType);
        return double.CreateTruncating(normType == NormType.L2 ? T.Sqrt(partial) : partial);
    }

    /// <summary>
    /// Scales every gradient registered in <paramref name="optimizer"/> so that their global norm is at most
    /// <paramref name="maxNorm"/> (PyTorch <c>clip_grad_norm_</c>): <c>g ← g · min(1, maxNorm / (norm + 1e-6))</c>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
    /// <param name="optimizer">The optimizer whose gradients to clip.</param>
    /// <param name="maxNorm">The largest norm allowed, ≥ 0 (+∞ only measures).</param>
    /// <param name="normType">The norm; L2 by default.</param>
    /// <param name="errorIfNonFinite">Throw instead of clipping when the norm is NaN or ±∞ (PyTorch <c>error_if_nonfinite</c>); false by default.</param>
    /// <returns>The global norm before clipping, widened to double.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN, or <paramref name="normType"/> is not defined.</exception>
    /// <exception cref="NonFiniteGradientException">The norm is not finite and <paramref name="errorIfNonFinite"/> is set; no gradient was changed.</exception>
    public static double ClipByNorm<T>(IOptimizer<T> optimizer, double maxNorm, NormType normType = NormType.L2, bool errorIfNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckMaxNorm(maxNorm);
        CheckNormType(normType);
        if (Float16Gradients.IsStorage<T>())
        {
            var wideNorm = TotalNorm16(optimizer, normType);
            var factor = (float)Coefficient(wideNorm, maxNorm, errorIfNonFinite);
            if (factor != 1)
            {
                var registered = optimizer.Parameters;
                for (var i = 0; i < registered.Count; i++)
                {
                    Float16Gradients.MultiplyAndCheckFinite(registered[i].Gradient.Span, factor);
                }
            }

            return wideNorm;
        }

        var norm = TotalNorm(optimizer, normType);
        var coefficient = Coefficient(norm, maxNorm, errorIfNonFinite);
        if (coefficient != T.One)
        {
            var parameters = optimizer.Parameters;
            for (var i = 0; i < parameters.Count; i++)
            {
                var parameter = parameters[i];
                var gradient = parameter.Gradient.Span;
                TensorPrimitives.Multiply(gradient, coefficient, gradient);
            }
        }

        return double.CreateTruncating(norm);
    }

    /// <summary>Scales one gradient span so that its norm is at most <paramref name="maxNorm"/>; see the optimizer overload.</summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
    /// <param name="gradient">The gradient, scaled in place.</param>
    /// <param name="maxNorm">The largest norm allowed, ≥ 0 (+∞ only measures).</param>
    /// <param name="normType">The norm; L2 by default.</param>
    /// <param name="errorIfNonFinite">Throw instead of clipping when the norm is NaN or ±∞; false by default.</param>
    /// <returns>The norm before clipping, widened to double.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN, or <paramref name="normType"/> is not defined.</exception>
    /// <exception cref="NonFiniteGradientException">The norm is not finite and <paramref name="errorIfNonFinite"/> is set; the span is unchanged.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is none of float, double, Half and BFloat16.</exception>
    public static double ClipSpanByNorm<T>(Span<T> gradient, double maxNorm, NormType normType = NormType.L2, bool errorIfNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckElementType<T>();
        CheckMaxNorm(maxNorm);
        CheckNormType(normType);
        if (Float16Gradients.IsStorage<T>())
        {
            var wide = Float16Gradients.PartialNorm<T>(gradient, normType);
            var wideNorm = normType == NormType.L2 ? Math.Sqrt(wide) : wide;
            var factor = (float)Coefficient(wideNorm, maxNorm, errorIfNonFinite);
            if (factor != 1)
            {
                Float16Gradients.MultiplyAndCheckFinite(gradient, factor);
            }

            return wideNorm;
        }

        var partial = PartialNorm<T>(gradient, normType);
        var norm = normType == NormType.L2 ? T.Sqrt(partial) : partial;
        var coefficient = Coefficient(norm, maxNorm, errorIfNonFinite);
        if (coefficient != T.One)
        {
            TensorPrimitives.Multiply(gradient, coefficient, gradient);
        }

        return double.CreateTruncating(norm);
    }

    /// <summary>
    /// Clamps every gradient registered in <paramref name="optimizer"/> to <c>[−clipValue, clipValue]</c>
    /// (PyTorch <c>clip_grad_value_</c>); NaN stays NaN.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
    /// <param name="optimizer">The optimizer whose gradients to clamp.</param>
    /// <param name="clipValue">The bound, ≥ 0 (+∞ changes nothing).</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative or NaN.</exception>
    public static void ClipByValue<T>(IOptimizer<T> optimizer, double clipValue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckClipValue(clipValue);
        var parameters = optimizer.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            ClampAny(parameter.Gradient.Span, clipValue);
        }
    }

    /// <summary>Clamps one gradient span to <c>[−clipValue, clipValue]</c>; NaN stays NaN.</summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
    /// <param name="gradient">The gradient, clamped in place.</param>
    /// <param name="clipValue">The bound, ≥ 0 (+∞ changes nothing).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative or NaN.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is none of float, double, Half and BFloat16.</exception>
    public static void ClipByValue<T>(Span<T> gradient, double clipValue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckElementType<T>();
        CheckClipValue(clipValue);
        ClampAny(gradient, clipValue);
    }

    /// <summary>The global norm of 16-bit gradients: per-parameter sums in double, combined as <see cref="TotalNorm{T}"/> combines them.</summary>
    private static double TotalNorm16<T>(IOptimizer<T> optimizer, NormType normType)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var total = 0.0;
        var parameters = optimizer.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var partial = Float16Gradients.PartialNorm<T>(parameters[i].Gradient.Span, normType);
            total = normType == NormType.Infinity ? (double.IsNaN(partial) || partial > total ? partial : total) : total + partial;
        }

        return normType == NormType.L2 ? Math.Sqrt(total) : total;
    }

    /// <summary>The global norm in <typeparamref name="T"/>, combined across parameters as PyTorch does.</summary>
    private static T TotalNorm<T>(IOptimizer<T> optimizer, NormType normType)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var total = T.Zero;
        var parameters = optimizer.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            var partial = PartialNorm<T>(parameter.Gradient.Span, normType);
            total = normType switch
            {
                // Σ of squared per-parameter norms: the square of ‖gᵢ‖₂ is its sum of squares.
                NormType.L2 => total + partial,
                NormType.L1 => total + partial,
                _ => T.IsNaN(partial) || partial > total ? partial : total,
            };
        }

        return normType == NormType.L2 ? T.Sqrt(total) : total;
    }

    /// <summary>Σg² (L2), Σ|g| (L1) or max|g| (∞, NaN-propagating) of one span; 0 when empty.</summary>
    internal static T PartialNorm<T>(ReadOnlySpan<T> gradient, NormType normType)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gradient.IsEmpty)
        {
            return T.Zero;
        }

        return normType switch
        {
            NormType.L2 => TensorPrimitives.SumOfSquares(gradient),
            NormType.L1 => TensorPrimitives.SumOfMagnitudes(gradient),
            _ => T.Abs(TensorPrimitives.MaxMagnitude(gradient)),
        };
    }

    internal static T Coefficient<T>(T norm, double maxNorm, bool errorIfNonFinite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(norm))
        {
            if (errorIfNonFinite)
            {
                throw new NonFiniteGradientException(
                    $"The total gradient norm is {norm}, so the gradients cannot be clipped; nothing was changed (errorIfNonFinite).");
            }
        }

        var coefficient = T.CreateTruncating(maxNorm) / (norm + T.CreateTruncating(NormEpsilon));

        // PyTorch clamps with max=1, which keeps NaN: a NaN norm spreads NaN into every gradient.
        return coefficient > T.One ? T.One : coefficient;
    }

    /// <summary>Clamps in <typeparamref name="T"/>, or in float for 16-bit gradients (then rounded back).</summary>
    private static void ClampAny<T>(Span<T> gradient, double clipValue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Float16Gradients.IsStorage<T>())
        {
            Float16Gradients.Clamp(gradient, (float)clipValue);
        }
        else
        {
            Clamp(gradient, T.CreateTruncating(clipValue));
        }
    }

    private static void Clamp<T>(Span<T> gradient, T bound)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Max then Min, both NaN-propagating as torch.clamp is.
        TensorPrimitives.Max(gradient, -bound, gradient);
        TensorPrimitives.Min(gradient, bound, gradient);
    }

    private static void CheckElementType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double) && !Float16Gradients.IsStorage<T>())
        {
            throw new NotSupportedException($"Element type {typeof(T).Name} is not supported; use float, double, Half or BFloat16.");
        }
    }

    internal static void CheckMaxNorm(double maxNorm)
    {
        if (!(maxNorm >= 0))
        {
            Guard.ThrowOutOfRange(nameof(maxNorm), maxNorm, "must be a number >= 0");
        }
    }

    private static void CheckClipValue(double clipValue)
    {
        if (!(clipValue >= 0))
        {
            Guard.ThrowOutOfRange(nameof(clipValue), clipValue, "must be a number >= 0");
        }
    }

    private static void CheckNormType(NormType normType)
    {
        if (!Enum.IsDefined(normType))
        {
            throw new ArgumentOutOfRangeException(nameof(normType), normType, $"normType must be a defined {nameof(NormType)}; got {normType}.");
        }
    }
}
