using System.Text.Json;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Conformance;

/// <summary>
/// Adafactor replays the float64 runs of torch.optim.Adafactor (<c>Golden/Matrix</c>): quad as a vector (unfactored) and
/// least squares with a 6×4 W (factored rows and columns).
/// </summary>
public class AdafactorConformanceTests
{
    [Theory]
    [InlineData("quad__adafactor_default", 1e-13, 1e-5)]
    [InlineData("lstsq__adafactor_default", 1e-13, 1e-5)]
    public void Adafactor_FollowsTheGolden(string name, double doubleTolerance, double floatTolerance)
    {
        var golden = MatrixGolden.Load(name);
        Replay<double>(golden).Should().BeLessThan(doubleTolerance);
        Replay<float>(golden).Should().BeLessThan(floatTolerance);
    }

    private static double Replay<T>(MatrixGolden golden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kwargs = golden.Optimizer;
        var eps = kwargs.GetProperty("eps");
        var adafactor = new Adafactor<T>(new AdafactorOptions
        {
            LearningRate = kwargs.GetProperty("lr").GetDouble(),
            Beta2Decay = kwargs.GetProperty("beta2_decay").GetDouble(),
            Epsilon1 = eps[0].ValueKind == JsonValueKind.Null ? null : eps[0].GetDouble(),
            Epsilon2 = eps[1].GetDouble(),
            D = kwargs.GetProperty("d").GetDouble(),
            WeightDecay = kwargs.GetProperty("weight_decay").GetDouble(),
            Maximize = kwargs.GetProperty("maximize").GetBoolean(),
        });
        var x = golden.X0.Select(T.CreateTruncating).ToArray();
        var gradient = new T[x.Length];
        if (golden.Shape is { } shape)
        {
            adafactor.Add("w", x, gradient, shape);
        }
        else
        {
            adafactor.Add("w", x, gradient);
        }

        return golden.Replay(x, gradient, () => adafactor.Step());
    }
}
