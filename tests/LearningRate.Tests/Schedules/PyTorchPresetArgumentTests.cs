using LearningRate.Schedules;

namespace LearningRate.Tests.Schedules;

/// <summary>Every PyTorch preset names its own parameter in an argument exception, never the catalogue factory's.</summary>
public class PyTorchPresetArgumentTests
{
    private static readonly Schedule s_a = Schedule.Constant(0.1);
    private static readonly Func<long, double> s_one = _ => 1;

    /// <summary>Each row: the preset, the parameter its exception must name, and a call with that argument wrong.</summary>
    private static readonly (string Preset, string Parameter, Action Create)[] s_invalid =
    [
        ("LambdaLR", "learningRate", () => PyTorchSchedules.LambdaLR(-1, s_one)),
        ("LambdaLR", "lrLambda", () => PyTorchSchedules.LambdaLR(1, null!)),
        ("MultiplicativeLR", "learningRate", () => PyTorchSchedules.MultiplicativeLR(double.NaN, s_one)),
        ("MultiplicativeLR", "lrLambda", () => PyTorchSchedules.MultiplicativeLR(1, null!)),
        ("StepLR", "learningRate", () => PyTorchSchedules.StepLR(-1, 10)),
        ("StepLR", "stepSize", () => PyTorchSchedules.StepLR(1, 0)),
        ("StepLR", "gamma", () => PyTorchSchedules.StepLR(1, 10, -0.1)),
        ("MultiStepLR", "learningRate", () => PyTorchSchedules.MultiStepLR(-1, [1])),
        ("MultiStepLR", "milestones", () => PyTorchSchedules.MultiStepLR(1, null!)),
        ("MultiStepLR", "milestones", () => PyTorchSchedules.MultiStepLR(1, [-1])),
        ("MultiStepLR", "gamma", () => PyTorchSchedules.MultiStepLR(1, [1], double.PositiveInfinity)),
        ("ConstantLR", "learningRate", () => PyTorchSchedules.ConstantLR(-1)),
        ("ConstantLR", "learningRate", () => PyTorchSchedules.ConstantLR(-1, factor: 0, totalIters: 0)),
        ("ConstantLR", "factor", () => PyTorchSchedules.ConstantLR(1, 1.5)),
        ("ConstantLR", "totalIters", () => PyTorchSchedules.ConstantLR(1, 0.5, -1)),
        ("LinearLR", "learningRate", () => PyTorchSchedules.LinearLR(-1)),
        ("LinearLR", "startFactor", () => PyTorchSchedules.LinearLR(1, 0)),
        ("LinearLR", "endFactor", () => PyTorchSchedules.LinearLR(1, 0.5, 1.5)),
        ("LinearLR", "totalIters", () => PyTorchSchedules.LinearLR(1, 0.5, 1, -1)),
        ("ExponentialLR", "learningRate", () => PyTorchSchedules.ExponentialLR(-1, 0.9)),
        ("ExponentialLR", "gamma", () => PyTorchSchedules.ExponentialLR(1, 0)),
        ("PolynomialLR", "learningRate", () => PyTorchSchedules.PolynomialLR(-1)),
        ("PolynomialLR", "learningRate", () => PyTorchSchedules.PolynomialLR(-1, totalIters: 0)),
        ("PolynomialLR", "totalIters", () => PyTorchSchedules.PolynomialLR(1, -1)),
        ("PolynomialLR", "power", () => PyTorchSchedules.PolynomialLR(1, 5, -1)),
        ("CosineAnnealingLR", "learningRate", () => PyTorchSchedules.CosineAnnealingLR(-1, 10)),
        ("CosineAnnealingLR", "tMax", () => PyTorchSchedules.CosineAnnealingLR(1, 0)),
        ("CosineAnnealingLR", "etaMin", () => PyTorchSchedules.CosineAnnealingLR(1, 10, -1)),
        ("CosineAnnealingWarmRestarts", "learningRate", () => PyTorchSchedules.CosineAnnealingWarmRestarts(-1, 10)),
        ("CosineAnnealingWarmRestarts", "t0", () => PyTorchSchedules.CosineAnnealingWarmRestarts(1, 0)),
        ("CosineAnnealingWarmRestarts", "tMult", () => PyTorchSchedules.CosineAnnealingWarmRestarts(1, 10, 0)),
        ("CosineAnnealingWarmRestarts", "etaMin", () => PyTorchSchedules.CosineAnnealingWarmRestarts(1, 10, 2, -1)),
        ("CyclicLR", "baseLr", () => PyTorchSchedules.CyclicLR(-1, 1)),
        ("CyclicLR", "maxLr", () => PyTorchSchedules.CyclicLR(0.1, double.NaN)),
        ("CyclicLR", "stepSizeUp", () => PyTorchSchedules.CyclicLR(0.1, 1, 0)),
        ("CyclicLR", "stepSizeDown", () => PyTorchSchedules.CyclicLR(0.1, 1, 10, 0)),
        ("CyclicLR", "mode", () => PyTorchSchedules.CyclicLR(0.1, 1, mode: (CyclicMode)7)),
        ("CyclicLR", "gamma", () => PyTorchSchedules.CyclicLR(0.1, 1, gamma: -1)),
        ("CyclicLR", "baseMomentum", () => PyTorchSchedules.CyclicLR(0.1, 1, baseMomentum: -1)),
        ("CyclicLR", "maxMomentum", () => PyTorchSchedules.CyclicLR(0.1, 1, maxMomentum: double.NaN)),
        ("OneCycleLR", "maxLr", () => PyTorchSchedules.OneCycleLR(-1, 100)),
        ("OneCycleLR", "totalSteps", () => PyTorchSchedules.OneCycleLR(1, 0)),
        ("OneCycleLR", "pctStart", () => PyTorchSchedules.OneCycleLR(1, 100, 1.5)),
        ("OneCycleLR", "pctStart", () => PyTorchSchedules.OneCycleLR(1, 100, 0.001)),
        ("OneCycleLR", "annealStrategy", () => PyTorchSchedules.OneCycleLR(1, 100, annealStrategy: Annealing.OneMinusSqrt)),
        ("OneCycleLR", "annealStrategy", () => PyTorchSchedules.OneCycleLR(1, 100, annealStrategy: (Annealing)9)),
        ("OneCycleLR", "baseMomentum", () => PyTorchSchedules.OneCycleLR(1, 100, baseMomentum: -1)),
        ("OneCycleLR", "maxMomentum", () => PyTorchSchedules.OneCycleLR(1, 100, maxMomentum: -1)),
        ("OneCycleLR", "divFactor", () => PyTorchSchedules.OneCycleLR(1, 100, divFactor: 0)),
        ("OneCycleLR", "finalDivFactor", () => PyTorchSchedules.OneCycleLR(1, 100, finalDivFactor: 0)),
        ("SWALR", "learningRate", () => PyTorchSchedules.SWALR(-1, 0.1)),
        ("SWALR", "swaLr", () => PyTorchSchedules.SWALR(0.1, double.NaN)),
        ("SWALR", "annealEpochs", () => PyTorchSchedules.SWALR(0.1, 0.01, -1)),
        ("SWALR", "annealStrategy", () => PyTorchSchedules.SWALR(0.1, 0.01, annealStrategy: Annealing.OneMinusSqrt)),
        ("SWALR", "annealStrategy", () => PyTorchSchedules.SWALR(0.1, 0.01, annealStrategy: (Annealing)9)),
        ("SequentialLR", "schedulers", () => PyTorchSchedules.SequentialLR(null!, [1])),
        ("SequentialLR", "schedulers", () => PyTorchSchedules.SequentialLR([], [])),
        ("SequentialLR", "schedulers", () => PyTorchSchedules.SequentialLR([s_a, null!], [1])),
        ("SequentialLR", "milestones", () => PyTorchSchedules.SequentialLR([s_a, s_a], null!)),
        ("SequentialLR", "milestones", () => PyTorchSchedules.SequentialLR([s_a, s_a], [])),
        ("SequentialLR", "milestones", () => PyTorchSchedules.SequentialLR([s_a, s_a], [0])),
        ("ChainedScheduler", "learningRate", () => PyTorchSchedules.ChainedScheduler(0, s_a)),
        ("ChainedScheduler", "schedulers", () => PyTorchSchedules.ChainedScheduler(1, null!)),
        ("ChainedScheduler", "schedulers", () => PyTorchSchedules.ChainedScheduler(1, [])),
        ("ChainedScheduler", "schedulers", () => PyTorchSchedules.ChainedScheduler(1, s_a, null!)),
    ];

    /// <summary>The rows by index, so that each is a test case of its own (an <see cref="Action"/> does not serialize).</summary>
    public static TheoryData<string, string, int> Invalid()
    {
        var data = new TheoryData<string, string, int>();
        for (var row = 0; row < s_invalid.Length; row++)
        {
            data.Add(s_invalid[row].Preset, s_invalid[row].Parameter, row);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidArgument_IsNamedAsThePresetNamesIt(string preset, string parameter, int row)
    {
        var thrown = s_invalid[row].Create.Should().Throw<ArgumentException>($"{preset} rejects a bad {parameter}").Which;
        thrown.ParamName.Should().Be(parameter, $"{preset}'s parameter is {parameter}");
        typeof(PyTorchSchedules).GetMethod(preset)!.GetParameters().Select(p => p.Name).Should().Contain(parameter, "the name is one the caller can see");
    }

    [Fact]
    public void EveryPreset_HasItsArgumentsChecked()
    {
        var covered = s_invalid.Select(row => row.Preset).ToHashSet();
        typeof(PyTorchSchedules).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(m => m.Name).Should().OnlyContain(name => covered.Contains(name));
    }
}
