namespace LearningRate.Tests.Reference;

/// <summary>
/// torch.optim.Adafactor's <c>_single_tensor_adafactor</c> transcribed by hand, one plain loop per tensor operation,
/// in the element type; ‖θ‖² summed in the library's fixed double order (<see cref="SquareSumReference"/>), the other
/// norms and means in double in index order (as the kernel documents), each norm rounded to the element type before it
/// is squared.
/// </summary>
public sealed class AdafactorReference<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _shape;
    private readonly T[] _row;
    private readonly T[] _column;
    private readonly T[] _variance;
    private long _step;

    public AdafactorReference(int[] shape)
    {
        _shape = shape;
        var n = shape.Aggregate(1, (a, b) => a * b);
        var factored = shape.Length >= 2;
        _row = new T[factored ? shape[..^1].Aggregate(1, (a, b) => a * b) : 0];
        _column = new T[factored ? shape[..^2].Aggregate(1, (a, b) => a * b) * shape[^1] : 0];
        _variance = new T[factored ? 0 : n];
    }

    public double LearningRate { get; init; } = 1e-2;

    public double Beta2Decay { get; init; } = -0.8;

    public double? Epsilon1 { get; init; }

    public double Epsilon2 { get; init; } = 1e-3;

    public double D { get; init; } = 1;

    public double WeightDecay { get; init; }

    public bool Maximize { get; init; }

    public void Step(T[] theta, T[] gradient)
    {
        var n = theta.Length;
        if (n == 0)
        {
            return;
        }

        var grad = gradient.Select(g => Maximize ? -g : g).ToArray();
        _step++;
        var t = (double)_step;
        var weight = T.CreateTruncating(Math.Pow(t, Beta2Decay));
        var rho = Math.Min(LearningRate, 1 / Math.Sqrt(t));
        var eps1 = Epsilon1 ?? (typeof(T) == typeof(float) ? 1.1920928955078125e-07 : 2.220446049250313e-16);
        var alpha = Math.Max(Epsilon2, Math.Sqrt(SquareSumReference.Of<T>(theta)) / Math.Sqrt(n)) * rho;
        if (WeightDecay != 0)
        {
            var decay = T.CreateTruncating(1 - (LearningRate * WeightDecay));
            for (var e = 0; e < n; e++)
            {
                theta[e] *= decay;
            }
        }

        var estimate = new T[n];
        if (_shape.Length >= 2)
        {
            int rows = _shape[^2], columns = _shape[^1], matrix = rows * columns;
            for (var b = 0; b < n / matrix; b++)
            {
                for (var i = 0; i < rows; i++)
                {
                    var rowMean = Square(SumOfSquares(Enumerable.Range(0, columns).Select(j => grad[(b * matrix) + (i * columns) + j]))) / T.CreateTruncating(columns);
                    _row[(b * rows) + i] = Lerp(_row[(b * rows) + i], rowMean, weight);
                }

                for (var j = 0; j < columns; j++)
                {
                    var columnMean = Square(SumOfSquares(Enumerable.Range(0, rows).Select(i => grad[(b * matrix) + (i * columns) + j]))) / T.CreateTruncating(rows);
                    _column[(b * columns) + j] = Lerp(_column[(b * columns) + j], columnMean, weight);
                }

                var mean = 0.0;
                for (var i = 0; i < rows; i++)
                {
                    mean += double.CreateTruncating(_row[(b * rows) + i]);
                }

                var divisor = T.Max(T.CreateTruncating(mean) / T.CreateTruncating(rows), T.CreateTruncating(eps1));
                for (var i = 0; i < rows; i++)
                {
                    for (var j = 0; j < columns; j++)
                    {
                        estimate[(b * matrix) + (i * columns) + j] = _row[(b * rows) + i] * _column[(b * columns) + j] / divisor;
                    }
                }
            }
        }
        else
        {
            for (var e = 0; e < n; e++)
            {
                _variance[e] = Lerp(_variance[e], grad[e] * grad[e], weight);
                estimate[e] = _variance[e];
            }
        }

        var update = new T[n];
        for (var e = 0; e < n; e++)
        {
            update[e] = T.One / T.Sqrt(T.Max(estimate[e], T.CreateTruncating(eps1 * eps1))) * grad[e];
        }

        var denominator = Math.Max(1, Math.Sqrt(SumOfSquares(update)) / (Math.Sqrt(n) * D));
        var step = T.CreateTruncating(-alpha / denominator);
        for (var e = 0; e < n; e++)
        {
            theta[e] += step * update[e];
        }
    }

    private static double SumOfSquares(IEnumerable<T> values) => values.Aggregate(0.0, (sum, v) => sum + (double.CreateTruncating(v) * double.CreateTruncating(v)));

    private static T Square(double sumOfSquares)
    {
        var norm = T.CreateTruncating(Math.Sqrt(sumOfSquares));
        return norm * norm;
    }

    private static T Lerp(T start, T end, T weight) =>
        T.Abs(weight) < T.CreateTruncating(0.5) ? start + (weight * (end - start)) : end - ((end - start) * (T.One - weight));
}
