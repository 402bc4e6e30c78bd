using LearningRate.Schedules;

namespace LearningRate.Tests.Schedules;

/// <summary>
/// Each schedule's values at step 0, at and around every boundary and past its horizon, written by hand from its
/// formula; and every invalid argument, which must throw naming itself.
/// </summary>
public class ScheduleTests
{
    private const double Tolerance = 1e-15;

    [Fact]
    public void Constant_IsConstant()
    {
        var schedule = Schedule.Constant(0.3);
        schedule.At(0).Should().Be(0.3);
        schedule.At(long.MaxValue).Should().Be(0.3);
        schedule.Horizon.Should().BeNull();
        schedule.Momentum.Should().BeNull();
    }

    [Fact]
    public void StepDecay_DecaysAtEachMultipleOfStepSize()
    {
        var schedule = Schedule.StepDecay(0.1, 3, 0.5);
        Near(Values(schedule, 0, 1, 2, 3, 5, 6), 0.1, 0.1, 0.1, 0.05, 0.05, 0.025);
        Schedule.StepDecay(1, 10).At(10).Should().BeApproximately(0.1, Tolerance, "gamma defaults to 0.1");
    }

    [Fact]
    public void MultiStep_DecaysAtEachMilestone_RepeatedMilestonesTwice()
    {
        var schedule = Schedule.MultiStep(1.0, [4, 2, 4], 0.1);
        schedule.At(0).Should().Be(1);
        schedule.At(1).Should().Be(1);
        schedule.At(2).Should().BeApproximately(0.1, Tolerance);
        schedule.At(3).Should().BeApproximately(0.1, Tolerance);
        schedule.At(4).Should().BeApproximately(0.001, Tolerance);
        schedule.At(1_000_000).Should().BeApproximately(0.001, Tolerance);
        Schedule.MultiStep(0.5, []).At(100).Should().Be(0.5, "no milestone, no decay");
    }

    [Fact]
    public void Exponential_PerStepAndStaircase()
    {
        Near(Values(Schedule.Exponential(2, 0.5), 0, 1, 3), 2, 1, 0.25);
        Schedule.Exponential(1, 0.5, 4).At(2).Should().BeApproximately(Math.Sqrt(0.5), Tolerance);
        Near(Values(Schedule.Exponential(1, 0.5, 4, staircase: true), 0, 3, 4, 7, 8), 1, 1, 0.5, 0.5, 0.25);
        Schedule.Exponential(1e-7, 10).At(7).Should().BeApproximately(1, 1e-12, "a growing exponential is the LR range test's sweep");
    }

