using LearningRate.Optimizers;
using LearningRate.Schedules;

namespace LearningRate.Tests.Optimizers;

/// <summary>RMSprop behaviour beyond the shared case table: state slots and scheduled momentum.</summary>
public class RmsPropTests
{
    [Fact]
    public void Add_AllocatesOnlyTheBuffersTheOptionsUse()
    {
        var plain = new RmsProp<double>().Add("p", new double[4], new double[4]);
        plain.State[0].Should().HaveCount(4);
        plain.State[1].Should().BeNull("no momentum");
        plain.State[2].Should().BeNull("not centered");
        var full = new RmsProp<double>(new RmsPropOptions { Momentum = 0.9, Centered = true }).Add("p", new double[4], new double[4]);
        full.State.ToArray().Should().OnlyContain(buffer => buffer != null && buffer.Length == 4);
    }

    [Fact]
    public void SettingCenteredOptions_AllocatesTheGradientAverage()
    {
        var rmsprop = new RmsProp<float>();
        var parameter = rmsprop.Add("p", new float[8], new float[8]);
        rmsprop.Groups[0].Options = rmsprop.Options with { Centered = true };
        parameter.State[2].Should().NotBeNull().And.HaveCount(8);
    }

    [Fact]
    public void ScheduledMomentum_OverridesTheOptions()
    {
        double[] scheduled = [1, -1], fixedMomentum = [1, -1];
        double[] g = [0.5, 0.25];
        var withSchedule = new RmsProp<double>(new RmsPropOptions { Momentum = 0.9 });
        withSchedule.Add("p", scheduled, g);
        var reference = new RmsProp<double>(new RmsPropOptions { Momentum = 0.3 });
        reference.Add("p", fixedMomentum, g);
        for (var i = 0; i < 3; i++)
        {
            RmsProp<double>.StepRmsPropGroup(withSchedule.Groups[0], 1e-2, momentum: 0.3);
            reference.Step();
        }

        scheduled.Should().Equal(fixedMomentum);
    }

    [Fact]
    public void ScheduledMomentum_WithoutABuffer_Throws_AndWritesNothing()
    {
        double[] p = [1, 2], g = [1, 1];
        var rmsprop = new RmsProp<double>();
        var parameter = rmsprop.Add("p", p, g);
        var act = () => RmsProp<double>.StepRmsPropGroup(rmsprop.Groups[0], 1e-2, momentum: 0.9);
        act.Should().Throw<InvalidOperationException>().WithMessage("*'p'*Momentum > 0*");
        p.Should().Equal(1, 2);
        parameter.State[0].Should().OnlyContain(x => x == 0);
    }

    [Fact]
    public void MomentumSchedule_WithoutMomentumInTheOptions_AllocatesTheVelocity_AndEqualsRmsPropWithThatMomentum()
    {
        float[] scheduled = [1, -1, 3], fixedMomentum = [1, -1, 3];
        float[] g = [0.5f, 0.25f, -2];
        var rmsprop = new RmsProp<float>(new RmsPropOptions { Centered = true });
        var parameter = rmsprop.Add("p", scheduled, g);
        parameter.State[1].Should().BeNull();
        rmsprop.Groups[0].MomentumSchedule = Schedule.Constant(0.8);
        parameter.State[1].Should().NotBeNull();
        var reference = new RmsProp<float>(new RmsPropOptions { Centered = true, Momentum = 0.8 });
        reference.Add("p", fixedMomentum, g);
        for (var i = 0; i < 5; i++)
        {
            rmsprop.Step();
            reference.Step();
        }

        scheduled.Should().Equal(fixedMomentum);
    }
}
