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
        var golden = MatrixGolden.Load(name);
        Replay<double>(golden).Should().BeLessThan(doubleTolerance);
        Replay<float>(golden).Should().BeLessThan(floatTolerance);
    }

    private static double Replay<T>(MatrixGolden golden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kwargs = golden.Optimizer;
        var coefficients = MatrixGolden.Doubles(kwargs.GetProperty("ns_coefficients"));
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
        var x = golden.X0.Select(T.CreateTruncating).ToArray();
        var gradient = new T[x.Length];
        muon.Add("w", x, gradient, golden.Shape!);
        return golden.Replay(x, gradient, () => muon.Step());
    }
}
