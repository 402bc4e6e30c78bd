namespace LearningRate.Tests.Reference;

/// <summary>
/// <c>torch.optim.NAdam</c>, single-tensor path (<c>_single_tensor_nadam</c>, PyTorch 2.x with
/// <c>decoupled_weight_decay</c> and <c>maximize</c>, non-capturable branch), transcribed line by line in double:
/// <code>
/// t += 1;  bc2 = 1 − β2^t
/// g ← −g if maximize;  if λ ≠ 0: θ ← θ·(1 − γλ) if decoupled, else g ← g + λθ
/// μ = β1·(1 − ½·0.96^(t·ψ));  μ' = β1·(1 − ½·0.96^((t+1)·ψ));  Πμ ← Πμ·μ   (kept across steps, starts at 1)
/// m ← lerp(m, g, 1 − β1);  v ← β2·v + (1 − β2)·g²;  d = √(v / bc2) + ε
/// θ ← θ + (−γ(1 − μ)/(1 − Πμ))·g/d;  θ ← θ + (−γμ'/(1 − Πμ·μ'))·m/d
/// </code>
/// Subtleties: the second moment is bias-corrected inside the root (<c>sqrt(v / bc2)</c>, not Adam's
/// <c>sqrt(v) / sqrt(bc2)</c>); the gradient term uses Πμ after this step's μ, the momentum term Πμ·μ' without
/// storing it; the decoupled decay happens only when λ ≠ 0. PyTorch keeps <c>mu_product</c> in a 0-d tensor of the
/// default dtype (float32 unless <c>torch.set_default_dtype(torch.float64)</c>); this reference keeps it in double,
/// as the goldens do.
/// </summary>
public sealed class NAdamReference(NAdamSettings settings, int length) : IReferenceOptimizer
{
    private readonly double[] _expAvg = new double[length];
    private readonly double[] _expAvgSq = new double[length];
    private double _muProduct = 1.0;
    private int _step;

    /// <summary>Gets or sets the group lr the next step reads (a scheduler may change it between steps).</summary>
    public double LearningRate { get; set; } = settings.LearningRate;

    /// <summary>Gets Π μ_i over the steps taken (PyTorch <c>state["mu_product"]</c>).</summary>
    public double MuProduct => _muProduct;

    public void Step(double[] parameters, double[] gradients)
    {
        _step++;
        var lr = LearningRate;
        var beta1 = settings.Beta1;
        var beta2 = settings.Beta2;
        double step = _step;
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        var mu = beta1 * (1.0 - (0.5 * Math.Pow(0.96, step * settings.MomentumDecay)));
        var muNext = beta1 * (1.0 - (0.5 * Math.Pow(0.96, (step + 1) * settings.MomentumDecay)));
        _muProduct *= mu;
        var muProductNext = _muProduct * muNext;
        var gradCoefficient = -lr * (1.0 - mu) / (1.0 - _muProduct);
        var expAvgCoefficient = -lr * muNext / (1.0 - muProductNext);
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
            var denominator = Math.Sqrt(_expAvgSq[i] / biasCorrection2) + settings.Epsilon;
            parameters[i] += gradCoefficient * (grad / denominator);
            parameters[i] += expAvgCoefficient * (_expAvg[i] / denominator);
        }
    }
}
