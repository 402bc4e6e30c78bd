using System.Numerics.Tensors;
using LearningRate.Kernels.Simd;

namespace LearningRate.Optimizers;

/// <summary>The non-finite gradient policy: the check that runs before an update and the report built around it.</summary>
public abstract partial class Optimizer<T, TOptions>
{
    private NonFinitePolicy _nonFiniteGradients = NonFinitePolicy.Skip;
    private int _maxConsecutiveSkips = 10;

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="NonFinitePolicy.Skip"/> and <see cref="NonFinitePolicy.Throw"/> read every gradient once more
    /// per step to compute the global L2 norm, reported in <see cref="StepReport.GradientNorm"/>;
    /// docs/performance.md gives the measured cost. The sum of squares is accumulated in double, so with float
    /// gradients it is finite exactly when every element is; with double gradients a norm that overflows to +∞
    /// while every element is finite (|g| above about 1.3e154) is not a non-finite gradient: the step is applied.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="NonFinitePolicy"/>.</exception>
    public NonFinitePolicy NonFiniteGradients
    {
        get => _nonFiniteGradients;
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(NonFiniteGradients), value, $"{nameof(NonFiniteGradients)} must be a defined {nameof(NonFinitePolicy)}; got {value}.");
            }

            _nonFiniteGradients = value;
        }
    }

    /// <inheritdoc/>
    /// <remarks>The next non-finite step after that many skips throws <see cref="NonFiniteGradientException"/> and changes nothing; 0 makes the first one throw.</remarks>
    public int MaxConsecutiveSkips
    {
        get => _maxConsecutiveSkips;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MaxConsecutiveSkips));
            _maxConsecutiveSkips = value;
        }
    }

    /// <inheritdoc/>
    public int ConsecutiveSkips { get; private set; }

    /// <inheritdoc/>
    /// <remarks>
    /// Raised on the stepping thread after the skip is counted; each skip also adds 1 to the counter
    /// <c>learningrate.optimizer.skipped_steps</c> of the meter <c>LearningRate</c> (tag <c>optimizer</c>). Without
    /// subscribers or listeners neither allocates.
    /// </remarks>
    public event EventHandler<StepReport>? StepSkipped;

    /// <summary>
    /// Applies the non-finite policy before an update without changing anything. Returns true when the update may
    /// proceed; otherwise <paramref name="offender"/> names the parameter whose gradient the step must skip.
    /// Throws (<see cref="NonFiniteGradientException"/>) under the policy, before anything is written.
    /// </summary>
    private bool PassesGradientCheck(out double gradientNorm, out string? offender)
    {
        offender = null;
        gradientNorm = double.NaN;
        if (_nonFiniteGradients == NonFinitePolicy.Propagate)
        {
            return true;
        }

        // One read pass computes Σg² in double, in a fixed order; it is finite exactly when every element is
        // finite, except that a double Σg² can overflow with finite elements, which the exact check below tells apart.
        var sumOfSquares = 0.0;
        foreach (var group in _groups)
        {
            var table = group.Tensors;
            sumOfSquares = SquareSum.AccumulateGradients<T, TensorTable<T>.Set>(table.Tensors, table.Count, sumOfSquares);
        }

        gradientNorm = Math.Sqrt(sumOfSquares);
        if (double.IsFinite(gradientNorm))
        {
            return true;
        }

        offender = FirstNonFiniteParameter();
        if (offender is null)
        {
            return true;
        }

        if (_nonFiniteGradients == NonFinitePolicy.Throw)
        {
            throw new NonFiniteGradientException(
                $"The gradient of parameter '{offender}' holds NaN or infinity at step {StepCount}; nothing was changed (policy {nameof(NonFinitePolicy.Throw)}).",
                offender);
        }

        if (ConsecutiveSkips >= _maxConsecutiveSkips)
        {
            throw new NonFiniteGradientException(
                $"The gradient of parameter '{offender}' holds NaN or infinity at step {StepCount} after {ConsecutiveSkips} consecutive skipped steps (MaxConsecutiveSkips = {_maxConsecutiveSkips}); nothing was changed.",
                offender);
        }

        return false;
    }

    /// <summary>Counts a skipped step, once its report (which evaluates the learning rate, and may throw) exists, and makes it visible.</summary>
    private StepReport Skip(double gradientNorm, string offender)
    {
        var report = new StepReport(StepStatus.SkippedNonFinite, _groups[0].NextLearningRate, gradientNorm, offender);
        ConsecutiveSkips++;

        // PyTorch would have applied this step: the skip must not go unnoticed.
        OptimizerMetrics.SkippedSteps.Add(1, new KeyValuePair<string, object?>("optimizer", StateLayout.Kind));
        StepSkipped?.Invoke(this, report);
        return report;
    }

    private string? FirstNonFiniteParameter()
    {
        foreach (var group in _groups)
        {
            foreach (var parameter in group.ParameterList)
            {
                // IsFiniteAll is false for an empty span: an empty parameter holds nothing non-finite.
                if (!parameter.Gradient.IsEmpty && !TensorPrimitives.IsFiniteAll<T>(parameter.Gradient.Span))
                {
                    return parameter.Name;
                }
            }
        }

        return null;
    }
}
