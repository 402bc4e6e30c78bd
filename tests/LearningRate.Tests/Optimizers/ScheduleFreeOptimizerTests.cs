using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Tests.Infrastructure;
using LearningRate.Training;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// What the schedule-free optimizers add to every optimizer, for every schedule-free case of the catalogue: the switch of
/// the parameter memory between y and x, which must be exact in both directions and leave training unchanged; a step
/// refused in evaluation mode; the mode kept by checkpoints and snapshots; the group scalars under groups, schedules and
/// the range test.
/// </summary>
public class ScheduleFreeOptimizerTests
{
    /// <summary>37 elements: the widest vectors and the scalar tail of the kernels and of Train()'s interpolation.</summary>
    private const int Length = 37;

    public static TheoryData<string> Cases() =>
        [.. OptimizerCases.All.Keys.Order(StringComparer.Ordinal).Where(name => ScheduleFreeModes.IsScheduleFree(OptimizerCases.All[name].Descriptor.OptimizerType))];

    [Theory]
    [MemberData(nameof(Cases))]
    public void EvalAndTrain_SwitchTheMemoryExactly_AndTrainingContinuesAsIfNeverSwitched(string name)
    {
        Check<float>(OptimizerCases.All[name]);
        Check<double>(OptimizerCases.All[name]);

        static void Check<T>(OptimizerCase @case)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var start = TestData.Uniform<T>(new Random(2), Length, -1, 1);
            T[] value = start.ToArray(), gradient = new T[Length], twinValue = start.ToArray(), twinGradient = new T[Length];
            var optimizer = @case.Create<T>(value, gradient);
            var twin = @case.Create<T>(twinValue, twinGradient);
            var modes = (IScheduleFreeOptimizer)optimizer;
            var parameter = Single<T>(optimizer);
            var random = new Random(8);
            TrainBoth(optimizer, twin, random, 3, gradient, twinGradient);

            T[] x = new T[Length], y = value.ToArray(), copy = new T[Length];
            ScheduleFreeModes.CopyEvaluationParameters<T>(optimizer, parameter, x);
            ScheduleFreeModes.CopyTrainingParameters<T>(optimizer, parameter, copy);
            TestData.ShouldHaveSameBits<T>(copy, y, $"{@case.Name}: y in training mode is the parameter memory");

            modes.Eval();
            modes.IsInEvaluationMode.Should().BeTrue();
            TestData.ShouldHaveSameBits<T>(value, x, $"{@case.Name}: Eval() writes x");
            ScheduleFreeModes.CopyTrainingParameters<T>(optimizer, parameter, copy);
            TestData.ShouldHaveSameBits<T>(copy, y, $"{@case.Name}: y recomputed in evaluation mode");
            ScheduleFreeModes.CopyEvaluationParameters<T>(optimizer, parameter, copy);
            TestData.ShouldHaveSameBits<T>(copy, x, $"{@case.Name}: x in evaluation mode");
            modes.Eval();
            TestData.ShouldHaveSameBits<T>(value, x, $"{@case.Name}: a second Eval() changes nothing");

            modes.Train();
            modes.IsInEvaluationMode.Should().BeFalse();
            TestData.ShouldHaveSameBits<T>(value, y, $"{@case.Name}: Train() writes back y bit for bit");
            modes.Train();
            TestData.ShouldHaveSameBits<T>(value, y, $"{@case.Name}: a second Train() changes nothing");

            TrainBoth(optimizer, twin, random, 3, gradient, twinGradient);
            OptimizerSnapshot.Of<T>(optimizer).Should().Be(OptimizerSnapshot.Of<T>(twin));
        }
    }

    /// <summary>A step in evaluation mode would take the gradient at x and treat it as y: it throws first, even before the non-finite policy would skip.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_InEvaluationMode_Throws_AndChangesNothing(string name)
    {
        var gradient = new double[Length];
        var optimizer = OptimizerCases.All[name].Create<double>(TestData.Uniform<double>(new Random(4), Length, -1, 1), gradient);
        TestData.Uniform<double>(new Random(5), Length, -1, 1).CopyTo(gradient, 0);
        optimizer.Step();
        ((IScheduleFreeOptimizer)optimizer).Eval();
        var before = OptimizerSnapshot.Of<double>(optimizer);

        var act = () => optimizer.Step();
        act.Should().Throw<InvalidOperationException>().WithMessage("*evaluation mode*Train()*");
        gradient[3] = double.NaN;
        act.Should().Throw<InvalidOperationException>("the mode is checked before the gradients");

        OptimizerSnapshot.Of<double>(optimizer).Should().Be(before);
        optimizer.StepCount.Should().Be(1);
        optimizer.ConsecutiveSkips.Should().Be(0);
    }

    /// <summary>Upstream creates z, x and y on a parameter's first update; until then the switch leaves the parameter alone.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void ParameterNotYetUpdated_KeepsItsValues_InBothModes(string name)
    {
        var gradient = new double[Length];
        var optimizer = OptimizerCases.All[name].Create<double>(TestData.Uniform<double>(new Random(6), Length, -1, 1), gradient);
        TestData.Uniform<double>(new Random(7), Length, -1, 1).CopyTo(gradient, 0);
        optimizer.Step();
        double[] lateValue = [1.5, -2.5, 3.25];
        var late = ScheduleFreeModes.Register<double>(optimizer, "late", lateValue, new double[3], inNewGroup: false);
        var copy = new double[3];

        ((IScheduleFreeOptimizer)optimizer).Eval();
        lateValue.Should().Equal(1.5, -2.5, 3.25);
        ScheduleFreeModes.CopyEvaluationParameters<double>(optimizer, late, copy);
        copy.Should().Equal(lateValue);
        ScheduleFreeModes.CopyTrainingParameters<double>(optimizer, late, copy);
        copy.Should().Equal(lateValue);
        ((IScheduleFreeOptimizer)optimizer).Train();
        lateValue.Should().Equal(1.5, -2.5, 3.25);
    }

    /// <summary>
    /// Upstream recommends saving in evaluation mode. The checkpoint holds the memory (x) and the mode, so the loaded
    /// optimizer is in evaluation mode with x in memory, and after Train() it continues bit for bit as a run that never stopped.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Checkpoint_SavedInEvaluationMode_ResumesInEvaluationMode_AndTrainsOnExactly(string name)
    {
        Check<float>(OptimizerCases.All[name]);
        Check<double>(OptimizerCases.All[name]);

        static void Check<T>(OptimizerCase @case)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int N = 4;
            var start = TestData.Uniform<T>(new Random(3), Length, -1, 1);
            T[] gradient = new T[Length], resumedGradient = new T[Length];
            var uninterrupted = @case.Create<T>(start.ToArray(), gradient);
            Train(uninterrupted, new Random(9), 2 * N, gradient);

            var first = @case.Create<T>(start.ToArray(), gradient);
            var random = new Random(9);
            Train(first, random, N, gradient);
            ((IScheduleFreeOptimizer)first).Eval();
            var bytes = Save(first);

            var resumedValue = new T[Length];
            var resumed = @case.Create<T>(resumedValue, resumedGradient);
            Load(resumed, bytes);
            ((IScheduleFreeOptimizer)resumed).IsInEvaluationMode.Should().BeTrue();
            OptimizerSnapshot.Of<T>(resumed).Should().Be(OptimizerSnapshot.Of<T>(first), "the memory holds x, as when it was saved");
            ((IScheduleFreeOptimizer)resumed).Train();
            Train(resumed, random, N, resumedGradient);

            OptimizerSnapshot.Of<T>(resumed).Should().Be(OptimizerSnapshot.Of<T>(uninterrupted));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Snapshot_RestoresTheModeWithTheMemory(string name)
    {
        var value = TestData.Uniform<double>(new Random(1), Length, -1, 1);
        var gradient = TestData.Uniform<double>(new Random(2), Length, -1, 1);
        var optimizer = (IOptimizer<double>)OptimizerCases.All[name].Create<double>(value, gradient);
        optimizer.Step();
        var y = value.ToArray();
        var snapshot = optimizer.CaptureSnapshot();
        ((IScheduleFreeOptimizer)optimizer).Eval();
        snapshot.Restore();
        ((IScheduleFreeOptimizer)optimizer).IsInEvaluationMode.Should().BeFalse();
        value.Should().Equal(y);

        ((IScheduleFreeOptimizer)optimizer).Eval();
        var x = value.ToArray();
        var inEvaluation = optimizer.CaptureSnapshot();
        ((IScheduleFreeOptimizer)optimizer).Train();
        inEvaluation.Restore();
        ((IScheduleFreeOptimizer)optimizer).IsInEvaluationMode.Should().BeTrue();
        value.Should().Equal(x);
    }

    /// <summary>The range test sweeps y with the swept rate, moving k, lr_max and weight_sum; it restores all of them.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void RangeTest_LeavesNoTrace(string name)
    {
        var start = TestData.Uniform<double>(new Random(12), Length, -1, 1);
        double[] value = start.ToArray(), gradient = new double[Length], twinValue = start.ToArray(), twinGradient = new double[Length];
        var optimizer = OptimizerCases.All[name].Create<double>(value, gradient);
        var twin = OptimizerCases.All[name].Create<double>(twinValue, twinGradient);
        var random = new Random(13);
        TrainBoth(optimizer, twin, random, 2, gradient, twinGradient);

        new LearningRateFinder(optimizer, new LearningRateFinderOptions { Steps = 15 }).Run(_ =>
        {
            var loss = 0.0;
            for (var i = 0; i < Length; i++)
            {
                gradient[i] = value[i] - 0.25;
                loss += 0.5 * gradient[i] * gradient[i];
            }

            optimizer.Step();
            return loss;
        });

        gradient.AsSpan().Clear();
        TrainBoth(optimizer, twin, random, 3, gradient, twinGradient);
        OptimizerSnapshot.Of<double>(optimizer).Should().Be(OptimizerSnapshot.Of<double>(twin));
    }

    /// <summary>
    /// A bound schedule sets γ, the warmup multiplies it, and lr_max keeps the largest γ_k: the optimizer follows the
    /// reference whose group lr is set to the schedule's value before each step (as a PyTorch scheduler sets it).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Schedule_SetsTheGroupRate_UnderTheWarmup_AsUpstreamReadsGroupLr(string name)
    {
        var @case = OptimizerCases.All[name];
        var value = TestData.Uniform<double>(new Random(20), Length, -1, 1);
        var expected = value.ToArray();
        var gradient = new double[Length];
        var optimizer = @case.Create<double>(value, gradient);
        var reference = @case.CreateReference(Length);
        var schedule = Schedule.FromFunction(step => 0.08 / (1 + step) + (step == 3 ? 0.2 : 0));
        optimizer.Groups[0].Schedule = schedule;
        var random = new Random(21);
        for (var step = 0; step < 8; step++)
        {
            TestData.Uniform<double>(random, Length, -1, 1).CopyTo(gradient, 0);
            ScheduleFreeModes.SetLearningRate(reference, schedule.At(step));
            optimizer.Step();
            reference.Step(expected, (double[])gradient.Clone());
            for (var i = 0; i < Length; i++)
            {
                value[i].Should().BeApproximately(expected[i], 1e-12 * (1 + Math.Abs(expected[i])), $"{name}: y[{i}] after step {step + 1}");
            }
        }

        var x = new double[Length];
        ScheduleFreeModes.CopyEvaluationParameters<double>(optimizer, ((IOptimizer<double>)optimizer).Parameters.Cast<Parameter<double>>().Single(), x);
        var referenceX = ScheduleFreeModes.X(reference);
        for (var i = 0; i < Length; i++)
        {
            x[i].Should().BeApproximately(referenceX[i], 1e-12 * (1 + Math.Abs(referenceX[i])), $"{name}: x[{i}]");
        }
    }

    /// <summary>
    /// Upstream keeps k, lr_max and weight_sum per group: a group added after three updates starts its own count (its
    /// warmup, weights and AdamW's bias correction start over), while the first group carries on.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void GroupAddedLater_StartsItsOwnCount(string name)
    {
        var @case = OptimizerCases.All[name];
        double[] a = TestData.Uniform<double>(new Random(30), Length, -1, 1), ga = new double[Length];
        double[] b = TestData.Uniform<double>(new Random(31), 5, -1, 1), gb = new double[5];
        double[] expectedA = a.ToArray(), expectedB = b.ToArray();
        var optimizer = @case.Create<double>(a, ga);
        var referenceA = @case.CreateReference(Length);
        var referenceB = @case.CreateReference(5);
        var random = new Random(32);
        for (var step = 0; step < 7; step++)
        {
            if (step == 3)
            {
                ScheduleFreeModes.Register<double>(optimizer, "b", b, gb, inNewGroup: true);
            }

            TestData.Uniform<double>(random, Length, -1, 1).CopyTo(ga, 0);
            TestData.Uniform<double>(random, 5, -1, 1).CopyTo(gb, 0);
            optimizer.Step();
            referenceA.Step(expectedA, (double[])ga.Clone());
            if (step >= 3)
            {
                referenceB.Step(expectedB, (double[])gb.Clone());
            }
        }

        for (var i = 0; i < Length; i++)
        {
            a[i].Should().BeApproximately(expectedA[i], 1e-12 * (1 + Math.Abs(expectedA[i])), $"{name}: a[{i}]");
        }

        for (var i = 0; i < 5; i++)
        {
            b[i].Should().BeApproximately(expectedB[i], 1e-12 * (1 + Math.Abs(expectedB[i])), $"{name}: b[{i}]");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Copy_InvalidArguments_Throw_NamingThem(string name)
    {
        var value = new double[4];
        var optimizer = OptimizerCases.All[name].Create<double>(value, new double[4]);
        var parameter = Single<double>(optimizer);
        var stranger = Single<double>(OptimizerCases.All[name].Create<double>(new double[4], new double[4]));

        var unregistered = () => ScheduleFreeModes.CopyEvaluationParameters<double>(optimizer, stranger, new double[4]);
        var shortDestination = () => ScheduleFreeModes.CopyTrainingParameters<double>(optimizer, parameter, new double[3]);
        var intoItself = () => ScheduleFreeModes.CopyEvaluationParameters<double>(optimizer, parameter, value);
        var nullParameter = () => ScheduleFreeModes.CopyTrainingParameters<double>(optimizer, null!, new double[4]);

        unregistered.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("parameter");
        shortDestination.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("destination");
        intoItself.Should().Throw<ArgumentException>().WithMessage("*Eval() and Train()*").Which.ParamName.Should().Be("destination");
        nullParameter.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("parameter");
    }

    private static Parameter<T> Single<T>(IOptimizer optimizer)
        where T : unmanaged, IFloatingPointIeee754<T> => ((IOptimizer<T>)optimizer).Parameters.Cast<Parameter<T>>().Single();

    private static void TrainBoth<T>(IOptimizer optimizer, IOptimizer twin, Random random, int steps, T[] gradient, T[] twinGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var step = 0; step < steps; step++)
        {
            TestData.Uniform<T>(random, gradient.Length, -1, 1).CopyTo(gradient, 0);
            gradient.CopyTo(twinGradient, 0);
            optimizer.Step();
            twin.Step();
        }
    }
}
