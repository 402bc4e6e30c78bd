using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>
/// Gradient accumulation over Half and bfloat16 gradients: the weighted sums are kept in float, the mean divided in float
/// and rounded to the gradient's type once, so small micro-batch gradients are not lost in a 16-bit running sum.
/// </summary>
public class GradientAccumulatorReducedPrecisionTests
{
    [Fact]
    public void WeightedMean_IsSummedInFloat_AndRoundedOnce()
    {
        var gradient = new BFloat16[3];
        var value = new BFloat16[] { BFloat16.One, BFloat16.One, BFloat16.One };
        var optimizer = new StorageSgd<BFloat16>(0.5).Add("w", value, gradient);
        var accumulator = new GradientAccumulator<BFloat16>(optimizer, microBatches: 3);
        float[][] batches = [[1f, 0.01f, -3f], [2f, 0.01f, 1f], [0.5f, 0.01f, 7f]];
        double[] weights = [1, 2, 5];

        var sum = new float[3];
        for (var k = 0; k < 3; k++)
        {
            for (var i = 0; i < 3; i++)
            {
                gradient[i] = (BFloat16)batches[k][i];
                sum[i] = k == 0 ? (float)gradient[i] * (float)weights[k] : ((float)gradient[i] * (float)weights[k]) + sum[i];
            }

            accumulator.Accumulate(weights[k]).Status.Should().Be(k < 2 ? StepStatus.Deferred : StepStatus.Applied);
        }

        var mean = sum.Select(s => (BFloat16)(s / 8f)).ToArray();
        gradient.Should().Equal(mean);
        value.Should().Equal(mean.Select(g => (BFloat16)(1 - (0.5 * (double)g))));
        optimizer.StepCount.Should().Be(1);
    }

    [Fact]
    public void SmallParts_SurviveTheFloatSum()
    {
        // 256 micro-batches of 1 + 2⁻⁷: in a bfloat16 running sum the 2⁻⁷ parts are lost once the sum passes 2 (its unit
        // there is already 2⁻⁶), and the mean would come out as 1; the float sum is exactly 258 and the mean 1 + 2⁻⁷.
        var gradient = new BFloat16[1];
        var optimizer = new StorageSgd<BFloat16>(0).Add("w", new BFloat16[1], gradient);
        var accumulator = new GradientAccumulator<BFloat16>(optimizer, microBatches: 256);
        var part = (BFloat16)(1 + Math.ScaleB(1, -7));
        for (var k = 0; k < 256; k++)
        {
            gradient[0] = part;
            accumulator.Accumulate();
        }

        gradient[0].Should().Be(part);
    }

    [Fact]
    public void MaxGradientNorm_ClipsTheHalfMean()
    {
        var gradient = new Half[2];
        var optimizer = new StorageSgd<Half>(0).Add("w", new Half[2], gradient);
        var accumulator = new GradientAccumulator<Half>(optimizer, microBatches: 2) { MaxGradientNorm = 1 };
        gradient[0] = (Half)3;
        gradient[1] = (Half)4;
        accumulator.Accumulate();
        gradient[0] = (Half)3;
        gradient[1] = (Half)4;
        accumulator.Accumulate();
        var c = (float)(1 / (5 + 1e-6));
        gradient.Should().Equal((Half)(3f * c), (Half)(4f * c));
    }

    [Fact]
    public void UnsupportedElementType_Throws()
    {
        var act = () => new GradientAccumulator<System.Runtime.InteropServices.NFloat>(new StorageSgd<System.Runtime.InteropServices.NFloat>(1), 2);
        act.Should().Throw<NotSupportedException>();
    }
}
