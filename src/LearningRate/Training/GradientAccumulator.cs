using System.Numerics.Tensors;
using LearningRate.Internal;
using LearningRate.Optimizers;

namespace LearningRate.Training;

/// <summary>
/// Gradient accumulation: several micro-batches make one real update, so the step count and any
/// schedule advance once per update, not once per micro-batch.
/// </summary>
/// <typeparam name="T">The optimizer's element type: <see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
/// <remarks>
/// <para>
/// After the training loop writes micro-batch k's gradient (of its mean loss) into the registered gradient
/// buffers, it calls <see cref="Accumulate"/> with the micro-batch's weight <c>wₖ</c>, usually its sample count.
/// The accumulator keeps <c>S = Σ wₖ·gₖ</c> in its own buffers (one per parameter, allocated when first seen),
/// and on the <see cref="MicroBatches"/>-th call writes the weighted mean <c>g = S / Σ wₖ</c> into the gradient
/// buffers and calls <see cref="IOptimizer.Step"/>. The weighted mean is the gradient of the whole batch's mean
/// loss, also when the last micro-batch is smaller; with equal weights it is the plain average, and one
/// micro-batch of weight 1 gives exactly the update of a plain step. Only the ratios of the weights matter: they are
/// divided by a power of two (exactly) before they meet the gradients, so any finite positive weights work, also
/// ones that <typeparamref name="T"/> cannot hold (1e39 or 1e-46 in float) or whose sum overflows a double.
/// </para>
/// <para>
/// The loop must write each micro-batch's gradient afresh (overwrite, or zero and fill): the accumulator reads
/// the buffers, it does not clear them. <see cref="Flush"/> applies a partial batch at the end of an epoch.
/// Not thread-safe; use one accumulator per optimizer, on the optimizer's thread.
/// </para>
/// <para>
/// With <see cref="Half"/> or <see cref="BFloat16"/> gradients the sums are kept in float (4 bytes per element): each
/// micro-batch's gradient is widened exactly and added in float, the mean is divided in float and rounded to the
/// gradient's type once, and the clipping norm is accumulated in double.
/// </para>
/// </remarks>
public sealed class GradientAccumulator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IOptimizer _optimizer;
    private readonly IOptimizer<T> _registry;
    /// <summary>Each parameter's running sum: in <typeparamref name="T"/> for float and double, in float (<c>Wide</c>) for 16-bit gradients.</summary>
    private (IParameter<T> Parameter, T[] Sum, float[] Wide)[] _buffers = [];
    private double _totalWeight;
    private int _scaleExponent;
    private double _maxGradientNorm = double.PositiveInfinity;

    /// <summary>Initializes an accumulator that updates <paramref name="optimizer"/> once every <paramref name="microBatches"/> micro-batches.</summary>
    /// <param name="optimizer">An optimizer over <typeparamref name="T"/> parameters: one of this library's, or any <see cref="IOptimizer{T}"/>.</param>
    /// <param name="microBatches">The number of micro-batches per update, ≥ 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> does not implement <see cref="IOptimizer{T}"/> for <typeparamref name="T"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="microBatches"/> is less than 1.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is none of float, double, Half and BFloat16.</exception>
    public GradientAccumulator(IOptimizer optimizer, int microBatches)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(microBatches, 1);
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double) && !Float16Gradients.IsStorage<T>())
        {
            throw new NotSupportedException($"Element type {typeof(T).Name} is not supported; use float, double, Half or BFloat16.");
        }

        if (optimizer is not IOptimizer<T> registry)
        {
            Guard.ThrowArgument(nameof(optimizer), $"The optimizer must implement IOptimizer<{typeof(T).Name}>.");
            return;
        }

        _optimizer = optimizer;
        _registry = registry;
        MicroBatches = microBatches;
    }

    /// <summary>
    /// Gets or sets the largest global L2 norm of the mean gradient: before each update the mean is clipped as
    /// <see cref="GradientClipping.ClipByNorm{T}(IOptimizer{T}, double, NormType, bool)"/> does (<c>g ← g · min(1, maxNorm / (norm + 1e-6))</c>),
    /// which is where clipping belongs with accumulation (after the mean, before the step).
    /// </summary>
    /// <value>The default value is +∞: no clipping.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or NaN.</exception>
    public double MaxGradientNorm
    {
        get => _maxGradientNorm;
        set
        {
            GradientClipping.CheckMaxNorm(value);
            _maxGradientNorm = value;
        }
    }

    /// <summary>Gets the number of micro-batches per update.</summary>
    public int MicroBatches { get; }

    /// <summary>Gets the number of micro-batches accumulated since the last update.</summary>
    public int Pending { get; private set; }

    /// <summary>
    /// Adds the current gradients, weighted by <paramref name="weight"/>, and applies the update when
    /// <see cref="MicroBatches"/> micro-batches are in.
    /// </summary>
    /// <param name="weight">The micro-batch's weight <c>wₖ</c>, usually its number of samples; finite and &gt; 0.</param>
    /// <returns>
    /// <see cref="StepStatus.Deferred"/> while micro-batches are missing; otherwise the optimizer's report of the update.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weight"/> is not a finite number &gt; 0; nothing was accumulated.</exception>
    /// <exception cref="NonFiniteGradientException">The optimizer's non-finite policy threw; see <see cref="IOptimizer.Step"/>.</exception>
    public StepReport Accumulate(double weight = 1)
    {
        Guard.Positive(weight, nameof(weight));
        RefreshBuffers();
        var relative = RelativeWeight(weight);
        var w = T.CreateTruncating(relative);
        foreach (var (parameter, sum, wide) in _buffers)
        {
            var gradient = parameter.Gradient.Span;
            if (Float16Gradients.IsStorage<T>())
            {
                Float16Gradients.Accumulate<T>(gradient, (float)relative, wide, first: Pending == 0);
            }
            else if (Pending == 0)
            {
                TensorPrimitives.Multiply(gradient, w, sum);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(gradient, w, sum, sum);
            }
        }

        Pending++;
        return Pending == MicroBatches ? Update() : Deferred();
    }

    /// <summary>Applies the update from the micro-batches accumulated so far (a partial batch at the end of an epoch).</summary>
    /// <returns>The optimizer's report, or <see cref="StepStatus.Deferred"/> when nothing was pending.</returns>
    /// <exception cref="NonFiniteGradientException">The optimizer's non-finite policy threw; see <see cref="IOptimizer.Step"/>.</exception>
    public StepReport Flush() => Pending == 0 ? Deferred() : Update();

    /// <summary>Forgets the pending micro-batches without updating.</summary>
    public void Reset()
    {
        Pending = 0;
        _totalWeight = 0;
    }

    /// <summary>
    /// Returns <paramref name="weight"/> divided by the batch's power-of-two scale and adds it to the total: only the
    /// ratios of the weights matter, so weights the element type cannot hold (1e39 or 1e-46 in float) or whose sum
    /// overflows a double still give the mean. Dividing by a power of two is exact, so ordinary weights give the same
    /// bits as unscaled ones.
    /// </summary>
    private double RelativeWeight(double weight)
    {
        const int Headroom = 16;
        var exponent = Math.ILogB(weight);
        if (Pending == 0)
        {
            _scaleExponent = exponent;
        }
        else if (exponent > _scaleExponent + Headroom)
        {
            // A much larger weight: move the scale up, so the sums keep headroom; what underflows now is negligible.
            var factor = Math.ScaleB(1.0, _scaleExponent - exponent);
            var f = T.CreateTruncating(factor);
            foreach (var (_, sum, wide) in _buffers)
            {
                TensorPrimitives.Multiply(sum, f, sum);
                TensorPrimitives.Multiply(wide, (float)factor, wide);
            }

            _totalWeight *= factor;
            _scaleExponent = exponent;
        }

        var relative = Math.ScaleB(weight, -_scaleExponent);
        _totalWeight += relative;
        return relative;
    }

    private StepReport Update()
    {
        var total = T.CreateTruncating(_totalWeight);
        foreach (var (parameter, sum, wide) in _buffers)
        {
            if (Float16Gradients.IsStorage<T>())
            {
                Float16Gradients.StoreMean(wide, (float)_totalWeight, parameter.Gradient.Span);
            }
            else
            {
                TensorPrimitives.Divide(sum, total, parameter.Gradient.Span);
            }
        }

        if (!double.IsPositiveInfinity(_maxGradientNorm))
        {
            ClipMean();
        }

        // Pending is cleared first: whatever Step does (apply, skip, throw), these micro-batches are consumed.
        Reset();
        return _optimizer.Step();
    }

    private void ClipMean()
    {
        if (Float16Gradients.IsStorage<T>())
        {
            GradientClipping.ClipByNorm(_registry, _maxGradientNorm);
            return;
        }

        var sumOfSquares = T.Zero;
        foreach (var (parameter, _, _) in _buffers)
        {
            sumOfSquares += GradientClipping.PartialNorm<T>(parameter.Gradient.Span, NormType.L2);
        }

        var coefficient = GradientClipping.Coefficient(T.Sqrt(sumOfSquares), _maxGradientNorm, errorIfNonFinite: false);
        if (coefficient != T.One)
        {
            foreach (var (parameter, _, _) in _buffers)
            {
                var gradient = parameter.Gradient.Span;
                TensorPrimitives.Multiply(gradient, coefficient, gradient);
            }
        }
    }

    private StepReport Deferred() =>
        new(StepStatus.Deferred, _optimizer.Groups[0].LearningRate, double.NaN, null); // an optimizer of this library always has its first group

    /// <summary>Gives each newly registered parameter its sum buffer; a no-op in the steady state.</summary>
    private void RefreshBuffers()
    {
        var registered = _registry.Parameters;
        if (registered.Count == _buffers.Length)
        {
            return;
        }

        var known = _buffers.ToDictionary(b => b.Parameter, b => (b.Sum, b.Wide));
        var buffers = new (IParameter<T>, T[], float[])[registered.Count];
        var i = 0;
        foreach (var parameter in registered)
        {
            if (!known.TryGetValue(parameter, out var sums))
            {
                // A parameter that joins mid-batch has contributed nothing so far: its sum starts at zero.
                var length = parameter.Value.Length;
                sums = Float16Gradients.IsStorage<T>() ? (Array.Empty<T>(), new float[length]) : (new T[length], Array.Empty<float>());
            }

            buffers[i++] = (parameter, sums.Item1, sums.Item2);
        }

        _buffers = buffers;
    }
}
