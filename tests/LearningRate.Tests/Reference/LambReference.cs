namespace LearningRate.Tests.Reference;

/// <summary>
/// <c>optax.lamb</c> (google-deepmind/optax @ 2edbcbe, <c>alias.lamb</c> = <c>scale_by_adam</c>, then
/// <c>add_decayed_weights</c>, then <c>scale_by_trust_ratio</c>, then <c>scale_by_learning_rate</c>), transcribed
/// line by line in double for one parameter tensor:
/// <code>
/// g ← −g if maximize                                   (the library's switch; Optax has none)
/// t += 1
/// m ← (1 − b1)·g + b1·m;   v ← (1 − b2)·g² + b2·v
/// u = (m / (1 − b1^t)) / (√(v / (1 − b2^t) + eps_root) + eps)
/// u ← u + λ·θ   unless λ = 0                           (add_decayed_weights skips a zero constant)
/// r = ‖θ‖ / ‖u‖, or 1 if ‖θ‖ = 0 or ‖u‖ = 0            (norms over the whole tensor, summed in index order)
/// θ ← θ + (−γ)·(r·u)
/// </code>
/// Subtleties: ε is outside the root and ε_root inside; both moments are bias-corrected (count from 1); the weight decay
/// is part of u before the norm, so it counts in ‖u‖; the ratio is unclipped (no min_norm, trust_coefficient 1, no ε),
/// and a NaN norm is not 0, so a NaN anywhere in u makes the whole tensor NaN.
/// </summary>
public sealed class LambReference(LambSettings settings, int length) : IReferenceOptimizer
{
    private readonly double[] _firstMoment = new double[length];
    private readonly double[] _secondMoment = new double[length];
    private readonly double[] _update = new double[length];
    private int _step;

    /// <summary>Gets or sets the learning rate the next step reads (a schedule may change it between steps).</summary>
    public double LearningRate { get; set; } = settings.LearningRate;

    public void Step(double[] parameters, double[] gradients)
    {
        _step++;
        var b1 = settings.Beta1;
        var b2 = settings.Beta2;
        var biasCorrection1 = 1 - Math.Pow(b1, _step);
        var biasCorrection2 = 1 - Math.Pow(b2, _step);
        double parameterSquares = 0, updateSquares = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = settings.Maximize ? -gradients[i] : gradients[i];
            _firstMoment[i] = ((1 - b1) * g) + (b1 * _firstMoment[i]);
            _secondMoment[i] = ((1 - b2) * (g * g)) + (b2 * _secondMoment[i]);
            var u = _firstMoment[i] / biasCorrection1 / (Math.Sqrt((_secondMoment[i] / biasCorrection2) + settings.EpsilonRoot) + settings.Epsilon);
            if (settings.WeightDecay != 0)
            {
                u += settings.WeightDecay * parameters[i];
            }

            _update[i] = u;
            parameterSquares += parameters[i] * parameters[i];
            updateSquares += u * u;
        }

        var parameterNorm = Math.Sqrt(parameterSquares);
        var updateNorm = Math.Sqrt(updateSquares);
        var ratio = parameterNorm == 0 || updateNorm == 0 ? 1 : parameterNorm / updateNorm;
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] += -LearningRate * (ratio * _update[i]);
        }
    }
}
