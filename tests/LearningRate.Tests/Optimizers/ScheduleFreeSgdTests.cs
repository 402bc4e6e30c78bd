using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

/// <summary>What Schedule-Free SGD does beyond the catalogue's generic tests.</summary>
public class ScheduleFreeSgdTests
{
    /// <summary>
    /// The first update averages with c = 1, so x = z and y = z whatever β: one plain SGD step, z = θ − γ·(g + λθ).
    /// The second, with equal weights, has c = 1/2. Written out by hand for one element.
    /// </summary>
    [Fact]
    public void FirstTwoUpdates_AreAPlainStep_ThenTheMeanOfTwoIterates()
    {
        var optimizer = new ScheduleFreeSgd<double>(new ScheduleFreeSgdOptions { LearningRate = 0.1, Momentum = 0.8, WeightDecay = 0.5 });
        double[] value = [2.0], gradient = [1.0];
        optimizer.Add("p", value, gradient);

        optimizer.Step();
        var z1 = 2.0 - (0.1 * (1.0 + (0.5 * 2.0)));
        value[0].Should().BeApproximately(z1, 1e-15);

        gradient[0] = -3.0;
        optimizer.Step();
        var z2 = z1 - (0.1 * (-3.0 + (0.5 * z1)));
        var x2 = (z1 + z2) / 2;
        value[0].Should().BeApproximately((0.8 * x2) + (0.2 * z2), 1e-15);
    }

    [Fact]
    public void Defaults_AreUpstreams()
    {
        var options = new ScheduleFreeSgdOptions();
        options.LearningRate.Should().Be(1.0);
        options.Momentum.Should().Be(0.9);
        options.WeightDecay.Should().Be(0);
        (options.WarmupSteps, options.R, options.WeightLearningRatePower).Should().Be((0, 0.0, 2.0));
        options.Maximize.Should().BeFalse();
    }
}
