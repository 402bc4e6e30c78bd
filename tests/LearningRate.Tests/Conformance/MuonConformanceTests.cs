using System.Text.Json;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Conformance;

/// <summary>
/// Muon replays the float64 runs of torch.optim.Muon's algorithm (<c>Golden/Matrix</c>): quad seen as a 2×4 matrix
/// (wide: no transpose, γ' = γ) and least squares with a 6×4 W (tall: the iteration runs on Wᵀ, γ' = γ·√1.5). Measured
/// worst relative errors over 300 steps: below 1e-15 in double; 4.5e-6 (quad) and 2.5e-6 (lstsq) in float.
/// </summary>
public class MuonConformanceTests
{
    [Theory]
    [InlineData("quad__muon_default", 1e-14, 1e-5)]
    [InlineData("lstsq__muon_default", 1e-14, 1e-5)]
    public void Muon_FollowsTheGolden(string name, double doubleTolerance, double floatTolerance)
    {
        Replay<double>(name).Should().BeLessThan(doubleTolerance);
        Replay<float>(name).Should().BeLessThan(floatTolerance);
    }

    /// <summary>Runs the golden's loop and returns the largest |x − expected| / max(1, |expected|) over the trajectory.</summary>
    private static double Replay<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenCase.Directory, "Matrix", name + ".json")));
        var root = document.RootElement;
        var problem = root.GetProperty("problem");
        var kwargs = root.GetProperty("optimizer");
        var shape = Doubles(problem.GetProperty("shape")).Select(d => (int)d).ToArray();
        double[] a = Doubles(problem.GetProperty("a")), c = Doubles(problem.GetProperty("c")), x0 = Doubles(problem.GetProperty("x0"));
        var b = problem.GetProperty("b").GetDouble();
        var noise = problem.GetProperty("noise").EnumerateArray().Select(Doubles).ToArray();
        var trajectory = root.GetProperty("trajectory").EnumerateArray().Select(Doubles).ToArray();
        var coefficients = Doubles(kwargs.GetProperty("ns_coefficients"));
        kwargs.GetProperty("adjust_lr_fn").ValueKind.Should().Be(JsonValueKind.Null);

        var muon = new Muon<T>(new MuonOptions
        {
            LearningRate = kwargs.GetProperty("lr").GetDouble(),
            WeightDecay = kwargs.GetProperty("weight_decay").GetDouble(),
            Momentum = kwargs.GetProperty("momentum").GetDouble(),
            Nesterov = kwargs.GetProperty("nesterov").GetBoolean(),
            NsCoefficientA = coefficients[0],
            NsCoefficientB = coefficients[1],
            NsCoefficientC = coefficients[2],
            Epsilon = kwargs.GetProperty("eps").GetDouble(),
            NsSteps = kwargs.GetProperty("ns_steps").GetInt32(),
            AdjustLearningRate = MuonLearningRateAdjustment.Original,
        });
        var x = x0.Select(T.CreateTruncating).ToArray();
        var gradient = new T[x.Length];
        muon.Add("w", x, gradient, shape);
        var worst = 0.0;
        var point = new double[x.Length];
        var g = new double[x.Length];
        for (var t = 0; t < trajectory.Length; t++)
        {
            for (var i = 0; i < x.Length; i++)
            {
                point[i] = double.CreateTruncating(x[i]);
            }

            if (problem.GetProperty("name").GetString() == "lstsq")
            {
                LeastSquaresGradient(a, c, b, point, shape[0], shape[1], noise[t], g);
            }
            else
            {
                for (var i = 0; i < x.Length; i++)
                {
                    g[i] = (2.0 * a[i] * (point[i] - c[i])) + (b * Math.Cos(point[i])) + noise[t][i];
                }
            }

            for (var i = 0; i < x.Length; i++)
            {
                gradient[i] = T.CreateTruncating(g[i]);
            }

            muon.Step();
            for (var i = 0; i < x.Length; i++)
            {
                var expected = trajectory[t][i];
                worst = Math.Max(worst, Math.Abs(double.CreateTruncating(x[i]) - expected) / Math.Max(1, Math.Abs(expected)));
            }
        }

        return worst;
    }

    /// <summary>The golden's lstsq gradient: R = AW − B, g = 2b·AᵀR + noise, every sum in index order from 0.</summary>
    private static void LeastSquaresGradient(double[] a, double[] c, double b, double[] w, int n, int k, double[] noise, double[] g)
    {
        var m = a.Length / n;
        var residual = new double[m * k];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var sum = 0.0;
                for (var l = 0; l < n; l++)
                {
                    sum += a[(i * n) + l] * w[(l * k) + j];
                }

                residual[(i * k) + j] = sum - c[(i * k) + j];
            }
        }

        for (var l = 0; l < n; l++)
        {
            for (var j = 0; j < k; j++)
            {
                var sum = 0.0;
                for (var i = 0; i < m; i++)
                {
                    sum += a[(i * n) + l] * residual[(i * k) + j];
                }

                g[(l * k) + j] = (2.0 * b * sum) + noise[(l * k) + j];
            }
        }
    }

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}
