using LearningRate.Optimizers;
using LearningRate.Schedules;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// A momentum schedule on a group whose options have no momentum switches momentum on, as PyTorch's
/// cycle_momentum does on a plain SGD: the buffers are allocated when the schedule is set, not in Step.
/// </summary>
public class MomentumScheduleTests
{
    [Fact]
    public void Sgd_WithoutMomentum_ScheduledMomentumEqualsSgdWithThatMomentum()
    {
        double[] scheduled = [1, -2, 3], fixedMomentum = [1, -2, 3];
        double[] g1 = new double[3], g2 = new double[3];
        var withSchedule = new Sgd<double>(new SgdOptions { LearningRate = 0.1 });
        var parameter = withSchedule.Add("p", scheduled, g1);
        parameter.State[0].Should().BeNull("momentum 0 needs no buffer");
        withSchedule.Groups[0].MomentumSchedule = Schedule.Constant(0.9);
        parameter.State[0].Should().NotBeNull("the schedule switches momentum on, so its buffer exists before the first step");
        var reference = new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.9 });
        reference.Add("p", fixedMomentum, g2);

        StepSideBySide(withSchedule, scheduled, g1, reference, g2);

        scheduled.Should().Equal(fixedMomentum);
    }

    [Fact]
    public void ScheduledMomentum_OverridesTheOptions_ForAdamWAndSgdWithMomentum()
    {
        Same(
            () => new AdamW<double>(new AdamWOptions { LearningRate = 0.1, Beta1 = 0.9 }),
            () => new AdamW<double>(new AdamWOptions { LearningRate = 0.1, Beta1 = 0.5 }));
        Same(
            () => new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.9 }),
            () => new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.5 }));

        static void Same<TOptions>(Func<Optimizer<double, TOptions>> scheduledFactory, Func<Optimizer<double, TOptions>> referenceFactory)
            where TOptions : OptimizerOptions
        {
            double[] scheduled = [1, -2, 3], reference = [1, -2, 3];
            double[] g1 = new double[3], g2 = new double[3];
            var withSchedule = scheduledFactory();
            withSchedule.Add("p", scheduled, g1);
            withSchedule.Groups[0].MomentumSchedule = Schedule.Constant(0.5);
            var fixedMomentum = referenceFactory();
            fixedMomentum.Add("p", reference, g2);

            StepSideBySide(withSchedule, scheduled, g1, fixedMomentum, g2);

            scheduled.Should().Equal(reference, "the scheduled 0.5 replaces the options' 0.9 at every step");
        }
    }

    [Fact]
    public void RmsProp_RegisteredAfterTheSchedule_GetsItsMomentumBuffer()
    {
        var rmsProp = new RmsProp<float>();
        rmsProp.Groups[0].MomentumSchedule = Schedule.Constant(0.5);
        var parameter = rmsProp.Add("p", new float[4], new float[4]);
        rmsProp.Step();
        parameter.StepCount.Should().Be(1);
    }

    [Fact]
    public void ASchedulesThatCyclesMomentum_BindsItsMomentumWithIt_AsPyTorchsCycleMomentumDefault()
    {
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.1 });
        var parameter = sgd.Add("p", new double[3], new double[3]);
        var oneCycle = PyTorchSchedules.OneCycleLR(0.1, 100);
        sgd.Groups[0].Schedule = oneCycle;
        sgd.Groups[0].MomentumSchedule.Should().BeSameAs(oneCycle.Momentum);
        parameter.State[0].Should().NotBeNull("PyTorch's OneCycleLR switches momentum on for plain SGD");

        // Replacing or unbinding the schedule takes its momentum with it.
        sgd.Groups[0].Schedule = Schedule.Cosine(0.1, 100);
        sgd.Groups[0].MomentumSchedule.Should().BeNull();
        var cyclic = Schedule.Cyclic(0.01, 0.1, 10);
        sgd.Groups[0].Schedule = cyclic;
        sgd.Groups[0].MomentumSchedule.Should().BeSameAs(cyclic.Momentum);
        sgd.Groups[0].Schedule = null;
        sgd.Groups[0].MomentumSchedule.Should().BeNull();

        // A momentum schedule bound by hand stays when a schedule without momentum is bound or unbound.
        var own = Schedule.Constant(0.5);
        sgd.Groups[0].MomentumSchedule = own;
        sgd.Groups[0].Schedule = Schedule.Cosine(0.1, 100);
        sgd.Groups[0].Schedule = null;
        sgd.Groups[0].MomentumSchedule.Should().BeSameAs(own);
    }

    [Fact]
    public void CycleMomentumFalse_BuildsTheScheduleWithoutMomentum_TheRatesAreUnchanged()
    {
        var cycling = Schedule.OneCycle(0.1, 50);
        var plain = Schedule.OneCycle(0.1, 50, cycleMomentum: false);
        plain.Momentum.Should().BeNull();
        Schedule.Cyclic(0.01, 0.1, cycleMomentum: false).Momentum.Should().BeNull();
        Schedule.CyclicCustom(0.01, 0.1, c => 1, CyclicScaleMode.Cycle, cycleMomentum: false).Momentum.Should().BeNull();
        PyTorchSchedules.CyclicLR(0.01, 0.1, cycleMomentum: false).Momentum.Should().BeNull();
        PyTorchSchedules.OneCycleLR(0.1, 50, cycleMomentum: false).Momentum.Should().BeNull();
        Enumerable.Range(0, 50).Select(t => plain.At(t)).Should().Equal(Enumerable.Range(0, 50).Select(t => cycling.At(t)));

        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.9 });
        sgd.Groups[0].Schedule = plain;
        sgd.Groups[0].MomentumSchedule.Should().BeNull("the options' momentum stays");
    }

    [Fact]
    public void AdaGrad_HasNoMomentum_SoBindingAScheduleThatCyclesItThrows_AsPyTorchRaises()
    {
        var adaGrad = new AdaGrad<double>();
        adaGrad.Groups[0].SupportsMomentumSchedule.Should().BeFalse();
        var bind = () => adaGrad.Groups[0].Schedule = Schedule.OneCycle(0.1, 50);
        bind.Should().Throw<InvalidOperationException>().WithMessage("*cycleMomentum: false*");
        adaGrad.Groups[0].Schedule.Should().BeNull("nothing was bound");
        var momentum = () => adaGrad.Groups[0].MomentumSchedule = Schedule.Constant(0.9);
        momentum.Should().Throw<InvalidOperationException>();

        adaGrad.Groups[0].Schedule = Schedule.OneCycle(0.1, 50, cycleMomentum: false);
        adaGrad.Groups[0].NextLearningRate.Should().BeApproximately(0.1 / 25, 1e-15);
    }

    /// <summary>Five steps of two optimizers on the same gradients, g = x·(i + 1) taken from the first one's values.</summary>
    private static void StepSideBySide(IOptimizer first, double[] firstValues, double[] firstGradient, IOptimizer second, double[] secondGradient)
    {
        for (var step = 0; step < 5; step++)
        {
            for (var i = 0; i < firstValues.Length; i++)
            {
                firstGradient[i] = secondGradient[i] = firstValues[i] * (i + 1);
            }

            first.Step();
            second.Step();
        }
    }
}
