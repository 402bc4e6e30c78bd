namespace LearningRate.Tests.Reference;

/// <summary>
/// <c>torch.optim.Adamax</c>, single-tensor path (<c>_single_tensor_adamax</c>, PyTorch 2.x, non-differentiable,
/// non-capturable branch), transcribed line by line in double:
/// <code>
/// t += 1;  g ← −g if maximize;  g ← g + λθ
/// m ← lerp(m, g, 1 − β1);  u ← max(β2·u, |g| + ε)       (torch.maximum: ε inside the max, NaN propagates)
/// clr = γ / (1 − β1^t);  θ ← θ + (−clr)·m/u
/// </code>
/// Subtleties: ε sits inside the max (Keras adds it to u afterwards); <see cref="Math.Max(double, double)"/>
/// returns NaN when either side is NaN, as <c>torch.maximum</c> does, so a NaN gradient poisons u for good;
/// there is no bias correction of u.
/// </summary>
public sealed class AdamaxReference(AdamaxSettings settings, int length) : IReferenceOptimizer
{
    private readonly double[] _expAvg = new double[length];
    private readonly double[] _expInf = new double[length];
    private int _step;

    /// <summary>Gets or sets the group lr the next step reads (a scheduler may change it between steps).</summary>
    public double LearningRate { get; set; } = settings.LearningRate;

    public void Step(double[] parameters, double[] gradients)
    {
        _step++;
        var beta1 = settings.Beta1;
        var clr = LearningRate / (1 - Math.Pow(beta1, _step));
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = settings.Maximize ? -gradients[i] : gradients[i];
            if (settings.WeightDecay != 0)
            {
                grad += settings.WeightDecay * parameters[i];
            }

            _expAvg[i] += (grad - _expAvg[i]) * (1 - beta1);
            _expInf[i] = Math.Max(_expInf[i] * settings.Beta2, Math.Abs(grad) + settings.Epsilon);
            parameters[i] += -clr * (_expAvg[i] / _expInf[i]);
        }
    }
}
