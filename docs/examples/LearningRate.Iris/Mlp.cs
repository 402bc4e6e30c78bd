using LearningRate.Optimizers;

namespace LearningRate.Iris;

/// <summary>
/// A 4-H-3 perceptron: tanh hidden units, a softmax output and the mean cross-entropy loss, written out with plain
/// arrays. The weights and their gradients are double[] buffers that the optimizer updates in place.
/// </summary>
internal sealed class Mlp
{
    private const int Inputs = IrisData.Features;
    private const int Outputs = 3;

    private readonly int _hidden;
    private readonly double[] _w1;
    private readonly double[] _b1;
    private readonly double[] _w2;
    private readonly double[] _b2;
    private readonly double[] _gw1;
    private readonly double[] _gb1;
    private readonly double[] _gw2;
    private readonly double[] _gb2;

    public Mlp(int hidden, int seed)
    {
        _hidden = hidden;
        var random = new Random(seed);

        // Glorot-uniform weights, zero biases: the usual start for tanh units.
        _w1 = Glorot(Inputs, hidden, random);
        _b1 = new double[hidden];
        _w2 = Glorot(hidden, Outputs, random);
        _b2 = new double[Outputs];
        _gw1 = new double[_w1.Length];
        _gb1 = new double[hidden];
        _gw2 = new double[_w2.Length];
        _gb2 = new double[Outputs];
    }

    /// <summary>Gets the parameters by name, for comparing two models bit for bit.</summary>
    public IEnumerable<(string Name, double[] Values)> Parameters => [("w1", _w1), ("b1", _b1), ("w2", _w2), ("b2", _b2)];

    /// <summary>Registers the four parameter buffers, with their gradient buffers, under stable names (a checkpoint matches them by name).</summary>
    public TOptimizer Register<TOptimizer, TOptions>(TOptimizer optimizer)
        where TOptimizer : Optimizer<double, TOptions>
        where TOptions : OptimizerOptions
    {
        optimizer.Add("w1", _w1, _gw1);
        optimizer.Add("b1", _b1, _gb1);
        optimizer.Add("w2", _w2, _gw2);
        optimizer.Add("b2", _b2, _gb2);
        return optimizer;
    }

    /// <summary>Computes the mean cross-entropy over <paramref name="rows"/> and, when asked, writes its gradient.</summary>
    public double Loss(IrisData data, ReadOnlySpan<int> rows, bool backward)
    {
        if (backward)
        {
            Array.Clear(_gw1);
            Array.Clear(_gb1);
            Array.Clear(_gw2);
            Array.Clear(_gb2);
        }

        Span<double> hidden = stackalloc double[_hidden];
        Span<double> delta = stackalloc double[Outputs];
        var loss = 0.0;
        foreach (var row in rows)
        {
            var x = data.X.AsSpan(row * Inputs, Inputs);
            var label = data.Labels[row];
            Forward(x, hidden, delta);   // delta holds the logits for now

            // Softmax with the maximum subtracted, so exp never overflows; then delta = p − onehot(label).
            var max = Math.Max(delta[0], Math.Max(delta[1], delta[2]));
            var sum = 0.0;
            for (var k = 0; k < Outputs; k++)
            {
                sum += Math.Exp(delta[k] - max);
            }

            loss += Math.Log(sum) + max - delta[label];
            if (!backward)
            {
                continue;
            }

            for (var k = 0; k < Outputs; k++)
            {
                delta[k] = ((Math.Exp(delta[k] - max) / sum) - (k == label ? 1 : 0)) / rows.Length;
            }

            for (var j = 0; j < _hidden; j++)
            {
                var back = 0.0;
                for (var k = 0; k < Outputs; k++)
                {
                    _gw2[(j * Outputs) + k] += hidden[j] * delta[k];
                    back += _w2[(j * Outputs) + k] * delta[k];
                }

                back *= 1 - (hidden[j] * hidden[j]);   // tanh' = 1 − tanh²
                _gb1[j] += back;
                for (var i = 0; i < Inputs; i++)
                {
                    _gw1[(i * _hidden) + j] += x[i] * back;
                }
            }

            for (var k = 0; k < Outputs; k++)
            {
                _gb2[k] += delta[k];
            }
        }

        return loss / rows.Length;
    }

    /// <summary>Returns the mean cross-entropy over every row, without touching the gradients.</summary>
    public double Loss(IrisData data) => Loss(data, Enumerable.Range(0, data.Count).ToArray(), backward: false);

    /// <summary>Returns the fraction of rows whose most probable class is the label.</summary>
    public double Accuracy(IrisData data)
    {
        Span<double> hidden = stackalloc double[_hidden];
        Span<double> logits = stackalloc double[Outputs];
        var correct = 0;
        for (var row = 0; row < data.Count; row++)
        {
            Forward(data.X.AsSpan(row * Inputs, Inputs), hidden, logits);
            var best = 0;
            for (var k = 1; k < Outputs; k++)
            {
                best = logits[k] > logits[best] ? k : best;
            }

            correct += best == data.Labels[row] ? 1 : 0;
        }

        return (double)correct / data.Count;
    }

    private void Forward(ReadOnlySpan<double> x, Span<double> hidden, Span<double> logits)
    {
        for (var j = 0; j < _hidden; j++)
        {
            var z = _b1[j];
            for (var i = 0; i < Inputs; i++)
            {
                z += x[i] * _w1[(i * _hidden) + j];
            }

            hidden[j] = Math.Tanh(z);
        }

        for (var k = 0; k < Outputs; k++)
        {
            var z = _b2[k];
            for (var j = 0; j < _hidden; j++)
            {
                z += hidden[j] * _w2[(j * Outputs) + k];
            }

            logits[k] = z;
        }
    }

    private static double[] Glorot(int rows, int columns, Random random)
    {
        var limit = Math.Sqrt(6.0 / (rows + columns));
        return [.. Enumerable.Range(0, rows * columns).Select(_ => ((2 * random.NextDouble()) - 1) * limit)];
    }
}
