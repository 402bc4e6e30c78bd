using LearningRate.Optimizers;

namespace LearningRate.Tests.Reference;

/// <summary>torch.optim.Adagrad, single-tensor path, transcribed line by line (plus the Keras/Optax ε-inside-root switch).</summary>
public sealed class AdaGradReference : IReferenceOptimizer
{
    private readonly AdaGradOptions _options;
    private readonly double[] _sum;
    private int _step;

    public AdaGradReference(AdaGradOptions options, int length)
    {
        _options = options;
        _sum = new double[length];
        Array.Fill(_sum, options.InitialAccumulatorValue);
    }

    public void Step(double[] parameters, double[] gradients)
    {
        _step++;
        var clr = _options.LearningRate / (1 + ((_step - 1) * _options.LearningRateDecay));
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = _options.Maximize ? -gradients[i] : gradients[i];
            if (_options.WeightDecay != 0)
            {
                grad += _options.WeightDecay * parameters[i];
            }

            _sum[i] += grad * grad;
            var std = _options.EpsilonInsideRoot ? Math.Sqrt(_sum[i] + _options.Epsilon) : Math.Sqrt(_sum[i]) + _options.Epsilon;
            parameters[i] -= clr * (grad / std);
        }
    }
}
