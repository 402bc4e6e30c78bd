using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Optimizers;

/// <summary>SGD and Momentum behaviour beyond the shared case table: momentum switched on late, scheduled momentum.</summary>
public class SgdTests
{
    [Fact]
    public void Momentum_SwitchedOnByNewOptions_StartsWithAnUndampenedCopyOfTheGradient()
    {
        double[] p = [0], g = [2];
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.5 });
        var parameter = sgd.Add("p", p, g);
        sgd.Step();
        p[0].Should().Be(-1, "plain SGD: θ − γg");
        parameter.State[0].Should().BeNull("no buffer without momentum");
        sgd.Groups[0].Options = sgd.Options with { Momentum = 0.9, Dampening = 0.5 };
        parameter.State[0].Should().NotBeNull();
        sgd.Step();
        parameter.State[0]![0].Should().Be(2, "the first momentum step sets b = g, as PyTorch's None buffer");
        p[0].Should().Be(-2);
        sgd.Step();
        parameter.State[0]![0].Should().Be((0.9 * 2) + (0.5 * 2));
        p[0].Should().BeApproximately(-2 - (0.5 * 2.8), 1e-15);
    }

    [Fact]
    public void ScheduledMomentum_OverridesTheOptions()
    {
        double[] scheduled = [1, -1], fixedMomentum = [1, -1];
        double[] g = [0.5, 0.25];
        var withSchedule = new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Dampening = 0.1 });
        withSchedule.Add("p", scheduled, g);
        var reference = new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.5, Dampening = 0.1 });
        reference.Add("p", fixedMomentum, g);
        for (var i = 0; i < 3; i++)
        {
            Sgd<double>.StepSgdGroup(withSchedule.Groups[0], 0.1, momentum: 0.5);
            reference.Step();
        }

        scheduled.Should().Equal(fixedMomentum);
        withSchedule.Groups[0].Parameters[0].StepCount.Should().Be(3);
    }

    [Fact]
    public void ScheduledMomentum_WithoutABuffer_Throws_AndWritesNothing()
    {
        double[] p = [1, 2], g = [1, 1];
        var sgd = new Sgd<double>();
        var parameter = sgd.Add("p", p, g);
        var act = () => Sgd<double>.StepSgdGroup(sgd.Groups[0], 0.1, momentum: 0.9);
        act.Should().Throw<InvalidOperationException>().WithMessage("*'p'*Momentum > 0*");
        p.Should().Equal(1, 2);
        parameter.StepCount.Should().Be(0);
    }

    [Fact]
    public void Momentum_GroupsAlwaysHaveMomentum_AndMatchSgdWithMomentum()
    {
        float[] viaMomentum = [1, 2, 3], viaSgd = [1, 2, 3];
        float[] g = [0.5f, -1, 2];
        var momentum = new Momentum<float>(new MomentumOptions { LearningRate = 0.1, Dampening = 0.25 });
        momentum.Add("p", viaMomentum, g);
        var sgd = new Sgd<float>(new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Dampening = 0.25 });
        sgd.Add("p", viaSgd, g);
        for (var i = 0; i < 5; i++)
        {
            momentum.Step();
            sgd.Step();
        }

        viaMomentum.Should().Equal(viaSgd);
        var noMomentumGroup = () => momentum.AddGroup(momentum.Options with { Momentum = 0 });
        noMomentumGroup.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Momentum");
    }

    [Fact]
    public void MomentumSchedule_OnPlainSgd_AllocatesTheVelocity_AndEqualsSgdWithThatMomentum()
    {
        double[] scheduled = [1, -1, 3], fixedMomentum = [1, -1, 3];
        double[] g = [0.5, 0.25, -2];
        var plain = new Sgd<double>(new SgdOptions { LearningRate = 0.1 });
        var parameter = plain.Add("p", scheduled, g);
        parameter.State[0].Should().BeNull();
        plain.Groups[0].MomentumSchedule = Schedule.Constant(0.9);
        parameter.State[0].Should().NotBeNull("binding a momentum schedule allocates the velocity, so Step never does");
        var late = plain.Add("late", new double[2], new double[2]);
        late.State[0].Should().NotBeNull("parameters registered after the binding get the velocity too");
        var reference = new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.9 });
        reference.Add("p", fixedMomentum, g);
        plain.Step();
        reference.Step();
        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 4; i++)
            {
                plain.Step();
                reference.Step();
            }
        }).Should().Be(0);
        scheduled.Should().Equal(fixedMomentum);
    }

    [Fact]
    public void SnapshotRestore_UnbindsAMomentumScheduleBoundAfterTheCapture_AndStepsWithoutMomentum()
    {
        double[] p = [1], g = [1];
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.5 });
        var parameter = sgd.Add("p", p, g);
        var snapshot = sgd.CaptureSnapshot();
        sgd.Groups[0].MomentumSchedule = Schedule.Constant(0.5);
        sgd.Step();
        snapshot.Restore();
        sgd.Groups[0].MomentumSchedule.Should().BeNull("the snapshot restores the binding of the capture");
        parameter.State[0].Should().BeNull("no momentum was in use at the capture");
        p[0].Should().Be(1);
        sgd.Step();
        sgd.Step();
        p[0].Should().Be(0, "plain SGD: two steps of γ·g = 0.5");
    }

    [Fact]
    public void CheckpointLoad_KeepsTheVelocityOfAMomentumScheduleBoundBeforeTheLoad()
    {
        var saved = new Sgd<double>(new SgdOptions { LearningRate = 0.5 });
        saved.Add("p", new double[] { 1 }, new double[] { 1 });
        saved.Step();
        using var stream = new MemoryStream();
        Checkpoint.Save(saved, stream);
        double[] p = [0], g = [1];
        var resumed = new Sgd<double>(new SgdOptions { LearningRate = 0.5 });
        var parameter = resumed.Add("p", p, g);
        resumed.Groups[0].MomentumSchedule = Schedule.Constant(0.5);
        stream.Position = 0;
        Checkpoint.Load(resumed, stream);
        parameter.State[0].Should().NotBeNull("the checkpoint had no velocity, but the bound schedule needs one");
        p[0].Should().Be(0.5);
        resumed.Step();
        resumed.Step();
        p[0].Should().Be(0.5 - (0.5 * 1) - (0.5 * 1.5), "b = g, then b = 0.5·b + g");
    }
}
