using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Optimizers;
using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>Accumulation gives the weighted mean of the micro-batch gradients, and one update per real batch.</summary>
public class GradientAccumulatorTests
{
    public static TheoryData<string> Cases() => OptimizerCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneMicroBatch_IsBitIdenticalToPlainSteps(string name)
    {
        Check<float>(OptimizerCases.All[name]);
        Check<double>(OptimizerCases.All[name]);

        static void Check<T>(OptimizerCase @case)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(11);
            var start = TestData.Uniform<T>(random, 37, -1, 1);
            T[] plainValue = start.ToArray(), accumulatedValue = start.ToArray();
            T[] plainGradient = new T[37], accumulatedGradient = new T[37];
            var plain = @case.Create<T>(plainValue, plainGradient);
            var accumulated = @case.Create<T>(accumulatedValue, accumulatedGradient);
            var accumulator = new GradientAccumulator<T>(accumulated, 1);
            for (var step = 0; step < 5; step++)
            {
                var g = TestData.Uniform<T>(random, 37, -1, 1);
                g.CopyTo(plainGradient, 0);
                g.CopyTo(accumulatedGradient, 0);
                plain.Step();
                accumulator.Accumulate().Status.Should().Be(StepStatus.Applied);
            }

            OptimizerSnapshot.Of<T>(accumulated).Should().Be(OptimizerSnapshot.Of<T>(plain));
        }
    }

    [Fact]
    public void WeightedMicroBatches_GiveTheWeightedMean_AndOneStepPerBatch()
    {
        Check<float>();
        Check<double>();

        static void Check<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(5);
            const int Length = 45;
            var start = TestData.Uniform<T>(random, Length, -1, 1);
            T[] value = start.ToArray(), gradient = new T[Length];
            T[] referenceValue = start.ToArray(), referenceGradient = new T[Length];
            var options = new AdamOptions { LearningRate = 0.01 };
            var optimizer = new Adam<T>(options);
            optimizer.Add("p", value, gradient);
            var reference = new Adam<T>(options);
            reference.Add("p", referenceValue, referenceGradient);
            var accumulator = new GradientAccumulator<T>(optimizer, 3);
            double[] weights = [32, 32, 17];
            for (var batch = 0; batch < 4; batch++)
            {
                var sum = new T[Length];
                for (var k = 0; k < 3; k++)
                {
                    var g = TestData.Uniform<T>(random, Length, -1, 1);
                    g.CopyTo(gradient, 0);
                    var w = T.CreateTruncating(weights[k]);
                    for (var i = 0; i < Length; i++)
                    {
                        // S ← wₖ·gₖ + S, two roundings, as the accumulator documents.
                        sum[i] = k == 0 ? w * g[i] : (w * g[i]) + sum[i];
                    }

                    var report = accumulator.Accumulate(weights[k]);
                    report.Status.Should().Be(k == 2 ? StepStatus.Applied : StepStatus.Deferred);
                    optimizer.StepCount.Should().Be(k == 2 ? batch + 1 : batch);
                }

                var total = T.CreateTruncating(81.0);
                for (var i = 0; i < Length; i++)
                {
                    referenceGradient[i] = sum[i] / total;
                }

                reference.Step();
                accumulator.Pending.Should().Be(0);
            }

            OptimizerSnapshot.Of<T>(optimizer).Should().Be(OptimizerSnapshot.Of<T>(reference));
        }
    }

    [Fact]
    public void Flush_AppliesAPartialBatch_AndDoesNothingWhenEmpty()
    {
        double[] value = [1], gradient = [0];
        var sgdLike = new Adam<double>(new AdamOptions { LearningRate = 0.1 });
        sgdLike.Add("p", value, gradient);
        var accumulator = new GradientAccumulator<double>(sgdLike, 4);
        accumulator.Flush().Should().Be(new StepReport(StepStatus.Deferred, 0.1, double.NaN, null));
        sgdLike.StepCount.Should().Be(0);
        gradient[0] = 2;
        accumulator.Accumulate(1);
        gradient[0] = 4;
        accumulator.Accumulate(3);
        accumulator.Pending.Should().Be(2);
        var report = accumulator.Flush();
        report.Status.Should().Be(StepStatus.Applied);
        gradient[0].Should().Be(3.5, "(1·2 + 3·4) / 4");
        sgdLike.StepCount.Should().Be(1);
        accumulator.Pending.Should().Be(0);
        value[0].Should().BeApproximately(1 - (0.1 * 3.5 / (3.5 + 1e-8)), 1e-15, "Adam's first step is lr·g/(|g| + ε)");
    }

    [Fact]
    public void MaxGradientNorm_ClipsTheMean_BeforeTheStep_AsClipByNormWould()
    {
        double[] a = [0], b = [0];
        var adam = new Adam<double>();
        adam.Add("a", new double[1], a);
        adam.Add("b", new double[1], b);
        var accumulator = new GradientAccumulator<double>(adam, 2) { MaxGradientNorm = 1 };
        (a[0], b[0]) = (2, 4);
        accumulator.Accumulate();
        (a[0], b[0]) = (4, 12);
        accumulator.Accumulate().Status.Should().Be(StepStatus.Applied);

        // Mean (3, 8), norm √73: PyTorch's clip_grad_norm_ coefficient 1 / (√73 + 1e-6).
        var coefficient = 1 / (Math.Sqrt(73) + 1e-6);
        a[0].Should().Be(3 * coefficient);
        b[0].Should().Be(8 * coefficient);
        var invalid = () => accumulator.MaxGradientNorm = -1;
        invalid.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxNorm");
    }

    [Fact]
    public void MaxGradientNorm_NonFiniteMean_IsLeftToTheOptimizersPolicy()
    {
        double[] value = [1], gradient = [0];
        var adam = new Adam<double>();
        adam.Add("p", value, gradient);
        var accumulator = new GradientAccumulator<double>(adam, 2) { MaxGradientNorm = 1 };
        gradient[0] = double.NaN;
        accumulator.Accumulate();
        gradient[0] = 1;

        var report = accumulator.Accumulate();

        report.Status.Should().Be(StepStatus.SkippedNonFinite, "clipping does not throw; the default policy skips the step");
        value.Should().Equal(1);
        adam.StepCount.Should().Be(0);
    }

    [Fact]
    public void Reset_ForgetsPendingMicroBatches()
    {
        double[] gradient = [5];
        var adam = new Adam<double>();
        adam.Add("p", new double[1], gradient);
        var accumulator = new GradientAccumulator<double>(adam, 2);
        accumulator.Accumulate();
        accumulator.Reset();
        accumulator.Pending.Should().Be(0);
        gradient[0] = 1;
        accumulator.Accumulate();
        accumulator.Accumulate();
        gradient[0].Should().Be(1, "the forgotten 5 takes no part in the mean");
    }

    [Fact]
    public void LateParameter_StartsFromZero()
    {
        double[] a = [2], b = [6];
        var adam = new Adam<double>();
        adam.Add("a", new double[1], a);
        var accumulator = new GradientAccumulator<double>(adam, 2);
        accumulator.Accumulate();
        adam.Add("b", new double[1], b);
        accumulator.Accumulate();
        a[0].Should().Be(2);
        b[0].Should().Be(3, "b contributed once, and the mean divides by both weights");
    }

    [Fact]
    public void InvalidArguments_Throw_NamingThem()
    {
        var adam = new Adam<float>();
        var zero = () => new GradientAccumulator<float>(adam, 0);
        var wrongType = () => new GradientAccumulator<double>(adam, 2);
        var nullOptimizer = () => new GradientAccumulator<float>(null!, 2);
        zero.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("microBatches");
        wrongType.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("optimizer");
        nullOptimizer.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("optimizer");
        var accumulator = new GradientAccumulator<float>(adam, 2);
        foreach (var weight in new[] { 0.0, -1, double.NaN, double.PositiveInfinity })
        {
            var act = () => accumulator.Accumulate(weight);
            act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("weight");
        }

        accumulator.Pending.Should().Be(0);
    }

    [Fact]
    public void Accumulate_InSteadyState_AllocatesNothing()
    {
        var adam = new Adam<float>();
        adam.Add("a", new float[64], new float[64]);
        adam.Add("b", new float[3], new float[3]);
        var accumulator = new GradientAccumulator<float>(adam, 2);
        accumulator.Accumulate();
        accumulator.Accumulate();
        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 6; i++)
            {
                accumulator.Accumulate();
            }
        }).Should().Be(0);
    }
}
