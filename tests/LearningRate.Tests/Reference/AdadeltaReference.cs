namespace LearningRate.Tests.Reference;

/// <summary>
/// <c>torch.optim.Adadelta</c>, single-tensor path (<c>_single_tensor_adadelta</c>, PyTorch 2.x), transcribed line
/// by line in double:
/// <code>
/// g ← −g if maximize;  g ← g + λθ
/// v ← ρ·v + (1 − ρ)·g²;  Δ = √(u + ε) / √(v + ε) · g;  u ← ρ·u + (1 − ρ)·Δ²;  θ ← θ + (−γ)·Δ
/// </code>
/// Subtleties: ε is inside both roots; u (<c>acc_delta</c>) is updated with this step's Δ after Δ is computed from
/// the previous u; γ multiplies Δ (the original paper has no learning rate, PyTorch's default 1.0 reproduces it).
/// No step count enters the rule.
/// </summary>
public sealed class AdadeltaReference(AdadeltaSettings settings, int length) : IReferenceOptimizer
{
    private readonly double[] _squareAvg = new double[length];
    private readonly double[] _accDelta = new double[length];

    /// <summary>Gets or sets the group lr the next step reads (a scheduler may change it between steps).</summary>
    public double LearningRate { get; set; } = settings.LearningRate;

    public void Step(double[] parameters, double[] gradients)
    {
        var rho = settings.Rho;
        var eps = settings.Epsilon;
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = settings.Maximize ? -gradients[i] : gradients[i];
            if (settings.WeightDecay != 0)
            {
                grad += settings.WeightDecay * parameters[i];
            }

            _squareAvg[i] = (_squareAvg[i] * rho) + ((1 - rho) * grad * grad);
            var std = Math.Sqrt(_squareAvg[i] + eps);
            var delta = Math.Sqrt(_accDelta[i] + eps) / std * grad;
            _accDelta[i] = (_accDelta[i] * rho) + ((1 - rho) * delta * delta);
            parameters[i] += -LearningRate * delta;
        }
    }
}
