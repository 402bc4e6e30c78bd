using LearningRate.Optimizers;

namespace LearningRate.Tests.Reference;

/// <summary>torch.optim.Adam / AdamW, single-tensor path, transcribed line by line.</summary>
public sealed class AdamReference(AdamOptions options, int length) : IReferenceOptimizer
{
    private readonly double[] _expAvg = new double[length];
    private readonly double[] _expAvgSq = new double[length];
    private readonly double[] _maxExpAvgSq = new double[length];
    private int _step;

    public void Step(double[] parameters, double[] gradients)
    {
        _step++;
        var lr = options.LearningRate;
        var bias1 = 1 - Math.Pow(options.Beta1, _step);
        var bias2 = 1 - Math.Pow(options.Beta2, _step);
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = options.Maximize ? -gradients[i] : gradients[i];
            if (options.DecoupledWeightDecay)
            {
                parameters[i] *= 1 - (lr * options.WeightDecay);
            }
            else if (options.WeightDecay != 0)
            {
                grad += options.WeightDecay * parameters[i];
            }

            _expAvg[i] += (grad - _expAvg[i]) * (1 - options.Beta1);
            _expAvgSq[i] = (_expAvgSq[i] * options.Beta2) + ((1 - options.Beta2) * grad * grad);
            var second = _expAvgSq[i];
            if (options.AmsGrad)
            {
                _maxExpAvgSq[i] = Math.Max(_maxExpAvgSq[i], _expAvgSq[i]);
                second = _maxExpAvgSq[i];
            }

            var denominator = (Math.Sqrt(second) / Math.Sqrt(bias2)) + options.Epsilon;
            parameters[i] -= lr / bias1 * _expAvg[i] / denominator;
        }
    }
}
