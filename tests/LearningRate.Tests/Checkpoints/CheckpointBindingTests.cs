using LearningRate.Checkpoints;
using LearningRate.Controllers;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Optimizers;
using static LearningRate.Tests.Checkpoints.CheckpointTestData;

namespace LearningRate.Tests.Checkpoints;

/// <summary>Schedules (checked by fingerprint) and controllers (restored) resume exactly with the optimizer.</summary>
public class CheckpointBindingTests
{
    public static TheoryData<string, string> CasesAndBindings()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in OptimizerCases.All.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var binding in Bindings.Keys)
            {
                data.Add(name, binding);
            }
        }

        return data;
    }

    /// <summary>The bindings; a schedule that can cycle momentum is built with <c>cycleMomentum</c> as the case allows.</summary>
    private static Dictionary<string, Func<bool, (Schedule? Schedule, bool Momentum, bool Plateau, bool Bold)>> Bindings { get; } = new()
    {
        ["warmup-cosine+plateau"] = _ => (Schedule.Warmup(3, to: 0.05).Then(Schedule.Cosine(0.05, 20, minimum: 1e-3)), false, true, false),
        ["step-decay+bold-driver"] = _ => (Schedule.StepDecay(0.03, 4, gamma: 0.5), false, false, true),
        ["one-cycle-momentum+both"] = cycle => (PyTorchSchedules.OneCycleLR(0.05, 30, cycleMomentum: cycle), true, true, true),
        ["cosine-then-swa-anneal+plateau"] = _ => (Schedule.Cosine(0.05, 20).ThenSwaAnneal(6, 0.01, 8), false, true, false),
        ["plateau-only"] = _ => (null, false, true, false),
    };

    [Theory]
    [MemberData(nameof(CasesAndBindings))]
    public void Resume_WithScheduleAndControllers_IsBitIdentical(string name, string binding)
    {
        Check<float>(OptimizerCases.All[name], binding);
        Check<double>(OptimizerCases.All[name], binding);

        static void Check<T>(OptimizerCase @case, string binding)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int Length = 33, N = 9;
            var start = TestData.Uniform<T>(new Random(8), Length, -1, 1);

            var uninterrupted = Build<T>(@case, binding, start.ToArray(), out var g0, out var c0);
            var lossRandom = new Random(12);
            var gradientRandom = new Random(13);
            var reports0 = Run(uninterrupted, c0, g0, gradientRandom, lossRandom, 0, 2 * N);

            var first = Build<T>(@case, binding, start.ToArray(), out var g1, out var c1);
            lossRandom = new Random(12);
            gradientRandom = new Random(13);
            var reports1 = Run(first, c1, g1, gradientRandom, lossRandom, 0, N);
            var bytes = Save(first);

            var resumed = Build<T>(@case, binding, new T[Length], out var g2, out var c2);
            Load(resumed, bytes);
            reports1.AddRange(Run(resumed, c2, g2, gradientRandom, lossRandom, N, 2 * N));

            reports1.Should().Equal(reports0);
            OptimizerSnapshot.Of<T>(resumed).Should().Be(OptimizerSnapshot.Of<T>(uninterrupted));
            resumed.Groups[0].NextLearningRate.Should().Be(uninterrupted.Groups[0].NextLearningRate);
            resumed.Groups[0].LastLearningRate.Should().Be(uninterrupted.Groups[0].LastLearningRate);
            c2.Select(Describe).Should().Equal(c0.Select(Describe));
        }
    }

    [Fact]
    public void OtherSchedule_Throws_ScheduleMismatch_AndChangesNothing()
    {
        var source = Build<double>(OptimizerCases.All["adam"], "warmup-cosine+plateau", new double[4], out var gradient, out _);
        Train(source, new Random(1), 5, gradient);
        var bytes = Save(source);

        var other = Build<double>(OptimizerCases.All["adam"], "warmup-cosine+plateau", new double[4], out _, out _);
        other.Groups[0].Schedule = Schedule.Warmup(3, to: 0.05).Then(Schedule.Cosine(0.05, 21, minimum: 1e-3));
        LoadFails<double>(other, bytes, CheckpointError.ScheduleMismatch).Message.Should().Contain("schedule");

        var none = Build<double>(OptimizerCases.All["adam"], "plateau-only", new double[4], out _, out _);
        LoadFails<double>(none, bytes, CheckpointError.ScheduleMismatch).Message.Should().Contain("none is bound here");

        // Saved without a schedule, one bound here: a schedule chosen for the rest of the run is allowed.
        var added = Build<double>(OptimizerCases.All["adam"], "plateau-only", new double[4], out _, out _);
        added.Groups[0].Schedule = Schedule.Constant(0.01);
        Load(added, Save(none));
        added.Groups[0].Schedule.Should().NotBeNull();
    }

    [Fact]
    public void OtherControllers_Throw_ControllerMismatch_AndChangeNothing()
    {
        var source = Build<float>(OptimizerCases.All["adam"], "one-cycle-momentum+both", new float[4], out var gradient, out var controllers);
        var plateau = (ReduceOnPlateau)controllers[0];
        for (var i = 0; i < 6; i++)
        {
            plateau.Report(1.0);
        }

        var bytes = Save(source);

        var missing = Build<float>(OptimizerCases.All["adam"], "one-cycle-momentum+both", new float[4], out _, out var c1);
        missing.Groups[0].RemoveController(c1[1]);
        LoadFails<float>(missing, bytes, CheckpointError.ControllerMismatch);

        var swapped = Build<float>(OptimizerCases.All["adam"], "one-cycle-momentum+both", new float[4], out _, out var c2);
        swapped.Groups[0].RemoveController(c2[0]);
        swapped.Groups[0].AddController(c2[0]);
        LoadFails<float>(swapped, bytes, CheckpointError.ControllerMismatch);

        // A plateau that cannot have reached the saved state: its base learning rate is below the saved one.
        var strictPlateau = Build<float>(OptimizerCases.All["adam"], "step-decay+bold-driver", new float[4], out _, out var c3);
        strictPlateau.Groups[0].Schedule = PyTorchSchedules.OneCycleLR(0.05, 30);
        strictPlateau.Groups[0].MomentumSchedule = PyTorchSchedules.OneCycleLR(0.05, 30).Momentum;
        strictPlateau.Groups[0].RemoveController(c3[0]);
        strictPlateau.Groups[0].AddController(new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 2, Cooldown = 1, BaseLearningRate = 0.001 }));
        strictPlateau.Groups[0].AddController(new BoldDriver());
        var plateauBefore = Describe(strictPlateau.Groups[0].Controllers[0]);
        LoadFails<float>(strictPlateau, bytes, CheckpointError.ControllerMismatch).Message.Should().Contain("controller 0");
        Describe(strictPlateau.Groups[0].Controllers[0]).Should().Be(plateauBefore);
    }

    [Fact]
    public void AScheduleOfAnotherType_IsAScheduleMismatch()
    {
        var source = OneParameter();
        source.Groups[0].Schedule = Schedule.Cosine(0.01, 20);
        source.Step();
        var target = OneParameter();
        target.Groups[0].Schedule = PyTorchSchedules.OneCycleLR(0.01, 20);

        LoadFails<double>(target, Save(source), CheckpointError.ScheduleMismatch).Message
            .Should().Be("The checkpoint was saved with the learning-rate schedule of group 0 of kind 'cosine'; one of kind 'one-cycle' is bound here.");
    }

    [Fact]
    public void ACallersOwnController_IsCheckedByKindOnly_AndRoundTrips()
    {
        var source = OneParameter(new FixedScale(0.5));
        source.Step();
        var bytes = Save(source);
        var target = OneParameter();
        var own = new FixedScale(0.25);
        target.Groups[0].AddController(own);

        Load(target, bytes);

        target.StepCount.Should().Be(1);
        target.Groups[0].Controllers.Should().Equal(own);
        var plateau = OneParameter(new ReduceOnPlateau());
        LoadFails<double>(plateau, bytes, CheckpointError.ControllerMismatch).Message
            .Should().Be("Controller 0 of group 0 was of kind 'external' when saved; one of kind 'reduce-on-plateau' is attached here.");
    }

    [Theory]
    [InlineData("external", "unknown-kind")]
    [InlineData("external", "ReduceOnPlateau")] // format 1's type name is no kind of format 2
    [InlineData("external", "")]
    public void AnUnknownControllerKind_IsAControllerMismatch(string saved, string renamed)
    {
        var bytes = Save(OneParameter(new FixedScale(0.5)));
        var end = After(bytes, saved);
        var edited = Splice(bytes, end - 4 - saved.Length, 4 + saved.Length, [.. BitConverter.GetBytes(renamed.Length), .. System.Text.Encoding.UTF8.GetBytes(renamed)]);

        LoadFails<double>(OneParameter(new FixedScale(0.5)), edited, CheckpointError.ControllerMismatch).Message
            .Should().Be($"Controller 0 of group 0 was of kind '{renamed}' when saved; one of kind 'external' is attached here.");
    }

    [Fact]
    public void ANegativeProbeStep_IsMalformed()
    {
        var source = OneParameter();
        source.Groups[0].Schedule = Schedule.Cosine(0.01, 20);
        var bytes = Save(source);
        var firstStep = After(bytes, "cosine") + 4; // after the kind and the probe count
        BitConverter.GetBytes(-1L).CopyTo(bytes, firstStep);
        var target = OneParameter();
        target.Groups[0].Schedule = Schedule.Cosine(0.01, 20);

        LoadFails<double>(target, Reseal(bytes), CheckpointError.Malformed).Message.Should().Be("Probe 0 of the learning-rate schedule of group 0 is at step -1; a checkpoint at step 0 probes step 0 there.");
    }

    [Fact]
    public void AControllerSavedUnderAnotherKind_IsAControllerMismatch_BeforeItsStateIsRead()
    {
        // The plateau's state saved under the bold driver's kind: the kinds are compared before any state is read.
        var source = OneParameter(new ReduceOnPlateau(), new BoldDriver());
        var bytes = Save(source);
        var edited = Splice(bytes, After(bytes, "reduce-on-plateau") - 17 - 4, 4 + 17, [.. BitConverter.GetBytes(11), .. "bold-driver"u8]);

        LoadFails<double>(OneParameter(new ReduceOnPlateau(), new BoldDriver()), edited, CheckpointError.ControllerMismatch).Message
            .Should().Be("Controller 0 of group 0 was of kind 'bold-driver' when saved; one of kind 'reduce-on-plateau' is attached here.");
    }

    [Fact]
    public void ABoldDriverStateOutsideTheOptionsHere_IsAControllerMismatch_AndChangesNothing()
    {
        var source = OneParameter();
        var driver = new BoldDriver();
        source.Groups[0].AddController(driver);
        driver.Report(2);
        driver.Report(1);
        driver.Scale.Should().BeGreaterThan(1);
        var bytes = Save(source);

        var target = OneParameter();
        var capped = new BoldDriver(new BoldDriverOptions { MaxScale = 1 });
        target.Groups[0].AddController(capped);
        capped.Report(3);
        var before = capped.CaptureState();

        LoadFails<double>(target, bytes, CheckpointError.ControllerMismatch).Message.Should().Contain("controller 0 of group 0");
        capped.CaptureState().Should().Be(before);
    }

    [Fact]
    public void ValidControllers_AreUntouched_WhenALaterPartOfTheCheckpointFails()
    {
        var source = Build<double>(OptimizerCases.All["adam"], "one-cycle-momentum+both", new double[4], out var gradient, out var saved);
        Train(source, new Random(3), 3, gradient);
        ((ReduceOnPlateau)saved[0]).Report(0.5);
        ((BoldDriver)saved[1]).Report(0.5);
        var bytes = Save(source);

        // Same bindings, but the parameter has another length: the controllers are read first, then this fails.
        var target = Build<double>(OptimizerCases.All["adam"], "one-cycle-momentum+both", new double[5], out _, out var attached);
        ((ReduceOnPlateau)attached[0]).Report(2);
        ((BoldDriver)attached[1]).Report(2);
        var before = attached.Select(Describe).ToList();

        LoadFails<double>(target, bytes, CheckpointError.LengthMismatch);

        attached.Select(Describe).Should().Equal(before);
    }

    [Fact]
    public void AMomentumScheduleBoundOnlyHere_GetsItsBufferOnLoad()
    {
        var source = new Sgd<double>(new SgdOptions { LearningRate = 0.1 });
        source.Add("p", new double[] { 1 }, new double[] { 1 });
        source.Step();
        var target = new Sgd<double>(new SgdOptions { LearningRate = 0.1 });
        var p = target.Add("p", new double[] { 5 }, new double[] { 1 });
        target.Groups[0].MomentumSchedule = Schedule.Constant(0.5);

        Load(target, Save(source));

        p.State[0].Should().NotBeNull("a momentum schedule needs the velocity buffer");
        target.Step();
        p.Value.Span[0].Should().Be(0.9 - 0.1, "the first step with momentum starts its buffer at the gradient");
    }

    private static IOptimizer Build<T>(OptimizerCase @case, string binding, T[] value, out T[] gradient, out List<ILearningRateController> controllers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        gradient = new T[value.Length];
        var optimizer = @case.Create<T>(value, gradient);
        var group = optimizer.Groups[0];

        // Momentum is cycled where the case has it: the β1 of the Adam family (Adam, AdamW, NAdam, RAdam), or SGD/RMSprop with momentum on.
        var cycle = group.SupportsMomentumSchedule && (@case.Name.Contains("adam", StringComparison.Ordinal) || @case.Name.Contains("momentum", StringComparison.Ordinal) || @case.Name.Contains("nesterov", StringComparison.Ordinal));
        var (schedule, momentum, plateau, bold) = Bindings[binding](cycle);
        controllers = [];
        if (!group.SupportsSchedules)
        {
            // The learning rate is only an initial step size (Rprop): the checkpoint resumes the optimizer alone.
            return optimizer;
        }

        group.Schedule = schedule;   // binds the schedule's momentum too when it cycles it
        if (momentum && cycle)
        {
            group.MomentumSchedule.Should().BeSameAs(schedule!.Momentum);
        }

        if (plateau)
        {
            controllers.Add(new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 2, Cooldown = 1, BaseLearningRate = 0.05 }));
        }

        if (bold)
        {
            controllers.Add(new BoldDriver());
        }

        foreach (var controller in controllers)
        {
            group.AddController(controller);
        }

        return optimizer;
    }

    private static List<string> Run<T>(IOptimizer optimizer, List<ILearningRateController> controllers, T[] gradient, Random gradients, Random losses, int from, int to)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reports = new List<string>();
        for (var step = from; step < to; step++)
        {
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] = T.CreateTruncating(gradients.NextDouble() - 0.45);
            }

            var report = optimizer.Step();
            reports.Add($"{report.Status} {report.LearningRate:R} {report.GradientNorm:R}");
            var loss = 1.0 / (1 + step) + (losses.NextDouble() * 0.3);
            foreach (var controller in controllers)
            {
                switch (controller)
                {
                    case ReduceOnPlateau plateau:
                        plateau.Report(loss);
                        break;
                    case BoldDriver driver:
                        driver.Report(loss);
                        break;
                }
            }
        }

        return reports;
    }

    private static string Describe(ILearningRateController controller) => controller switch
    {
        ReduceOnPlateau p => $"plateau {p.CaptureState()} {p.Scale:R}",
        BoldDriver b => $"bold {b.CaptureState()} {b.Scale:R}",
        _ => controller.GetType().Name,
    };

    /// <summary>An Adam over one two-element parameter (gradient 1, 1), with <paramref name="controllers"/> attached to its group.</summary>
    private static Adam<double> OneParameter(params ILearningRateController[] controllers)
    {
        var adam = new Adam<double>();
        adam.Add("p", new double[2], new double[] { 1, 1 });
        foreach (var controller in controllers)
        {
            adam.Groups[0].AddController(controller);
        }

        return adam;
    }

    private sealed class FixedScale(double scale) : ILearningRateController
    {
        public double Scale => scale;
    }
}