    [Fact]
    public void Exponential_Overflowing_ThrowsInvalidOperation()
    {
        var act = () => Schedule.Exponential(1, 10).At(400);
        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void InverseTime_HalvesWhenRateTimesProgressIsOne()
    {
        Near(Values(Schedule.InverseTime(1, 0.5), 0, 2), 1, 0.5);
        Schedule.InverseTime(1, 0.5, 10).At(10).Should().BeApproximately(1 / 1.5, Tolerance);
        Schedule.InverseTime(1, 0.5, 10, staircase: true).At(19).Should().BeApproximately(1 / 1.5, Tolerance);
        Schedule.InverseTime(1, 0.5, 10, staircase: true).At(9).Should().Be(1);
    }

    [Fact]
    public void InverseSqrt_IsOneOverRootOfScaledStep()
    {
        var schedule = Schedule.InverseSqrt(1, 4);
        schedule.At(0).Should().Be(1);
        schedule.At(12).Should().BeApproximately(0.5, Tolerance);
        schedule.At(32).Should().BeApproximately(1.0 / 3, Tolerance);
    }

    [Fact]
    public void Linear_RampsThenFollowsItsPolicy()
    {
        Near(Values(Schedule.Linear(0, 1, 4), 0, 1, 4, 5, 1000), 0, 0.25, 1, 1, 1);
        Schedule.Linear(0, 1, 4).Horizon.Should().Be(4);
        Schedule.Linear(0, 1, 4, AfterEnd.Continue).At(5).Should().Be(1.25);
        Schedule.Linear(1, 0, 4, AfterEnd.Continue).At(8).Should().Be(0, "an extrapolated line is floored at 0");
        var throwing = Schedule.Linear(0, 1, 4, AfterEnd.Throw);
        throwing.At(4).Should().Be(1, "the horizon itself is inside");
        var past = () => throwing.At(5);
        past.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("step");
    }

    [Fact]
    public void Warmup_ThenHandsOverAtItsHorizon()
    {
        // Step k of a 4-step warmup to 2 uses 2·(k + 1)/4: the first update is not wasted at rate 0.
        var schedule = Schedule.Warmup(4, to: 2).Then(Schedule.Constant(5));
        Near(Values(schedule, 0, 1, 2, 3, 4, 100), 0.5, 1, 1.5, 2, 5, 5);
        schedule.At(3).Should().Be(2, "the last warmup step uses the target itself");
        Schedule.Warmup(4, to: 2).Horizon.Should().Be(4);

        // An explicit from is the value at step 0 (timm's warmup_lr_init; 0 is HF's convention).
        Near(Values(Schedule.Warmup(4, to: 2, from: 1), 0, 1, 2, 3, 4), 1, 1 + (1.0 / 3), 1 + (2.0 / 3), 2, 2);
        Near(Values(Schedule.Warmup(4, to: 2, from: 0), 0, 1, 3), 0, 2.0 / 3, 2);
        Schedule.Warmup(1, to: 3).At(0).Should().Be(3);
        Schedule.Warmup(3, to: 0.1).At(2).Should().Be(0.1);
    }

    [Fact]
    public void Polynomial_DecaysToEndAndHolds()
    {
        var schedule = Schedule.Polynomial(1, 4, power: 2, end: 0.2);
        schedule.At(0).Should().Be(1);
        schedule.At(2).Should().BeApproximately((0.8 * 0.25) + 0.2, Tolerance);
        schedule.At(4).Should().Be(0.2);
        schedule.At(9).Should().Be(0.2);
        Schedule.Polynomial(1, 4).At(1).Should().BeApproximately(0.75, Tolerance, "power 1 and end 0 by default");
    }

    [Fact]
    public void Cosine_ReachesMinimumAtHorizon_HoldsOrContinues()
    {
        var schedule = Schedule.Cosine(1, 4, 0.2);
        schedule.At(0).Should().Be(1);
        schedule.At(2).Should().BeApproximately(0.6, Tolerance);
        schedule.At(1).Should().BeApproximately(0.2 + (0.8 * (1 + Math.Cos(Math.PI / 4)) / 2), Tolerance);
        schedule.At(4).Should().BeApproximately(0.2, Tolerance);
        schedule.At(6).Should().BeApproximately(0.2, Tolerance, "held by default");
        var continued = Schedule.Cosine(1, 4, 0.2, AfterEnd.Continue);
        continued.At(6).Should().BeApproximately(0.6, Tolerance, "PyTorch's cosine rises again");
        continued.At(8).Should().BeApproximately(1, Tolerance);
    }

    [Fact]
    public void CosineWarmRestarts_RestartsAtGrowingPeriods()
    {
        var schedule = Schedule.CosineWarmRestarts(1, 4, 2);
        schedule.At(0).Should().Be(1);
        schedule.At(2).Should().BeApproximately(0.5, Tolerance);
        schedule.At(3).Should().BeApproximately((1 + Math.Cos(3 * Math.PI / 4)) / 2, Tolerance);
        schedule.At(4).Should().Be(1, "first restart at T_0");
        schedule.At(8).Should().BeApproximately(0.5, Tolerance, "the second cycle lasts 8 steps");
        schedule.At(11).Should().BeApproximately((1 + Math.Cos(7 * Math.PI / 8)) / 2, Tolerance);
        schedule.At(12).Should().Be(1, "second restart at T_0(1 + T_mult)");
        schedule.At(28).Should().Be(1, "third restart after a 16-step cycle");
        Near(Values(Schedule.CosineWarmRestarts(1, 3), 2, 3, 6), (1 + Math.Cos(2 * Math.PI / 3)) / 2, 1, 1);
    }

    [Fact]
    public void CosineWarmRestarts_AmplitudeDecaysPerRestart()
    {
        var schedule = Schedule.CosineWarmRestarts(1, 4, 2, minimum: 0.2, amplitudeDecay: 0.5);
        schedule.At(4).Should().BeApproximately(0.2 + (0.8 * 0.5), Tolerance);
        schedule.At(12).Should().BeApproximately(0.2 + (0.8 * 0.25), Tolerance);
    }

    [Fact]
    public void Cyclic_Triangular_RisesAndFalls_MomentumInversely()
    {
        var schedule = Schedule.Cyclic(0.1, 0.5, 2, 2);
        Near(Values(schedule, 0, 1, 2, 3, 4, 6), 0.1, 0.3, 0.5, 0.3, 0.1, 0.5);
        var momentum = schedule.Momentum!;
        momentum.At(0).Should().Be(0.9);
        momentum.At(2).Should().BeApproximately(0.8, Tolerance);
        momentum.At(4).Should().Be(0.9);
        Schedule.Cyclic(0.1, 0.5, 3, 1).At(3).Should().Be(0.5, "an asymmetric cycle peaks after stepSizeUp");
    }

    [Fact]
    public void Cyclic_Triangular2AndExpRange_ScaleTheAmplitude()
    {
        Schedule.Cyclic(0.1, 0.5, 2, mode: CyclicMode.Triangular2).At(6).Should().BeApproximately(0.3, Tolerance, "the second cycle's peak is halved");
        Schedule.Cyclic(0.1, 0.5, 2, mode: CyclicMode.Triangular2).At(10).Should().BeApproximately(0.2, Tolerance, "the third cycle's peak is quartered");
        Schedule.Cyclic(0.1, 0.5, 2, mode: CyclicMode.ExpRange, gamma: 0.9).At(2).Should().BeApproximately(0.1 + (0.4 * 0.81), Tolerance);
        Schedule.CyclicCustom(0.1, 0.5, c => 1 / c, CyclicScaleMode.Cycle, 2).At(6).Should().BeApproximately(0.3, Tolerance);
    }

    [Fact]
    public void OneCycle_PhasesEndAtPyTorchsFractionalSteps()
    {
        // initial = 1/10 = 0.1, minimum = 0.1/100 = 0.001; phase ends at 0.3·10 − 1 = 2 and 9.
        var schedule = Schedule.OneCycle(1, 10, divFactor: 10, finalDivFactor: 100);
        schedule.At(0).Should().BeApproximately(0.1, Tolerance);
        schedule.At(1).Should().BeApproximately(0.55, Tolerance, "halfway up the cosine");
        schedule.At(2).Should().Be(1);
        schedule.At(9).Should().BeApproximately(0.001, Tolerance);
        schedule.At(10).Should().BeApproximately(0.001, Tolerance, "held past the horizon");
        schedule.Horizon.Should().Be(9);
        var momentum = schedule.Momentum!;
        momentum.At(0).Should().BeApproximately(0.95, Tolerance);
        momentum.At(2).Should().BeApproximately(0.85, Tolerance);
        momentum.At(9).Should().BeApproximately(0.95, Tolerance);
        Schedule.OneCycle(1, 10, divFactor: 10, annealing: Annealing.Linear).At(1).Should().BeApproximately(0.55, Tolerance);
    }

    [Fact]
    public void OneCycle_ThreePhase_ReturnsToInitialThenAnnihilates()
    {
        // Ends: 0.25·20 − 1 = 4, 2·0.25·20 − 2 = 8, 19.
        var schedule = Schedule.OneCycle(1, 20, 0.25, Annealing.Linear, divFactor: 4, finalDivFactor: 10, threePhase: true);
        Near(Values(schedule, 0, 2, 4, 6, 8), 0.25, 0.625, 1, 0.625, 0.25);
        schedule.At(19).Should().BeApproximately(0.025, Tolerance);
        schedule.Momentum!.At(12).Should().BeApproximately(0.95, Tolerance, "the third phase keeps the maximum momentum");
    }

    [Fact]
    public void WarmupStableDecay_ThreePhases()
    {
        var linear = Schedule.WarmupStableDecay(1, 2, 3, 4, Annealing.Linear, 0.2);
        Near(Values(linear, 0, 1, 2, 4, 5, 7, 9, 100), 0.2, 0.6, 1, 1, 1, 0.6, 0.2, 0.2);
        linear.Horizon.Should().Be(9);
        Schedule.WarmupStableDecay(1, 2, 3, 4, Annealing.OneMinusSqrt, 0.2).At(6).Should().BeApproximately(0.6, Tolerance, "1 − √0.25 = 0.5");
        Schedule.WarmupStableDecay(1, 2, 3, 4, Annealing.Cosine, 0.2).At(7).Should().BeApproximately(0.6, Tolerance);
        Schedule.WarmupStableDecay(1, 0, 0, 4).At(0).Should().Be(1, "no warmup, no stable phase: the decay starts at once");
    }

    [Fact]
    public void SwaAnneal_AnnealsFromTheStartToTheSwaRate_ThenHolds()
    {
        // α = (1 − cos(πt/E))/2, η = η_swa·α + η₀·(1 − α): step 0 is η₀, step E and after η_swa exactly.
        var schedule = Schedule.SwaAnneal(1, 0.2, 4);
        schedule.At(0).Should().Be(1);
        var quarter = (1 - Math.Cos(Math.PI / 4)) / 2;
        schedule.At(1).Should().BeApproximately((0.2 * quarter) + (1 - quarter), Tolerance);
        schedule.At(2).Should().BeApproximately(0.6, Tolerance, "halfway, α = 1/2");
        schedule.At(4).Should().Be(0.2);
        schedule.At(1_000_000).Should().Be(0.2);
        schedule.Horizon.Should().Be(4);
        Near(Values(Schedule.SwaAnneal(1, 0.2, 4, Annealing.Linear), 0, 1, 3, 4, 9), 1, 0.8, 0.4, 0.2, 0.2);
        Near(Values(Schedule.SwaAnneal(0.1, 0.5, 2, Annealing.Linear), 0, 1, 2), 0.1, 0.3, 0.5);
        Near(Values(Schedule.SwaAnneal(0.1, 0.05, 10), 10), 0.05);
        Schedule.SwaAnneal(0.1, 0.05, 0).At(0).Should().Be(0.05, "no anneal: the SWA rate from the first step, as PyTorch's anneal_epochs=0");
        Schedule.SwaAnneal(0.1, 0.05).At(10).Should().Be(0.05, "ten anneal steps by default");
    }

    [Fact]
    public void ThenSwaAnneal_StartsFromTheValueReached()
    {
        var schedule = Schedule.Cosine(1, 10).ThenSwaAnneal(5, 0.1, 4);
        schedule.At(4).Should().Be(Schedule.Cosine(1, 10).At(4));
        schedule.At(5).Should().BeApproximately(0.5, Tolerance, "the anneal's step 0 is the cosine's value at the switch");
        schedule.At(7).Should().BeApproximately((0.1 * 0.5) + (0.5 * 0.5), Tolerance);
        schedule.At(9).Should().Be(0.1);
        schedule.At(500).Should().Be(0.1);
        schedule.Horizon.Should().Be(9);
        var throwing = () => Schedule.Linear(1, 0, 4, AfterEnd.Throw).ThenSwaAnneal(5, 0.1);
        throwing.Should().Throw<InvalidOperationException>().WithMessage("*step 5*");
    }

    [Fact]
    public void FromFunction_AndFrom_EvaluateTheirSource()
    {
        Schedule.FromFunction(t => t * 0.5).At(3).Should().Be(1.5);
        var wrapped = Schedule.From(new HalfSchedule());
        wrapped.At(7).Should().Be(0.5);
        Schedule.From(wrapped).Should().BeSameAs(wrapped);
        var bad = () => Schedule.FromFunction(_ => -1).At(0);
        bad.Should().Throw<InvalidOperationException>();
        var nan = () => Schedule.FromFunction(_ => double.NaN).At(0);
        nan.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Sequence_PiecesSeeLocalSteps_AndKeepTheirPolicies()
    {
        var schedule = Schedule.Sequence([Schedule.Constant(1), Schedule.Linear(1, 0, 10)], [5]);
        Near(Values(schedule, 0, 4, 5, 10, 15, 100), 1, 1, 1, 0.5, 0, 0);
        schedule.Horizon.Should().Be(15);
        var three = Schedule.Constant(3).Then(Schedule.Constant(2), 2).Then(Schedule.Constant(1), 4);
        Near(Values(three, 0, 1, 2, 3, 4, 9), 3, 3, 2, 2, 1, 1);
        three.Horizon.Should().BeNull();
    }

    [Fact]
    public void WithWarmup_RampsToTheScheduleThenStartsIt()
    {
        var schedule = Schedule.Cosine(1, 10).WithWarmup(5, from: 0.1);
        schedule.At(0).Should().Be(0.1);
        schedule.At(1).Should().BeApproximately(0.1 + (0.9 / 4), Tolerance);
        schedule.At(4).Should().Be(1, "the last warmup step reaches the schedule's first value");
        schedule.At(5).Should().Be(1);
        schedule.At(10).Should().BeApproximately(0.5, Tolerance);
        schedule.Horizon.Should().Be(15);
        Near(Values(Schedule.Constant(2).WithWarmup(4), 0, 1, 2, 3, 4), 0.5, 1, 1.5, 2, 2);
    }

    [Fact]
    public void TimesAndClamp_ScaleMultiplyAndBound()
    {
        Schedule.Constant(2).Times(0.25).At(3).Should().Be(0.5);
        Schedule.Linear(0, 4, 4).Times(Schedule.Constant(0.5)).At(2).Should().Be(1);
        Near(Values(Schedule.Linear(0, 4, 4).Clamp(1, 3), 0, 2, 4), 1, 2, 3);
        var oneCycle = Schedule.OneCycle(1, 10);
        oneCycle.Times(2).Momentum.Should().BeSameAs(oneCycle.Momentum);
        oneCycle.Clamp(0, 0.5).Momentum.Should().BeSameAs(oneCycle.Momentum);
        oneCycle.Then(Schedule.Constant(0)).Momentum.Should().BeNull();
        oneCycle.Times(2).Horizon.Should().Be(9);
    }

    [Fact]
    public void At_NegativeStep_Throws()
    {
        var act = () => Schedule.Constant(1).At(-1);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("step");
    }

    [Fact]
    public void Then_WithoutHorizon_ThrowsInvalidOperation()
    {
        var act = () => Schedule.Constant(1).Then(Schedule.Constant(2));
        act.Should().Throw<InvalidOperationException>();
    }

    public static TheoryData<string, string> InvalidArguments() => new()
    {
        { "learningRate", "Constant(-1)" },
        { "learningRate", "Constant(NaN)" },
        { "learningRate", "Constant(+inf)" },
        { "stepSize", "StepDecay stepSize 0" },
        { "gamma", "StepDecay gamma -0.1" },
        { "milestones", "MultiStep milestone -1" },
        { "gamma", "Exponential gamma 0" },
        { "transitionSteps", "Exponential transitionSteps 0" },
        { "decayRate", "InverseTime decayRate -1" },
        { "decaySteps", "InverseTime decaySteps 0" },
        { "timescale", "InverseSqrt timescale 0" },
        { "steps", "Linear steps 0" },
        { "to", "Linear to -1" },
        { "afterEnd", "Linear afterEnd 7" },
        { "steps", "Warmup steps 0" },
        { "afterEnd", "Polynomial Continue" },
        { "power", "Polynomial power -1" },
        { "minimum", "Cosine minimum -1" },
        { "period", "CosineWarmRestarts period 0" },
        { "periodMultiplier", "CosineWarmRestarts multiplier 0.5" },
        { "amplitudeDecay", "CosineWarmRestarts amplitudeDecay -1" },
        { "stepSizeUp", "Cyclic stepSizeUp 0" },
        { "stepSizeDown", "Cyclic stepSizeDown 0" },
        { "maxLearningRate", "Cyclic maxLearningRate NaN" },
        { "mode", "Cyclic mode 9" },
        { "baseMomentum", "Cyclic baseMomentum -1" },
        { "baseLearningRate", "Cyclic baseLearningRate -1" },
        { "maxMomentum", "Cyclic maxMomentum -1" },
        { "scaleMode", "CyclicCustom scaleMode 9" },
        { "totalSteps", "OneCycle totalSteps 0" },
        { "pctStart", "OneCycle pctStart 1.5" },
        { "pctStart", "OneCycle empty first phase" },
        { "pctStart", "OneCycle empty last phase" },
        { "annealing", "OneCycle OneMinusSqrt" },
        { "divFactor", "OneCycle divFactor 0" },
        { "finalDivFactor", "OneCycle finalDivFactor 0" },
        { "decaySteps", "WarmupStableDecay decaySteps 0" },
        { "warmupSteps", "WarmupStableDecay warmupSteps -1" },
        { "minimum", "WarmupStableDecay minimum above peak" },
        { "milestones", "Sequence milestones not increasing" },
        { "milestones", "Sequence milestone 0" },
        { "milestones", "Sequence count mismatch" },
        { "at", "Then at 0" },
        { "steps", "WithWarmup steps 0" },
        { "from", "WithWarmup from -1" },
        { "factor", "Times factor -1" },
        { "maximum", "Clamp maximum below minimum" },
        { "minimum", "Clamp minimum -1" },
        { "factor", "ConstantLR factor 2" },
        { "startFactor", "LinearLR startFactor 0" },
        { "endFactor", "LinearLR endFactor 1.5" },
        { "tMult", "CosineAnnealingWarmRestarts tMult 0" },
        { "learningRate", "ChainedScheduler learningRate 0" },
        { "schedulers", "ChainedScheduler empty" },
        { "learningRate", "MultiStep learningRate -1" },
        { "gamma", "MultiStep gamma -1" },
        { "learningRate", "Polynomial learningRate -1" },
        { "steps", "Polynomial steps 0" },
        { "end", "Polynomial end -1" },
        { "learningRate", "CosineWarmRestarts learningRate -1" },
        { "minimum", "CosineWarmRestarts minimum -1" },
        { "gamma", "Cyclic gamma -1" },
        { "learningRate", "WarmupStableDecay learningRate -1" },
        { "stableSteps", "WarmupStableDecay stableSteps -1" },
        { "decay", "WarmupStableDecay decay 9" },
        { "minimum", "WarmupStableDecay minimum -1" },
        { "decaySteps", "WarmupStableDecay overflow" },
        { "learningRate", "LambdaLR learningRate -1" },
        { "learningRate", "ConstantLR learningRate -1" },
        { "totalIters", "ConstantLR totalIters -1" },
        { "learningRate", "LinearLR learningRate -1" },
        { "totalIters", "LinearLR totalIters -1" },
        { "totalIters", "PolynomialLR totalIters -1" },
        { "learningRate", "SwaAnneal learningRate -1" },
        { "swaLearningRate", "SwaAnneal swaLearningRate NaN" },
        { "annealSteps", "SwaAnneal annealSteps -1" },
        { "annealing", "SwaAnneal OneMinusSqrt" },
        { "at", "ThenSwaAnneal at 0" },
        { "swaLearningRate", "ThenSwaAnneal swaLearningRate -1" },
        { "annealSteps", "ThenSwaAnneal annealSteps -1" },
        { "maxLearningRate", "OneCycle maxLearningRate -1" },
        { "baseMomentum", "OneCycle baseMomentum -1" },
        { "maxMomentum", "OneCycle maxMomentum -1" },
    };

    [Theory]
    [MemberData(nameof(InvalidArguments))]
    public void Factory_InvalidArgument_ThrowsNamingIt(string parameter, string call)
    {
        Action act = call switch
        {
            "Constant(-1)" => () => Schedule.Constant(-1),
            "Constant(NaN)" => () => Schedule.Constant(double.NaN),
            "Constant(+inf)" => () => Schedule.Constant(double.PositiveInfinity),
            "StepDecay stepSize 0" => () => Schedule.StepDecay(1, 0),
            "StepDecay gamma -0.1" => () => Schedule.StepDecay(1, 1, -0.1),
            "MultiStep milestone -1" => () => Schedule.MultiStep(1, [3, -1]),
            "Exponential gamma 0" => () => Schedule.Exponential(1, 0),
            "Exponential transitionSteps 0" => () => Schedule.Exponential(1, 0.5, 0),
            "InverseTime decayRate -1" => () => Schedule.InverseTime(1, -1),
            "InverseTime decaySteps 0" => () => Schedule.InverseTime(1, 1, 0),
            "InverseSqrt timescale 0" => () => Schedule.InverseSqrt(1, 0),
            "Linear steps 0" => () => Schedule.Linear(0, 1, 0),
            "Linear to -1" => () => Schedule.Linear(0, -1, 5),
            "Linear afterEnd 7" => () => Schedule.Linear(0, 1, 5, (AfterEnd)7),
            "Warmup steps 0" => () => Schedule.Warmup(0, 1),
            "Polynomial Continue" => () => Schedule.Polynomial(1, 5, afterEnd: AfterEnd.Continue),
            "Polynomial power -1" => () => Schedule.Polynomial(1, 5, -1),
            "Cosine minimum -1" => () => Schedule.Cosine(1, 5, -1),
            "CosineWarmRestarts period 0" => () => Schedule.CosineWarmRestarts(1, 0),
            "CosineWarmRestarts multiplier 0.5" => () => Schedule.CosineWarmRestarts(1, 5, 0.5),
            "CosineWarmRestarts amplitudeDecay -1" => () => Schedule.CosineWarmRestarts(1, 5, amplitudeDecay: -1),
            "Cyclic stepSizeUp 0" => () => Schedule.Cyclic(0.1, 1, 0),
            "Cyclic stepSizeDown 0" => () => Schedule.Cyclic(0.1, 1, 5, 0),
            "Cyclic maxLearningRate NaN" => () => Schedule.Cyclic(0.1, double.NaN),
            "Cyclic mode 9" => () => Schedule.Cyclic(0.1, 1, mode: (CyclicMode)9),
            "Cyclic baseMomentum -1" => () => Schedule.Cyclic(0.1, 1, baseMomentum: -1),
            "Cyclic baseLearningRate -1" => () => Schedule.Cyclic(-1, 1),
            "Cyclic maxMomentum -1" => () => Schedule.Cyclic(0.1, 1, baseMomentum: 0, maxMomentum: -1),
            "CyclicCustom scaleMode 9" => () => Schedule.CyclicCustom(0.1, 1, _ => 1, (CyclicScaleMode)9),
            "OneCycle totalSteps 0" => () => Schedule.OneCycle(1, 0),
            "OneCycle pctStart 1.5" => () => Schedule.OneCycle(1, 100, 1.5),
            "OneCycle empty first phase" => () => Schedule.OneCycle(1, 10, 0.1),
            "OneCycle empty last phase" => () => Schedule.OneCycle(1, 10, 1.0),
            "OneCycle OneMinusSqrt" => () => Schedule.OneCycle(1, 100, annealing: Annealing.OneMinusSqrt),
            "OneCycle divFactor 0" => () => Schedule.OneCycle(1, 100, divFactor: 0),
            "OneCycle finalDivFactor 0" => () => Schedule.OneCycle(1, 100, finalDivFactor: 0),
            "WarmupStableDecay decaySteps 0" => () => Schedule.WarmupStableDecay(1, 1, 1, 0),
            "WarmupStableDecay warmupSteps -1" => () => Schedule.WarmupStableDecay(1, -1, 1, 1),
            "WarmupStableDecay minimum above peak" => () => Schedule.WarmupStableDecay(1, 1, 1, 1, minimum: 2),
            "Sequence milestones not increasing" => () => Schedule.Sequence([Schedule.Constant(1), Schedule.Constant(2), Schedule.Constant(3)], [5, 5]),
            "Sequence milestone 0" => () => Schedule.Sequence([Schedule.Constant(1), Schedule.Constant(2)], [0]),
            "Sequence count mismatch" => () => Schedule.Sequence([Schedule.Constant(1), Schedule.Constant(2)], [1, 2]),
            "Then at 0" => () => Schedule.Constant(1).Then(Schedule.Constant(2), 0),
            "WithWarmup steps 0" => () => Schedule.Constant(1).WithWarmup(0),
            "WithWarmup from -1" => () => Schedule.Constant(1).WithWarmup(3, -1),
            "Times factor -1" => () => Schedule.Constant(1).Times(-1),
            "Clamp maximum below minimum" => () => Schedule.Constant(1).Clamp(2, 1),
            "Clamp minimum -1" => () => Schedule.Constant(1).Clamp(-1, 1),
            "ConstantLR factor 2" => () => PyTorchSchedules.ConstantLR(1, 2),
            "LinearLR startFactor 0" => () => PyTorchSchedules.LinearLR(1, 0),
            "LinearLR endFactor 1.5" => () => PyTorchSchedules.LinearLR(1, 0.5, 1.5),
            "CosineAnnealingWarmRestarts tMult 0" => () => PyTorchSchedules.CosineAnnealingWarmRestarts(1, 5, 0),
            "ChainedScheduler learningRate 0" => () => PyTorchSchedules.ChainedScheduler(0, Schedule.Constant(1)),
            "ChainedScheduler empty" => () => PyTorchSchedules.ChainedScheduler(1),
            "MultiStep learningRate -1" => () => Schedule.MultiStep(-1, [3]),
            "MultiStep gamma -1" => () => Schedule.MultiStep(1, [3], -1),
            "Polynomial learningRate -1" => () => Schedule.Polynomial(-1, 5),
            "Polynomial steps 0" => () => Schedule.Polynomial(1, 0),
            "Polynomial end -1" => () => Schedule.Polynomial(1, 5, end: -1),
            "CosineWarmRestarts learningRate -1" => () => Schedule.CosineWarmRestarts(-1, 5),
            "CosineWarmRestarts minimum -1" => () => Schedule.CosineWarmRestarts(1, 5, minimum: -1),
            "Cyclic gamma -1" => () => Schedule.Cyclic(0.1, 1, gamma: -1),
            "WarmupStableDecay learningRate -1" => () => Schedule.WarmupStableDecay(-1, 1, 1, 1),
            "WarmupStableDecay stableSteps -1" => () => Schedule.WarmupStableDecay(1, 1, -1, 1),
            "WarmupStableDecay decay 9" => () => Schedule.WarmupStableDecay(1, 1, 1, 1, (Annealing)9),
            "WarmupStableDecay minimum -1" => () => Schedule.WarmupStableDecay(1, 1, 1, 1, minimum: -1),
            "WarmupStableDecay overflow" => () => Schedule.WarmupStableDecay(1, long.MaxValue, 1, 1),
            "LambdaLR learningRate -1" => () => PyTorchSchedules.LambdaLR(-1, _ => 1),
            "ConstantLR learningRate -1" => () => PyTorchSchedules.ConstantLR(-1),
            "ConstantLR totalIters -1" => () => PyTorchSchedules.ConstantLR(1, 0.5, -1),
            "LinearLR learningRate -1" => () => PyTorchSchedules.LinearLR(-1),
            "LinearLR totalIters -1" => () => PyTorchSchedules.LinearLR(1, 0.5, 1, -1),
            "PolynomialLR totalIters -1" => () => PyTorchSchedules.PolynomialLR(1, -1),
            "SwaAnneal learningRate -1" => () => Schedule.SwaAnneal(-1, 0.1),
            "SwaAnneal swaLearningRate NaN" => () => Schedule.SwaAnneal(0.1, double.NaN),
            "SwaAnneal annealSteps -1" => () => Schedule.SwaAnneal(0.1, 0.01, -1),
            "SwaAnneal OneMinusSqrt" => () => Schedule.SwaAnneal(0.1, 0.01, 5, Annealing.OneMinusSqrt),
            "ThenSwaAnneal at 0" => () => Schedule.Constant(1).ThenSwaAnneal(0, 0.1),
            "ThenSwaAnneal swaLearningRate -1" => () => Schedule.Constant(1).ThenSwaAnneal(5, -1),
            "ThenSwaAnneal annealSteps -1" => () => Schedule.Constant(1).ThenSwaAnneal(5, 0.1, -1),
            "OneCycle maxLearningRate -1" => () => Schedule.OneCycle(-1, 100),
            "OneCycle baseMomentum -1" => () => Schedule.OneCycle(1, 100, baseMomentum: -1),
            "OneCycle maxMomentum -1" => () => Schedule.OneCycle(1, 100, maxMomentum: -1),
            _ => throw new ArgumentException(call, nameof(call)),
        };
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(parameter, call);
    }

    [Fact]
    public void Factories_AcceptTheirClosedBounds()
    {
        Schedule.Constant(1).Clamp(0.3, 0.3).At(0).Should().Be(0.3, "a clamp to one value is allowed");
        Schedule.WarmupStableDecay(0.5, 1, 1, 2, minimum: 0.5).At(3).Should().Be(0.5, "a minimum equal to the peak is allowed");
        var longest = Schedule.WarmupStableDecay(1, long.MaxValue - 3, 1, 2);
        longest.At(0).Should().Be(0, "the largest warmup that does not overflow is allowed");
    }

    [Fact]
    public void Factory_NullArguments_ThrowArgumentNull()
    {
        var calls = new Action[]
        {
            () => Schedule.MultiStep(1, null!),
            () => Schedule.FromFunction(null!),
            () => Schedule.From(null!),
            () => Schedule.Sequence(null!, []),
            () => Schedule.Sequence([Schedule.Constant(1), null!], [3]),
            () => Schedule.CyclicCustom(0.1, 1, null!, CyclicScaleMode.Cycle),
            () => Schedule.Constant(1).Then(null!, 3),
            () => Schedule.Constant(1).Times(null!),
            () => PyTorchSchedules.LambdaLR(1, null!),
            () => PyTorchSchedules.MultiplicativeLR(1, null!),
        };
        foreach (var call in calls)
        {
            call.Should().Throw<ArgumentNullException>();
        }
    }

    private static double[] Values(Schedule schedule, params long[] steps) => [.. steps.Select(schedule.At)];

    private static void Near(double[] actual, params double[] expected)
    {
        actual.Should().HaveSameCount(expected);
        for (var i = 0; i < expected.Length; i++)
        {
            actual[i].Should().BeApproximately(expected[i], Tolerance, $"value {i} of {string.Join(", ", actual)}");
        }
    }

    private sealed class HalfSchedule : ILearningRateSchedule
    {
        public double At(long step) => 0.5;
    }
}
