using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

/// <summary>AdaGrad behaviour beyond the shared case table: the initial accumulator and per-parameter decay.</summary>
public class AdaGradTests
{
    [Fact]
    public void Add_FillsTheAccumulatorWithTheInitialValue()
    {
        var adagrad = new AdaGrad<float>(new AdaGradOptions { InitialAccumulatorValue = 0.1 });
        var parameter = adagrad.Add("p", new float[37], new float[37]);
        parameter.State[0].Should().HaveCount(37).And.OnlyContain(x => x == 0.1f);
        var zeroGroup = adagrad.AddGroup(new AdaGradOptions());
        zeroGroup.Add("q", new float[3], new float[3]).State[0].Should().OnlyContain(x => x == 0);
    }

    [Fact]
    public void LearningRateDecay_CountsEachParametersOwnSteps()
    {
        // g = 1 each step: s = t, so update t moves by γ/(1 + (t − 1)η) · 1/√t.
        var options = new AdaGradOptions { LearningRate = 1, LearningRateDecay = 1, Epsilon = 0 };
        var adagrad = new AdaGrad<double>(options);
        double[] early = [0], late = [0];
        adagrad.Add("early", early, new double[] { 1 });
        adagrad.Step();
        adagrad.Step();
        adagrad.Add("late", late, new double[] { 1 });
        adagrad.Step();
        early[0].Should().BeApproximately(-(1 + (1 / (2 * Math.Sqrt(2))) + (1 / (3 * Math.Sqrt(3)))), 1e-15);
        late[0].Should().Be(-1, "the late parameter's first update is undecayed");
    }
}
