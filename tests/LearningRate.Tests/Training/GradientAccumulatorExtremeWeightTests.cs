using LearningRate.Optimizers;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// Weights that are finite doubles but overflow or underflow the element type (or whose sum overflows a double)
/// still give the weighted mean: only the ratios of the weights matter.
/// </summary>
public class GradientAccumulatorExtremeWeightTests
{
    public static TheoryData<double[]> ExtremeWeights() => new()
    {
        new[] { 1e39 },
        new[] { 1e-46 },
        new[] { 1e308, 1e308 },
        new[] { 1e39, 1e39, 3e39 },
        new[] { 1e-46, 2e-46 },
        new[] { 1e-300, 1e300 },
        new[] { 1e300, 1e-300, 1e300 },
        new[] { double.MaxValue, double.Epsilon, double.MaxValue },
    };

    [Theory]
    [MemberData(nameof(ExtremeWeights))]
    public void FloatAccumulator_GivesTheWeightedMean_NotANonFiniteSkip(double[] weights)
    {
        const int Length = 7;
        var random = new Random(3);
        var value = new float[Length];
        var gradient = new float[Length];
        var adam = new Adam<float>();
        adam.Add("p", value, gradient);
        var accumulator = new GradientAccumulator<float>(adam, weights.Length);
        var gradients = new float[weights.Length][];
        StepReport report = default;
        for (var k = 0; k < weights.Length; k++)
        {
            gradients[k] = [.. Enumerable.Range(0, Length).Select(_ => (float)((random.NextDouble() * 2) - 1))];
            gradients[k].CopyTo(gradient, 0);
            report = accumulator.Accumulate(weights[k]);
        }

        report.Status.Should().Be(StepStatus.Applied);
        adam.StepCount.Should().Be(1);
        for (var i = 0; i < Length; i++)
        {
            gradient[i].Should().BeApproximately((float)Mean(weights, gradients, i), 4e-7f * Math.Max(1, Math.Abs(gradient[i])), $"element {i} is the weighted mean");
        }
    }

    [Fact]
    public void DoubleAccumulator_WeightsWhoseSumOverflows_GiveTheMean()
    {
        double[] gradient = [0];
        var adam = new Adam<double>();
        adam.Add("p", new double[1], gradient);
        var accumulator = new GradientAccumulator<double>(adam, 2);
        gradient[0] = 2;
        accumulator.Accumulate(1e308);
        gradient[0] = 4;
        accumulator.Accumulate(1e308).Status.Should().Be(StepStatus.Applied);
        gradient[0].Should().Be(3, "equal weights give the plain average, however large");
    }

    /// <summary>Σ wₖ·gₖ / Σ wₖ with every weight divided by the largest first, in double: an independent reference.</summary>
    private static double Mean(double[] weights, float[][] gradients, int i)
    {
        var largest = weights.Max();
        double sum = 0, total = 0;
        for (var k = 0; k < weights.Length; k++)
        {
            var w = weights[k] / largest;
            sum += w * gradients[k][i];
            total += w;
        }

        return sum / total;
    }
}
