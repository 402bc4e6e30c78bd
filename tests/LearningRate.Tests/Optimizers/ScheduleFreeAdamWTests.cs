using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

/// <summary>What Schedule-Free AdamW does beyond the catalogue's generic tests.</summary>
public class ScheduleFreeAdamWTests
{
    /// <summary>
    /// Upstream's bias correction 1 − β2^(k+1) counts the group's updates: a parameter registered after three updates
    /// starts with z = x = its values and v = 0, but its first update is the group's fourth (t = 4, c = 1/4 with equal
    /// weights). Written out by hand for one element.
    /// </summary>
    [Fact]
    public void ParameterRegisteredLate_StartsFromItsValues_WithTheGroupsUpdateCount()
    {
        var options = new ScheduleFreeAdamWOptions { LearningRate = 0.05 };
        var optimizer = new ScheduleFreeAdamW<double>(options);
        optimizer.Add("early", new double[] { 0.5 }, new double[] { 0.3 });
        for (var step = 0; step < 3; step++)
        {
            optimizer.Step();
        }

        double[] late = [1.25], gradient = [-0.7];
        var parameter = optimizer.Add("late", late, gradient);
        optimizer.Step();

        const double P = 1.25, G = -0.7;
        var v = (1 - options.Beta2) * G * G;
        var denominator = Math.Sqrt(v / (1 - Math.Pow(options.Beta2, 4))) + options.Epsilon;
        var z = P - (options.LearningRate * G / denominator);
        var x = (P * (1 - 0.25)) + (z * 0.25);
        var y = (x * options.Beta1) + (z * (1 - options.Beta1));
        late[0].Should().BeApproximately(y, 1e-15);
        var copy = new double[1];
        optimizer.CopyEvaluationParametersTo(parameter, copy);
        copy[0].Should().BeApproximately(x, 1e-15);
        parameter.StepCount.Should().Be(1);
    }

    [Fact]
    public void Defaults_AreUpstreams()
    {
        var options = new ScheduleFreeAdamWOptions();
        options.LearningRate.Should().Be(0.0025);
        (options.Beta1, options.Beta2, options.Epsilon).Should().Be((0.9, 0.999, 1e-8));
        options.WeightDecay.Should().Be(0, "upstream's default, not torch.optim.AdamW's 0.01");
        (options.WarmupSteps, options.R, options.WeightLearningRatePower).Should().Be((0, 0.0, 2.0));
        options.DecayAtZ.Should().BeFalse();
        options.InnerMomentum.Should().Be(0);
        options.Maximize.Should().BeFalse();
    }
}
