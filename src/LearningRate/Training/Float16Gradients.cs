using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace LearningRate.Training;

/// <summary>
/// Gradient operations over 16-bit storage (<see cref="Half"/>, <see cref="BFloat16"/>) for the training tools: a chunk
/// at a time, widened into a float buffer on the stack (exact, vectorised), computed in float (or double for norms), and
/// rounded back to nearest even. Allocates nothing.
/// </summary>
internal static class Float16Gradients
{
    /// <summary>Elements per chunk: the float buffer and its double copy stay in L1.</summary>
    private const int ChunkLength = 512;

    /// <summary>Tells whether <typeparamref name="T"/> is <see cref="Half"/> or <see cref="BFloat16"/>.</summary>
    public static bool IsStorage<T>() => ReducedPrecision.IsStorage<T>();

    /// <summary>
    /// <c>g ← round(float(g) · factor)</c> for every element; returns whether every element was finite before scaling
    /// (PyTorch's <c>_amp_foreach_non_finite_check_and_unscale_</c> tests the input values).
    /// </summary>
    [SkipLocalsInit]
    public static bool MultiplyAndCheckFinite<T>(Span<T> gradient, float factor)
        where T : unmanaged
    {
        Span<float> buffer = stackalloc float[ChunkLength];
        var finite = true;
        for (var start = 0; start < gradient.Length; start += ChunkLength)
        {
            var chunk = gradient.Slice(start, Math.Min(ChunkLength, gradient.Length - start));
            var values = buffer[..chunk.Length];
            ReducedPrecision.WidenUnchecked<T>(chunk, values);
            finite &= TensorPrimitives.IsFiniteAll<float>(values);
            TensorPrimitives.Multiply(values, factor, values);
            ReducedPrecision.NarrowUnchecked<T>(values, chunk);
        }

        return finite;
    }

    /// <summary><c>g ← round(clamp(float(g), −bound, bound))</c>, NaN kept, as <c>torch.clamp</c>.</summary>
    [SkipLocalsInit]
    public static void Clamp<T>(Span<T> gradient, float bound)
        where T : unmanaged
    {
        Span<float> buffer = stackalloc float[ChunkLength];
        for (var start = 0; start < gradient.Length; start += ChunkLength)
        {
            var chunk = gradient.Slice(start, Math.Min(ChunkLength, gradient.Length - start));
            var values = buffer[..chunk.Length];
            ReducedPrecision.WidenUnchecked<T>(chunk, values);
            TensorPrimitives.Max(values, -bound, values);
            TensorPrimitives.Min(values, bound, values);
            ReducedPrecision.NarrowUnchecked<T>(values, chunk);
        }
    }

    /// <summary>Σg² (L2), Σ|g| (L1) or max|g| (∞, NaN-propagating) of one gradient, in double; 0 when empty.</summary>
    [SkipLocalsInit]
    public static double PartialNorm<T>(ReadOnlySpan<T> gradient, NormType normType)
        where T : unmanaged
    {
        Span<float> buffer = stackalloc float[ChunkLength];
        Span<double> wide = stackalloc double[ChunkLength];
        var total = 0.0;
        for (var start = 0; start < gradient.Length; start += ChunkLength)
        {
            var chunk = gradient.Slice(start, Math.Min(ChunkLength, gradient.Length - start));
            var values = buffer[..chunk.Length];
            ReducedPrecision.WidenUnchecked(chunk, values);
            if (normType == NormType.Infinity)
            {
                // The largest magnitude is exact in float; NaN wins, as in torch.linalg.vector_norm.
                var max = (double)MathF.Abs(TensorPrimitives.MaxMagnitude<float>(values));
                total = double.IsNaN(max) || double.IsNaN(total) ? double.NaN : Math.Max(total, max);
                continue;
            }

            // Squares in double: a bfloat16 gradient of 10²⁰ would overflow float's square.
            var doubles = wide[..chunk.Length];
            TensorPrimitives.ConvertTruncating<float, double>(values, doubles);
            total += normType == NormType.L2 ? TensorPrimitives.SumOfSquares<double>(doubles) : TensorPrimitives.SumOfMagnitudes<double>(doubles);
        }

        return total;
    }

    /// <summary><c>sum ← float(g)·weight</c> (<paramref name="first"/>) or <c>sum ← float(g)·weight + sum</c>, element by element in float.</summary>
    [SkipLocalsInit]
    public static void Accumulate<T>(ReadOnlySpan<T> gradient, float weight, Span<float> sum, bool first)
        where T : unmanaged
    {
        Span<float> buffer = stackalloc float[ChunkLength];
        for (var start = 0; start < gradient.Length; start += ChunkLength)
        {
            var count = Math.Min(ChunkLength, gradient.Length - start);
            var values = buffer[..count];
            var target = sum.Slice(start, count);
            ReducedPrecision.WidenUnchecked(gradient.Slice(start, count), values);
            if (first)
            {
                TensorPrimitives.Multiply(values, weight, target);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(values, weight, target, target);
            }
        }
    }

    /// <summary><c>g ← round(sum / total)</c>, the division in float.</summary>
    [SkipLocalsInit]
    public static void StoreMean<T>(ReadOnlySpan<float> sum, float total, Span<T> gradient)
        where T : unmanaged
    {
        Span<float> buffer = stackalloc float[ChunkLength];
        for (var start = 0; start < sum.Length; start += ChunkLength)
        {
            var count = Math.Min(ChunkLength, sum.Length - start);
            var values = buffer[..count];
            TensorPrimitives.Divide(sum.Slice(start, count), total, values);
            ReducedPrecision.NarrowUnchecked(values, gradient.Slice(start, count));
        }
    }
}
