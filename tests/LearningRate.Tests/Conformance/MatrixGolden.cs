using System.Text.Json;

namespace LearningRate.Tests.Conformance;

/// <summary>
/// A golden of <c>Golden/Matrix</c>: its optimizer kwargs, the shape the optimizer sees (none for a vector), and the
/// problem's gradient as the golden's README defines it (quad, or least squares b‖AW − B‖²_F with noise), every sum in
/// index order from 0.
/// </summary>
public sealed class MatrixGolden
{
    private readonly double[] _a;
    private readonly double[] _c;
    private readonly double _b;
    private readonly double[][] _noise;
    private readonly bool _leastSquares;

    private MatrixGolden(JsonElement root)
    {
        var problem = root.GetProperty("problem");
        Optimizer = root.GetProperty("optimizer");
        Shape = problem.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Array ? [.. shape.EnumerateArray().Select(d => d.GetInt32())] : null;
        _a = Doubles(problem.GetProperty("a"));
        _c = Doubles(problem.GetProperty("c"));
        _b = problem.GetProperty("b").GetDouble();
        X0 = Doubles(problem.GetProperty("x0"));
        _noise = [.. problem.GetProperty("noise").EnumerateArray().Select(Doubles)];
        _leastSquares = problem.GetProperty("name").GetString() == "lstsq";
        Trajectory = [.. root.GetProperty("trajectory").EnumerateArray().Select(Doubles)];
    }

    public JsonElement Optimizer { get; }

    public int[]? Shape { get; }

    public double[] X0 { get; }

    public double[][] Trajectory { get; }

    public static MatrixGolden Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenCase.Directory, "Matrix", name + ".json")));
        return new MatrixGolden(document.RootElement.Clone());
    }

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>Writes the gradient of step <paramref name="t"/> at <paramref name="x"/> into <paramref name="g"/>.</summary>
    public void Gradient(double[] x, int t, double[] g)
    {
        if (!_leastSquares)
        {
            for (var i = 0; i < x.Length; i++)
            {
                g[i] = (2.0 * _a[i] * (x[i] - _c[i])) + (_b * Math.Cos(x[i])) + _noise[t][i];
            }

            return;
        }

        // R = AW − B, g = 2b·AᵀR + noise; W is n×k, A m×n, B m×k.
        int n = Shape![0], k = Shape[1], m = _a.Length / n;
        var residual = new double[m * k];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var sum = 0.0;
                for (var l = 0; l < n; l++)
                {
                    sum += _a[(i * n) + l] * x[(l * k) + j];
                }

                residual[(i * k) + j] = sum - _c[(i * k) + j];
            }
        }

        for (var l = 0; l < n; l++)
        {
            for (var j = 0; j < k; j++)
            {
                var sum = 0.0;
                for (var i = 0; i < m; i++)
                {
                    sum += _a[(i * n) + l] * residual[(i * k) + j];
                }

                g[(l * k) + j] = (2.0 * _b * sum) + _noise[t][(l * k) + j];
            }
        }
    }

    /// <summary>Runs the golden's loop with <paramref name="step"/> over x and its gradient; returns the largest |x − expected| / max(1, |expected|).</summary>
    public double Replay<T>(T[] x, T[] gradient, Action step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var worst = 0.0;
        var point = new double[x.Length];
        var g = new double[x.Length];
        for (var t = 0; t < Trajectory.Length; t++)
        {
            for (var i = 0; i < x.Length; i++)
            {
                point[i] = double.CreateTruncating(x[i]);
            }

            Gradient(point, t, g);
            for (var i = 0; i < x.Length; i++)
            {
                gradient[i] = T.CreateTruncating(g[i]);
            }

            step();
            for (var i = 0; i < x.Length; i++)
            {
                var expected = Trajectory[t][i];
                worst = Math.Max(worst, Math.Abs(double.CreateTruncating(x[i]) - expected) / Math.Max(1, Math.Abs(expected)));
            }
        }

        return worst;
    }
}
