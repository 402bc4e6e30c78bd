using LearningRate.Optimizers;
using LearningRate.Schedules;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// Defects a hostile user found in the step path: each test reproduces one, and "throws and changes nothing"
/// is checked field by field.
/// </summary>
public class StepReliabilityTests
{
    [Fact]
    public void AnEmptyParameter_IsNotBlamedForAnotherParametersNaN()
    {
        var adam = new Adam<float>();
        adam.Add("bias", Memory<float>.Empty, Memory<float>.Empty);
        float[] w = [1, 2], g = [float.NaN, 0];
        adam.Add("w", w, g);
        var report = adam.Step();
        report.Status.Should().Be(StepStatus.SkippedNonFinite);
        report.NonFiniteParameter.Should().Be("w");
    }

    [Fact]
    public void AnEmptyParameter_DoesNotTurnHugeFiniteGradientsIntoASkip()
    {
        // Σg² overflows float (1e30² = 1e60), but every element is finite: the step is applied, as documented.
        var sgd = new Sgd<float>(new SgdOptions { LearningRate = 1e-31 });
        sgd.Add("bias", Memory<float>.Empty, Memory<float>.Empty);
        float[] w = [1, 1], g = [1e30f, -1e30f];
        sgd.Add("w", w, g);
        for (var i = 0; i < 12; i++)
        {
            sgd.Step().Status.Should().Be(StepStatus.Applied);
        }

        sgd.ConsecutiveSkips.Should().Be(0);
    }

    [Fact]
    public void ANaNGradient_WithAFailingSchedule_Throws_AndLeavesTheSkipCountAsItWas()
    {
        double[] w = [1], g = [double.NaN];
        var adam = new Adam<double>();
        adam.Add("w", w, g);
        adam.Groups[0].Schedule = Schedule.FromFunction(_ => double.NaN);
        var act = () => adam.Step();
        act.Should().Throw<InvalidOperationException>();
        adam.ConsecutiveSkips.Should().Be(0);
        adam.StepCount.Should().Be(0);
    }

    [Fact]
    public void AFiniteGradientAfterSkips_WithAFailingSchedule_Throws_AndLeavesTheSkipCountAsItWas()
    {
        double[] w = [1], g = [double.NaN];
        var adam = new Adam<double>();
        adam.Add("w", w, g);
        adam.Step();
        adam.Step();
        adam.ConsecutiveSkips.Should().Be(2);
        g[0] = 1;
        adam.Groups[0].Schedule = Schedule.FromFunction(_ => -1);
        var act = () => adam.Step();
        act.Should().Throw<InvalidOperationException>();
        adam.ConsecutiveSkips.Should().Be(2);
        w.Should().Equal(1);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    public void AScheduledBeta1OutsideAdamsRange_Throws_BeforeAnythingIsWritten(double beta1)
    {
        double[] w = [1, 2], g = [0.5, -0.5];
        var adam = new Adam<double>();
        adam.Add("w", w, g);
        adam.Groups[0].MomentumSchedule = Schedule.Constant(beta1);
        var act = () => adam.Step();
        act.Should().Throw<InvalidOperationException>().WithMessage("*β1*[0, 1)*");
        w.Should().Equal(1, 2);
        adam.StepCount.Should().Be(0);
        adam.Groups[0].Parameters[0].StepCount.Should().Be(0);
    }

    [Fact]
    public void AScheduledBeta1InsideAdamsRange_IsApplied()
    {
        double[] w = [1], g = [1];
        var adam = new Adam<double>();
        adam.Add("w", w, g);
        adam.Groups[0].MomentumSchedule = Schedule.Constant(0.999);
        adam.Step().Status.Should().Be(StepStatus.Applied);
        double.IsFinite(w[0]).Should().BeTrue();
    }

    [Fact]
    public async Task StepFromTwoThreadsAtOnce_Throws_InsteadOfCorruptingState()
    {
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        double[] w = [1], g = [1];
        var sgd = new Sgd<double>();
        sgd.Add("w", w, g);
        sgd.Groups[0].Schedule = Schedule.FromFunction(step =>
        {
            if (step == 0)
            {
                inside.Set();
                release.Wait();
            }

            return 0.1;
        });
        var first = Task.Run(() => sgd.Step());
        inside.Wait();
        var second = () => sgd.Step();
        second.Should().Throw<InvalidOperationException>().WithMessage("*another thread*");
        release.Set();
        (await first).Status.Should().Be(StepStatus.Applied);
        sgd.StepCount.Should().Be(1);
        w.Should().Equal(1 - 0.1);
    }

    [Fact]
    public async Task ASaveWhileAnotherThreadSteps_Throws_InsteadOfWritingATornFile()
    {
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        double[] w = [1], g = [1];
        var sgd = new Sgd<double>();
        sgd.Add("w", w, g);
        var calls = 0;
        sgd.Groups[0].Schedule = Schedule.FromFunction(step =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                inside.Set();
                release.Wait();
            }

            return 0.1;
        });
        var stepping = Task.Run(() => sgd.Step());
        inside.Wait();
        var save = () => LearningRate.Checkpoints.Checkpoint.Save(sgd, new MemoryStream());
        save.Should().Throw<InvalidOperationException>().WithMessage("*another thread*");
        release.Set();
        (await stepping).Status.Should().Be(StepStatus.Applied);
    }

    [Fact]
    public void ControllersAddedFromTwoThreads_AreAllAttached()
    {
        var adam = new Adam<double>();
        var group = adam.Groups[0];
        var controllers = Enumerable.Range(0, 20_000).Select(_ => new LearningRate.Controllers.ReduceOnPlateau()).ToArray();
        Parallel.For(0, 2, half =>
        {
            for (var i = half; i < controllers.Length; i += 2)
            {
                group.AddController(controllers[i]);
            }
        });
        group.Controllers.Should().HaveCount(controllers.Length);
    }
}
