using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

/// <summary>The in-memory snapshot behind the range test: options, state buffers and values come back exactly.</summary>
public class OptimizerSnapshotTests
{
    [Fact]
    public void Restore_PutsBackOptionsStateAndValues_AfterTheOptionsChanged()
    {
        float[] value = [1, -2, 3], gradient = [0.5f, 0.25f, -1];
        var adam = new Adam<float>(new AdamOptions { LearningRate = 0.1 });
        var parameter = adam.Add("p", value, gradient);
        adam.Step();
        var options = adam.Groups[0].Options;
        var values = value.ToArray();
        var moments = parameter.State[0]!.ToArray();
        var snapshot = adam.CaptureSnapshot();

        adam.Groups[0].Options = options with { AmsGrad = true };
        parameter.State[2].Should().NotBeNull("AMSGrad allocates its running maximum");
        adam.Step();
        adam.Step();

        snapshot.Restore();

        adam.Groups[0].Options.Should().BeSameAs(options);
        parameter.State[2].Should().BeNull("the slot was unused when the snapshot was taken");
        parameter.State[0].Should().Equal(moments);
        value.Should().Equal(values);
        parameter.StepCount.Should().Be(1);
        adam.StepCount.Should().Be(1);
    }

    [Fact]
    public void Restore_PutsBackTheGradients()
    {
        float[] gradient = [0.5f, 0.25f];
        var adam = new Adam<float>();
        adam.Add("p", new float[2], gradient);
        var snapshot = adam.CaptureSnapshot();
        gradient[0] = 9;
        adam.ZeroGrad();

        snapshot.Restore();

        gradient.Should().Equal(0.5f, 0.25f);
    }

    [Fact]
    public void Restore_ReallocatesAStateSlotDroppedAfterTheCapture()
    {
        double[] value = [1, 2], gradient = [1, 1];
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.1, Momentum = 0.9 });
        var parameter = sgd.Add("p", value, gradient);
        sgd.Step();
        var velocity = parameter.State[0]!.ToArray();
        var snapshot = sgd.CaptureSnapshot();
        parameter.Block.Release(0);

        snapshot.Restore();

        parameter.State[0].Should().NotBeNull().And.Equal(velocity);
    }
}
