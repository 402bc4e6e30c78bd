using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// Rprop behaviour the generic tests do not see: torch.sign's NaN → 0, the learning rate read once as the initial
/// step size, the weight-decay rule on every path that takes options, and the functional form's argument checks.
/// </summary>
public class RpropTests
{
    /// <summary>
    /// By hand with s₀ = 0.1, η± = (0.5, 1.2): step 1 (g = 1, prev = 0) moves by 0.1; step 2 (g = NaN) has sign(g·prev)
    /// = sign(NaN) = 0, so s stays, θ does not move (sign(NaN) = 0) and prev becomes NaN; step 3 (g = 1, g·prev = NaN)
    /// again uses the factor 1; step 4 grows s to 0.12. With NaN propagated as a sign, θ and s would be NaN from step 2.
    /// The reference oracle walks the same path.
    /// </summary>
    [Fact]
    public void NaNGradient_LeavesThetaAndStepSize_AsTorchSignGivesZero()
    {
        double[] value = [1], gradient = [1];
        var rprop = new Rprop<double>(new RpropOptions { LearningRate = 0.1 }) { NonFiniteGradients = NonFinitePolicy.Propagate };
        var parameter = rprop.Add("p", value, gradient);

        rprop.Step();
        value[0].Should().Be(0.9);
        gradient[0] = double.NaN;
        rprop.Step();
        value[0].Should().Be(0.9);
        parameter.State[1]![0].Should().Be(0.1);
        double.IsNaN(parameter.State[0]![0]).Should().BeTrue("prev stores the gradient, NaN included");
        gradient[0] = 1;
        rprop.Step();
        value[0].Should().Be(0.9 - 0.1);
        parameter.State[1]![0].Should().Be(0.1);
        rprop.Step();
        parameter.State[1]![0].Should().Be(0.1 * 1.2);
        value[0].Should().Be(0.9 - 0.1 - (0.1 * 1.2));

        double[] expected = [1];
        var reference = new RpropReference(new RpropSettings { LearningRate = 0.1 }, 1);
        foreach (var g in new[] { 1, double.NaN, 1, 1 })
        {
            reference.Step(expected, [g]);
        }

        expected.Should().Equal(value);
        reference.StepSizes.Should().Equal(parameter.State[1]);
    }

    /// <summary>
    /// PyTorch creates the step sizes with the group's lr on a parameter's first step: setting the group's learning
    /// rate before it changes the first move, setting it afterwards changes nothing.
    /// </summary>
    [Fact]
    public void LearningRate_IsReadOnlyOnAParametersFirstStep()
    {
        double[] value = [0, 0], gradient = [1, -1];
        var rprop = new Rprop<double>();
        var parameter = rprop.Add("p", value, gradient);
        parameter.State[1].Should().Equal([0.01, 0.01], "the step sizes hold the options' learning rate until the first step");
        rprop.Groups[0].LearningRate = 0.5;
        rprop.Step();
        value.Should().Equal([-0.5, 0.5]);
        rprop.Groups[0].LearningRate = 3;
        rprop.Step();
        value.Should().Equal([-0.5 - 0.6, 0.5 + 0.6], "the second step grows 0.5 by η+ = 1.2, whatever the learning rate is now");
    }

    [Fact]
    public void WeightDecay_IsRejectedByEveryPathThatTakesOptions()
    {
        var decayed = new RpropOptions { WeightDecay = 0.1 };
        var rprop = new Rprop<float>();
        var addGroup = () => rprop.AddGroup(decayed);
        addGroup.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("WeightDecay");
        var setOptions = () => rprop.Groups[0].Options = decayed;
        setOptions.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("WeightDecay");
        rprop.Groups.Should().HaveCount(1);
        rprop.Options.WeightDecay.Should().Be(0);
    }

    [Theory]
    [InlineData(0, 1.2, 1e-6, 50, "etaMinus")]
    [InlineData(1, 1.2, 1e-6, 50, "etaMinus")]
    [InlineData(0.5, 1, 1e-6, 50, "etaPlus")]
    [InlineData(0.5, double.NaN, 1e-6, 50, "etaPlus")]
    [InlineData(0.5, 1.2, -1e-6, 50, "stepSizeMin")]
    [InlineData(0.5, 1.2, 1e-6, double.PositiveInfinity, "stepSizeMax")]
    [InlineData(0.5, 1.2, 2, 1, "stepSizeMax")]
    public void Scalars_RejectOutOfRangeArguments_NamingThem(double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax, string name)
    {
        var act = () => new RpropKernel.Scalars<double>(etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize: false);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void Update_RejectsStepSizesOverlappingPrev()
    {
        var state = new double[6];
        var act = () => RpropKernel.Update<double>(new double[3], new double[3], state.AsSpan(0, 3), state.AsSpan(2, 3), new RpropKernel.Scalars<double>(0.5, 1.2, 1e-6, 50, false));
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("stepSizes");
    }
}
