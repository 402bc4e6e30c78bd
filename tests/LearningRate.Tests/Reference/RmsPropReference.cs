using LearningRate.Optimizers;

namespace LearningRate.Tests.Reference;

/// <summary>torch.optim.RMSprop, single-tensor path, transcribed line by line (plus the Keras/Optax ε-inside-root switch).</summary>
public sealed class RmsPropReference(RmsPropOptions options, int length) : IReferenceOptimizer
{
    private readonly double[] _squareAvg = new double[length];
    private readonly double[] _gradAvg = new double[length];
    private readonly double[] _momentumBuffer = new double[length];

    public void Step(double[] parameters, double[] gradients)
    {
        var alpha = options.Alpha;
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = options.Maximize ? -gradients[i] : gradients[i];
            if (options.WeightDecay != 0)
            {
                grad += options.WeightDecay * parameters[i];
            }

            _squareAvg[i] = (_squareAvg[i] * alpha) + ((1 - alpha) * grad * grad);
            var variance = _squareAvg[i];
            if (options.Centered)
            {
                _gradAvg[i] += (grad - _gradAvg[i]) * (1 - alpha);
                variance -= _gradAvg[i] * _gradAvg[i];
            }

            // PyTorch: sqrt(v) + eps; Keras and Optax (eps_in_sqrt): sqrt(v + eps).
            var avg = options.EpsilonInsideRoot ? Math.Sqrt(variance + options.Epsilon) : Math.Sqrt(variance) + options.Epsilon;
            if (options.Momentum > 0)
            {
                _momentumBuffer[i] = (_momentumBuffer[i] * options.Momentum) + (grad / avg);
                parameters[i] -= options.LearningRate * _momentumBuffer[i];
            }
            else
            {
                parameters[i] -= options.LearningRate * (grad / avg);
            }
        }
    }
}
