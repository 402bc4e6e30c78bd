using LearningRate.MathNet;
using LearningRate.Optimizers;
using MathNet.Numerics.LinearAlgebra.Double;

namespace LearningRate.Demo;

/// <summary>
/// A one-hidden-layer perceptron with tanh units and a softmax output, trained by cross-entropy.
/// Its weights are MathNet dense matrices whose storage arrays the optimizer updates in place.
/// </summary>
internal sealed class Mlp
{
    private readonly DenseMatrix _w1;
    private readonly DenseVector _b1;
    private readonly DenseMatrix _w2;
    private readonly DenseVector _b2;
    private readonly DenseMatrix _gw1;
    private readonly DenseVector _gb1;
    private readonly DenseMatrix _gw2;
    private readonly DenseVector _gb2;

    public Mlp(int inputs, int hidden, int outputs, int seed)
    {
        var random = new Random(seed);

        // Glorot-uniform weights, zero biases: the usual start for tanh units.
        _w1 = Glorot(inputs, hidden, random);
        _b1 = new DenseVector(hidden);
        _w2 = Glorot(hidden, outputs, random);
        _b2 = new DenseVector(outputs);
        _gw1 = new DenseMatrix(inputs, hidden);
        _gb1 = new DenseVector(hidden);
        _gw2 = new DenseMatrix(hidden, outputs);
        _gb2 = new DenseVector(outputs);
        Inputs = inputs;
    }

    public int Inputs { get; }

    /// <summary>Registers the four weight tensors with an optimizer: the MathNet adapter hands it their storage, no copy.</summary>
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

    /// <summary>Computes the mean cross-entropy of a batch and, when asked, writes its gradient.</summary>
    public double Loss(double[] x, int[] labels, ReadOnlySpan<int> rows, bool backward)
    {
        var batch = BatchMatrix(x, rows);
        var hidden = batch * _w1;
        for (var r = 0; r < hidden.RowCount; r++)
        {
            for (var c = 0; c < hidden.ColumnCount; c++)
            {
                hidden[r, c] = Math.Tanh(hidden[r, c] + _b1[c]);
            }
        }

        var logits = hidden * _w2;
        var loss = 0.0;
        var delta = DenseMatrix.Create(rows.Length, _w2.ColumnCount, 0);
        for (var r = 0; r < rows.Length; r++)
        {
            // Softmax with the maximum subtracted, so exp never overflows.
            var max = double.NegativeInfinity;
            for (var c = 0; c < logits.ColumnCount; c++)
            {
                logits[r, c] += _b2[c];
                max = Math.Max(max, logits[r, c]);
            }

            var sum = 0.0;
            for (var c = 0; c < logits.ColumnCount; c++)
            {
                sum += Math.Exp(logits[r, c] - max);
            }

            var label = labels[rows[r]];
            loss += Math.Log(sum) + max - logits[r, label];
            for (var c = 0; c < logits.ColumnCount; c++)
            {
                var p = Math.Exp(logits[r, c] - max) / sum;
                delta[r, c] = (p - (c == label ? 1 : 0)) / rows.Length;
            }
        }

        if (backward)
        {
            hidden.TransposeThisAndMultiply(delta, _gw2);
            delta.ColumnSums().CopyTo(_gb2);
            var back = delta.TransposeAndMultiply(_w2);
            for (var r = 0; r < back.RowCount; r++)
            {
                for (var c = 0; c < back.ColumnCount; c++)
                {
                    var h = hidden[r, c];
                    back[r, c] *= 1 - (h * h);
                }
            }

            batch.TransposeThisAndMultiply(back, _gw1);
            back.ColumnSums().CopyTo(_gb1);
        }

        return loss / rows.Length;
    }

    /// <summary>Returns the fraction of rows whose most probable class is the label.</summary>
    public double Accuracy(double[] x, int[] labels)
    {
        var rows = Enumerable.Range(0, labels.Length).ToArray();
        var hidden = BatchMatrix(x, rows) * _w1;
        hidden.MapIndexedInplace((_, c, v) => Math.Tanh(v + _b1[c]));
        var logits = hidden * _w2;
        var correct = 0;
        for (var r = 0; r < rows.Length; r++)
        {
            var best = 0;
            for (var c = 1; c < logits.ColumnCount; c++)
            {
                if (logits[r, c] + _b2[c] > logits[r, best] + _b2[best])
                {
                    best = c;
                }
            }

            correct += best == labels[r] ? 1 : 0;
        }

        return (double)correct / rows.Length;
    }

    private DenseMatrix BatchMatrix(double[] x, ReadOnlySpan<int> rows)
    {
        var batch = new DenseMatrix(rows.Length, Inputs);
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < Inputs; c++)
            {
                batch[r, c] = x[(rows[r] * Inputs) + c];
            }
        }

        return batch;
    }

    private static DenseMatrix Glorot(int rows, int columns, Random random)
    {
        var limit = Math.Sqrt(6.0 / (rows + columns));
        return DenseMatrix.Create(rows, columns, (_, _) => ((2 * random.NextDouble()) - 1) * limit);
    }
}
