namespace LearningRate.Tests.Reference;

/// <summary>
/// <c>optax.lion</c> (google-deepmind/optax @ 2edbcbe, <c>alias.lion</c> = <c>scale_by_lion</c>, then
/// <c>add_decayed_weights</c>, then <c>scale_by_learning_rate</c>), transcribed line by line in double:
/// <code>
/// g ← −g if maximize                                   (the library's switch; Optax has none)
/// c = (1 − b1)·g + b1·m;   u = jnp.sign(c)             (sign(0) = 0, sign(NaN) = NaN)
/// m ← (1 − b2)·g + b2·m                                (after c, from the old m)
/// u ← u + λ·θ   unless λ = 0                           (add_decayed_weights skips a zero constant)
/// θ ← θ + (−γ)·u
/// </code>
/// Subtleties: the sign is taken of the interpolation with the <em>old</em> momentum, and m is updated with b2, not
/// b1; λθ is added after the sign, so it never enters m; jnp.sign propagates NaN where torch.sign (google/automl's
/// PyTorch Lion) gives 0.
/// </summary>
public sealed class LionReference(LionSettings settings, int length) : IReferenceOptimizer
{
    private readonly double[] _momentum = new double[length];

    /// <summary>Gets or sets the learning rate the next step reads (a schedule may change it between steps).</summary>
    public double LearningRate { get; set; } = settings.LearningRate;

    public void Step(double[] parameters, double[] gradients)
    {
        var b1 = settings.Beta1;
        var b2 = settings.Beta2;
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = settings.Maximize ? -gradients[i] : gradients[i];
            var c = ((1 - b1) * g) + (b1 * _momentum[i]);
            var u = c > 0 ? 1.0 : c < 0 ? -1.0 : c == 0 ? 0.0 : double.NaN;
            _momentum[i] = ((1 - b2) * g) + (b2 * _momentum[i]);
            if (settings.WeightDecay != 0)
            {
                u += settings.WeightDecay * parameters[i];
            }

            parameters[i] += -LearningRate * u;
        }
    }
}
