namespace LearningRate.Tests.Reference;

/// <summary>
/// torch.optim.Adam (single-tensor path, no weight decay) with the lr and β1 of each step passed in, as a
/// scheduler with <c>cycle_momentum</c> leaves them in the param group: the moment update uses the step's β1 and
/// the bias correction <c>1 − β1^t</c> uses it too, exactly as PyTorch reads <c>group["betas"]</c> at every step.
/// </summary>
public sealed class ScheduledAdamReference(int length, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly double[] _expAvg = new double[length];
    private readonly double[] _expAvgSq = new double[length];
    private int _step;

    public void Step(double[] parameters, double[] gradients, double lr, double beta1)
    {
        _step++;
        var bias1 = 1 - Math.Pow(beta1, _step);
        var bias2 = 1 - Math.Pow(beta2, _step);
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = gradients[i];
            _expAvg[i] += (grad - _expAvg[i]) * (1 - beta1);
            _expAvgSq[i] = (_expAvgSq[i] * beta2) + ((1 - beta2) * grad * grad);
            var denominator = (Math.Sqrt(_expAvgSq[i]) / Math.Sqrt(bias2)) + epsilon;
            parameters[i] -= lr / bias1 * _expAvg[i] / denominator;
        }
    }
}
