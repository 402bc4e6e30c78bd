using System.Numerics.Tensors;

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
    /// docs/reliability.md gives the measured cost. A norm that overflows to +∞ while every element is
    /// finite (|g| above about 1.8e19 in float) is not a non-finite gradient: the step is applied.
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

    /// <summary>
    /// Applies the non-finite policy before an update. Returns true when the update may proceed; otherwise
    /// <paramref name="skipped"/> is the report of the skipped step. Throws before anything is written.
    /// </summary>
    private bool PassesGradientCheck(out double gradientNorm, out StepReport skipped)
    {
        skipped = default;
        gradientNorm = double.NaN;
        if (_nonFiniteGradients == NonFinitePolicy.Propagate)
        {
            return true;
        }

        // One read pass computes the L2 norm; it is finite exactly when every element is finite,
        // unless Σg² overflows, which the exact check below tells apart.
        var sumOfSquares = 0.0;
        foreach (var group in _groups)
        {
            foreach (var parameter in group.ParameterList)
            {
                sumOfSquares += double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(parameter.Gradient.Span));
            }
        }

        gradientNorm = Math.Sqrt(sumOfSquares);
        if (double.IsFinite(gradientNorm))
        {
            ConsecutiveSkips = 0;
            return true;
        }

        var offender = FirstNonFiniteParameter();
        if (offender is null)
        {
            ConsecutiveSkips = 0;
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

        ConsecutiveSkips++;
        skipped = new StepReport(StepStatus.SkippedNonFinite, _groups[0].NextLearningRate, gradientNorm, offender);
        return false;
    }

    /// <summary>Resets the skip counter after an update that bypassed the check (<see cref="NonFinitePolicy.Propagate"/>).</summary>
    private StepReport AppliedReport(double gradientNorm, double learningRate)
    {
        ConsecutiveSkips = 0;
        return new StepReport(StepStatus.Applied, learningRate, gradientNorm, null);
    }

    private string? FirstNonFiniteParameter()
    {
        foreach (var group in _groups)
        {
            foreach (var parameter in group.ParameterList)
            {
                if (!TensorPrimitives.IsFiniteAll<T>(parameter.Gradient.Span))
                {
                    return parameter.Name;
                }
            }
        }

        return null;
    }
}
