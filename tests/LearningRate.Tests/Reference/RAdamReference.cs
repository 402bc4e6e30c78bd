namespace LearningRate.Tests.Reference;

/// <summary>
/// <c>torch.optim.RAdam</c>, single-tensor path (<c>_single_tensor_radam</c>, PyTorch 2.x with
/// <c>decoupled_weight_decay</c> and <c>maximize</c>, non-capturable branch), transcribed line by line in double:
/// <code>
/// t += 1;  g ← −g if maximize;  if λ ≠ 0: θ ← θ·(1 − γλ) if decoupled, else g ← g + λθ
/// m ← lerp(m, g, 1 − β1);  v ← β2·v + (1 − β2)·g²;  bc1 = 1 − β1^t;  bc2 = 1 − β2^t;  m̂ = m / bc1
/// ρ∞ = 2/(1 − β2) − 1;  ρt = ρ∞ − 2·t·β2^t / bc2
/// if ρt &gt; 5:  r = √((ρt − 4)(ρt − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρt));  l = √bc2 / (√v + ε);  θ ← θ − m̂·γ·l·r
/// else:       θ ← θ − m̂·γ
/// </code>
/// Subtleties: the threshold is strict (<c>rho_t &gt; 5</c>; with β2 = 0.999 the first rectified step is t = 6);
/// the non-rectified branch uses no second moment at all (v is still updated); ε is added to the raw √v, before the
/// bias correction √bc2 multiplies (unlike Adam); γ multiplies once (TorchSharp 0.107 multiplies twice).
/// </summary>
public sealed class RAdamReference(RAdamSettings settings, int length) : IReferenceOptimizer
{
    private readonly double[] _expAvg = new double[length];
    private readonly double[] _expAvgSq = new double[length];
    private int _step;

    /// <summary>Gets or sets the group lr the next step reads (a scheduler may change it between steps).</summary>
    public double LearningRate { get; set; } = settings.LearningRate;

    public void Step(double[] parameters, double[] gradients)
    {
        _step++;
        var lr = LearningRate;
        var beta1 = settings.Beta1;
        var beta2 = settings.Beta2;
        double step = _step;
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        var rhoInf = (2 / (1 - beta2)) - 1;
        var rhoT = rhoInf - (2 * step * Math.Pow(beta2, step) / biasCorrection2);
        var rectified = rhoT > 5.0;
        var rect = rectified
            ? Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
            : double.NaN;
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = settings.Maximize ? -gradients[i] : gradients[i];
            if (settings.WeightDecay != 0)
            {
                if (settings.DecoupledWeightDecay)
                {
                    parameters[i] *= 1 - (lr * settings.WeightDecay);
                }
                else
                {
                    grad += settings.WeightDecay * parameters[i];
                }
            }

            _expAvg[i] += (grad - _expAvg[i]) * (1 - beta1);
            _expAvgSq[i] = (_expAvgSq[i] * beta2) + ((1 - beta2) * grad * grad);
            var biasCorrectedExpAvg = _expAvg[i] / biasCorrection1;
            if (rectified)
            {
                var adaptiveLr = Math.Sqrt(biasCorrection2) / (Math.Sqrt(_expAvgSq[i]) + settings.Epsilon);
                parameters[i] -= biasCorrectedExpAvg * lr * adaptiveLr * rect;
            }
            else
            {
                parameters[i] -= biasCorrectedExpAvg * lr;
            }
        }
    }
}
