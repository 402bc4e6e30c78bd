using LearningRate.Optimizers;

namespace LearningRate.Tests.Reference;

/// <summary>torch.optim.SGD, single-tensor path, transcribed line by line (the momentum buffer starts as None).</summary>
public sealed class SgdReference(SgdOptions options, int length) : IReferenceOptimizer
{
    private double[]? _momentumBuffer;

    public void Step(double[] parameters, double[] gradients)
    {
        var lr = options.LearningRate;
        var momentum = options.Momentum;
        var first = _momentumBuffer is null;
        if (momentum != 0)
        {
            _momentumBuffer ??= new double[length];
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = options.Maximize ? -gradients[i] : gradients[i];
            if (options.WeightDecay != 0)
            {
                grad += options.WeightDecay * parameters[i];
            }

            if (momentum != 0)
            {
                if (first)
                {
                    _momentumBuffer![i] = grad;
                }
                else
                {
                    _momentumBuffer![i] = (_momentumBuffer[i] * momentum) + ((1 - options.Dampening) * grad);
                }

                grad = options.Nesterov ? grad + (momentum * _momentumBuffer[i]) : _momentumBuffer[i];
            }

            parameters[i] -= lr * grad;
        }
    }
}
