using LearningRate.Kernels;

namespace LearningRate.Tests.Kernels;

/// <summary>
/// The per-group recursion of the schedule-free optimizers against closed forms: equal weights give the running mean,
/// warmup weights grow as γ_k², r weighs later updates more, and a zero learning rate averages with weight 0.
/// </summary>
public class ScheduleFreeAveragingTests
{
    [Fact]
    public void Default_IsTheStateBeforeTheFirstUpdate()
    {
        var state = default(ScheduleFreeAveraging);
        state.Step.Should().Be(0);
        state.LearningRateMax.Should().Be(0);
        state.WeightSum.Should().Be(0);
    }

    /// <summary>With p = 2, r = 0 and a constant γ every weight is γ², so c_k = 1/(k + 1): x is the mean of the z iterates.</summary>
    [Fact]
    public void ConstantLearningRate_AveragesWithWeightOneOverKPlusOne()
    {
        var state = default(ScheduleFreeAveraging);
        for (var k = 0; k < 200; k++)
        {
            state = state.Next(0.05, warmupSteps: 0, r: 0, weightLearningRatePower: 2);
            state.Step.Should().Be(k + 1);
            state.LearningRate.Should().Be(0.05);
            state.LearningRateMax.Should().Be(0.05);
            state.AveragingWeight.Should().BeApproximately(1.0 / (k + 1), 1e-15);
        }

        state.WeightSum.Should().BeApproximately(200 * 0.05 * 0.05, 1e-15);
    }

    /// <summary>
    /// Warmup W = 4: γ_k = γ(k + 1)/4 for k &lt; 4, so w_k = (γ(k + 1)/4)² and c_k = (k + 1)²/Σ_{j≤k+1} j² during warmup;
    /// afterwards w = γ² and c = γ²/(Σ + γ²).
    /// </summary>
    [Fact]
    public void Warmup_RampsTheRate_AndWeighsItsUpdatesByItsSquare()
    {
        const double Gamma = 0.2;
        var state = default(ScheduleFreeAveraging);
        var sum = 0.0;
        for (var k = 0; k < 8; k++)
        {
            state = state.Next(Gamma, warmupSteps: 4, r: 0, weightLearningRatePower: 2);
            var rate = k < 4 ? Gamma * (k + 1) / 4 : Gamma;
            var weight = rate * rate;
            sum += weight;
            state.LearningRate.Should().BeApproximately(rate, 1e-16);
            state.LearningRateMax.Should().BeApproximately(rate, 1e-16);
            state.AveragingWeight.Should().BeApproximately(weight / sum, 1e-15);
        }

        state.AveragingWeight.Should().BeApproximately(1.0 / (30.0 / 16 + 4), 1e-15, "Σ (k + 1)²/16 over the warmup is 30/16, then four full weights");
    }

    /// <summary>r = 1 with p = 0: w_k = k + 1, so c_k = 2/(k + 2), the weighting of the paper's polynomial averaging.</summary>
    [Fact]
    public void PolynomialWeighting_GivesTwoOverKPlusTwo()
    {
        var state = default(ScheduleFreeAveraging);
        for (var k = 0; k < 50; k++)
        {
            state = state.Next(1.0, warmupSteps: 0, r: 1, weightLearningRatePower: 0);
            state.AveragingWeight.Should().BeApproximately(2.0 / (k + 2), 1e-15);
        }
    }

    /// <summary>lr_max keeps the largest rate: a falling rate changes the step but not the weight of later updates.</summary>
    [Fact]
    public void FallingRate_KeepsTheLargestInTheWeights()
    {
        var state = default(ScheduleFreeAveraging).Next(0.5, 0, 0, 2).Next(0.1, 0, 0, 2);
        state.LearningRate.Should().Be(0.1);
        state.LearningRateMax.Should().Be(0.5);
        state.AveragingWeight.Should().Be(0.5, "both updates weigh lr_max² = 0.25");
    }

    /// <summary>γ = 0 with p &gt; 0 gives 0/0, upstream's ZeroDivisionError, which it turns into c = 0: x stays where it is.</summary>
    [Fact]
    public void ZeroLearningRate_AveragesWithWeightZero_UntilARateArrives()
    {
        var state = default(ScheduleFreeAveraging).Next(0, 0, 0, 2);
        state.AveragingWeight.Should().Be(0);
        state.WeightSum.Should().Be(0);
        state = state.Next(0.3, 0, 0, 2);
        state.AveragingWeight.Should().Be(1, "the first update with weight is all of the average");
    }

    [Fact]
    public void Constructor_ResumesFromSavedValues()
    {
        var uninterrupted = default(ScheduleFreeAveraging).Next(0.1, 3, 0.5, 2).Next(0.1, 3, 0.5, 2);
        var resumed = new ScheduleFreeAveraging(uninterrupted.Step, uninterrupted.LearningRateMax, uninterrupted.WeightSum);
        resumed.Next(0.1, 3, 0.5, 2).Should().Be(uninterrupted.Next(0.1, 3, 0.5, 2));
    }

    [Theory]
    [InlineData("learningRate", -1.0, 0, 0.0, 2.0)]
    [InlineData("learningRate", double.NaN, 0, 0.0, 2.0)]
    [InlineData("warmupSteps", 0.1, -1, 0.0, 2.0)]
    [InlineData("r", 0.1, 0, -0.5, 2.0)]
    [InlineData("weightLearningRatePower", 0.1, 0, 0.0, double.PositiveInfinity)]
    public void Next_InvalidArgument_Throws_NamingIt(string name, double learningRate, int warmupSteps, double r, double power)
    {
        var act = () => default(ScheduleFreeAveraging).Next(learningRate, warmupSteps, r, power);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Theory]
    [InlineData("step", -1L, 0.0, 0.0)]
    [InlineData("learningRateMax", 0L, -0.1, 0.0)]
    [InlineData("weightSum", 0L, 0.0, double.NaN)]
    public void Constructor_InvalidArgument_Throws_NamingIt(string name, long step, double learningRateMax, double weightSum)
    {
        var act = () => new ScheduleFreeAveraging(step, learningRateMax, weightSum);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }
}
