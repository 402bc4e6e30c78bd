using LearningRate.Training;

namespace LearningRate.Tests.Training;

public class BatchScalingTests
{
    [Fact]
    public void Linear_ScalesWithBatchRatio()
    {
        // Goyal et al.: 0.1 per 256 images, so 0.1 · 8192/256 = 3.2 at 8k.
        BatchScaling.Linear(0.1, 256, 8192).Should().BeApproximately(3.2, 1e-15);
        BatchScaling.Linear(0.1, 256, 128).Should().BeApproximately(0.05, 1e-15);
    }

    [Fact]
    public void SquareRoot_ScalesWithRootOfRatio()
    {
        BatchScaling.SquareRoot(1e-3, 64, 1024).Should().BeApproximately(4e-3, 1e-18);
        BatchScaling.SquareRoot(1e-3, 64, 16).Should().BeApproximately(5e-4, 1e-18);
    }

    [Fact]
    public void WarmupSteps_OnlyWhenTheRateGrew()
    {
        BatchScaling.WarmupSteps(256, 8192, stepsPerEpoch: 157).Should().Be(785);
        BatchScaling.WarmupSteps(256, 8192, stepsPerEpoch: 157, warmupEpochs: 0.5).Should().Be(79);
        BatchScaling.WarmupSteps(256, 256, stepsPerEpoch: 157).Should().Be(0);
        BatchScaling.WarmupSteps(256, 64, stepsPerEpoch: 157).Should().Be(0);
    }

    [Fact]
    public void GradualWarmup_RampsLinearlyFromBase_ThenHolds()
    {
        var schedule = BatchScaling.GradualWarmup(0.1, 3.2, 4);
        schedule.At(0).Should().Be(0.1);
        schedule.At(1).Should().BeApproximately(0.1 + (3.1 / 4), 1e-15);
        schedule.At(2).Should().BeApproximately(1.65, 1e-15);
        schedule.At(4).Should().Be(3.2);
        schedule.At(1_000_000).Should().Be(3.2);
        BatchScaling.GradualWarmup(0.1, 3.2, 0).At(0).Should().Be(3.2);
        FluentActions.Invoking(() => schedule.At(-1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("step");
    }

    [Fact]
    public void BadArguments_ThrowNamingThem()
    {
        FluentActions.Invoking(() => BatchScaling.Linear(-1, 1, 1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("baseLearningRate");
        FluentActions.Invoking(() => BatchScaling.SquareRoot(1, 0, 1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("baseBatchSize");
        FluentActions.Invoking(() => BatchScaling.Linear(1, 1, 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("batchSize");
        FluentActions.Invoking(() => BatchScaling.WarmupSteps(1, 2, 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("stepsPerEpoch");
        FluentActions.Invoking(() => BatchScaling.GradualWarmup(0.1, double.NaN, 3)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("scaledLearningRate");
        FluentActions.Invoking(() => BatchScaling.GradualWarmup(0.1, 1, -3)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("warmupSteps");
        FluentActions.Invoking(() => BatchScaling.GradualWarmup(-0.1, 1, 3)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("baseLearningRate");
        FluentActions.Invoking(() => BatchScaling.WarmupSteps(0, 2, 10)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("baseBatchSize");
        FluentActions.Invoking(() => BatchScaling.WarmupSteps(2, 0, 10)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("batchSize");
        FluentActions.Invoking(() => BatchScaling.WarmupSteps(1, 2, 10, warmupEpochs: -1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("warmupEpochs");
    }

    [Fact]
    public void SmallestValidArguments_AreAccepted()
    {
        BatchScaling.Linear(0, 1, 1).Should().Be(0);
        BatchScaling.Linear(0.1, 1, 1).Should().Be(0.1);
        BatchScaling.SquareRoot(0.1, 4, 1).Should().Be(0.05);
        BatchScaling.WarmupSteps(1, 2, stepsPerEpoch: 1, warmupEpochs: 0).Should().Be(0);
        BatchScaling.WarmupSteps(1, 2, stepsPerEpoch: 1).Should().Be(5);
        BatchScaling.GradualWarmup(0, 0, 1).At(1).Should().Be(0);
    }
}
