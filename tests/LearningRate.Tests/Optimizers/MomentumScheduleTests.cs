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
        for (var step = 0; step < 5; step++)
        {
            for (var i = 0; i < 3; i++)
            {
                g1[i] = g2[i] = scheduled[i] * (i + 1);
            }

            withSchedule.Step();
            reference.Step();
        }

        scheduled.Should().Equal(fixedMomentum);
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
}
