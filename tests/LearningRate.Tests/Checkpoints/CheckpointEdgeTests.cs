using System.Text;
using LearningRate.Optimizers;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>Edges of the format the round-trip tests do not reach: the kind name, an absent last learning rate, a zero learning rate.</summary>
public class CheckpointEdgeTests
{
    [Fact]
    public void KindName_IsTheTypeNameWithoutItsGenericArity()
    {
        var adam = new Adam<float>();
        adam.Add("p", new float[3], new float[3]);
        var bytes = Save(adam);

        var text = Encoding.UTF8.GetString(bytes);
        text.Should().Contain("Adam", "docs/checkpoints.md names the optimizer kind by its class name").And.NotContain("Adam`");
    }

    [Fact]
    public void NeverSteppedOptimizer_RoundTripsItsAbsentLastLearningRate()
    {
        var source = new Sgd<double>(new SgdOptions { LearningRate = 0.5 });
        source.Add("p", new double[2], new double[2]);
        source.Groups[0].LastLearningRate.Should().BeNull();

        var target = new Sgd<double>(new SgdOptions { LearningRate = 0.5 });
        target.Add("p", new double[2], new double[2]);
        target.Step();
        target.Groups[0].LastLearningRate.Should().Be(0.5);

        Load(target, Save(source));

        target.Groups[0].LastLearningRate.Should().BeNull("the checkpoint was saved before any step");
        target.StepCount.Should().Be(0);
    }

    [Fact]
    public void ZeroLearningRate_IsAValidCheckpointValue()
    {
        var source = new Adam<double>(new AdamOptions { LearningRate = 0 });
        source.Add("p", new double[] { 1, 2 }, new double[] { 0.5, 0.5 });
        source.Step();

        var target = new Adam<double>(new AdamOptions { LearningRate = 0 });
        target.Add("p", new double[2], new double[2]);
        Load(target, Save(source));

        target.Groups[0].LearningRate.Should().Be(0);
        target.Groups[0].LastLearningRate.Should().Be(0);
        target.StepCount.Should().Be(1);
    }
}
