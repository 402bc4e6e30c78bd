using LearningRate.Controllers;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Controllers;

/// <summary>
/// PyTorch parity: <see cref="ReduceOnPlateau"/> against <see cref="TorchPlateauReference"/> over a
/// grid of options and long random and adversarial metric sequences: the learning rate bit for bit,
/// <c>BaseLearningRate·Scale</c> within 1e-12 relative, and best, counters and report count equal at every step.
/// The grid sets PyTorch's options only (an absolute <c>MinLearningRate</c> and <c>Epsilon</c>) and attaches the
/// controller to an SGD group at PyTorch's <c>lr</c>, from which it learns its base; the long run sets the base itself.
/// </summary>
public class ReduceOnPlateauParityTests
{
    private const int Steps = 1500;

    public static TheoryData<string> Generators() =>
        ["random-walk", "plateaus", "threshold-ties", "negative", "non-finite", "around-zero"];

    [Theory]
    [MemberData(nameof(Generators))]
    public void Report_OverOptionGrid_MatchesPyTorchAtEveryStep(string generator)
    {
        var reductions = 0L;
        var configs = 0;
        foreach (var (options, reference) in Grid())
        {
            var seed = HashCode.Combine(generator, configs++);
            var next = Generator(generator, new Random(seed), options, reference);
            reductions += RunAndCompare(options, reference, next, Steps, $"{generator} #{configs} {options}");
        }

        configs.Should().Be(1152);
        reductions.Should().BeGreaterThan(configs, "the sequences must make the controller act, or the comparison proves little");
    }

    [Fact]
    public void Report_LongNoisyRun_MatchesPyTorch()
    {
        var options = new ReduceOnPlateauOptions { Factor = 0.5, Patience = 5, Cooldown = 3, BaseLearningRate = 0.01, MinLearningRate = 1e-9, Epsilon = 1e-12 };
        var reference = new TorchPlateauReference(0.01, "min", 0.5, 5, 1e-4, "rel", 3, 1e-9, 1e-12);
        var random = new Random(7);
        var loss = 5.0;
        var reductions = RunAndCompare(options, reference, _ => loss = (loss * 0.999) + (0.01 * random.NextDouble()), 200_000, "long");
        reductions.Should().BeGreaterThan(10);
    }

    private static long RunAndCompare(ReduceOnPlateauOptions options, TorchPlateauReference reference, Func<TorchPlateauReference, double> next, int steps, string label)
    {
        var controller = new ReduceOnPlateau(options);
        ParameterGroup<double, SgdOptions>? group = null;
        if (options.BaseLearningRate is null)
        {
            group = new Sgd<double>(new SgdOptions { LearningRate = reference.Lr }).Groups[0];
            group.AddController(controller);
        }

        long reductions = 0;
        for (var i = 0; i < steps; i++)
        {
            var metric = next(reference);
            var before = reference.Lr;
            reference.Step(metric);
            var report = controller.Report(metric);
            var changed = reference.Lr != before;
            reductions += changed ? 1 : 0;
            var effective = group?.NextLearningRate ?? (controller.BaseLearningRate * controller.Scale);
            if (BitConverter.DoubleToInt64Bits(controller.LearningRate) != BitConverter.DoubleToInt64Bits(reference.Lr)
                || Math.Abs(effective - reference.Lr) > 1e-12 * reference.Lr
                || BitConverter.DoubleToInt64Bits(controller.Best) != BitConverter.DoubleToInt64Bits(reference.Best)
                || controller.BadReports != reference.NumBadEpochs
                || controller.CooldownRemaining != reference.CooldownCounter
                || controller.ReportCount != reference.LastEpoch
                || report.Changed != changed
                || (report.Reason == ControllerReason.Reduced) != changed
                || report.Step != i)
            {
                Assert.Fail(
                    $"{label}: step {i}, metric {metric:R}: torch lr {reference.Lr:R} best {reference.Best:R} bad {reference.NumBadEpochs} cooldown {reference.CooldownCounter}; " +
                    $"ours lr {controller.LearningRate:R} base*scale {effective:R} best {controller.Best:R} bad {controller.BadReports} cooldown {controller.CooldownRemaining} reason {report.Reason}");
            }
        }

        return reductions;
    }

    private static IEnumerable<(ReduceOnPlateauOptions Options, TorchPlateauReference Reference)> Grid()
    {
        foreach (var lr in new[] { 1.0, 0.1, 3e-4 })
        {
            foreach (var minLr in new[] { 0.0, lr * 1e-3 })
            {
                foreach (var eps in new[] { 1e-8, 0.0 })
                {
                    foreach (var mode in new[] { PlateauMode.Minimize, PlateauMode.Maximize })
                    {
                        foreach (var thresholdMode in new[] { PlateauThresholdMode.Relative, PlateauThresholdMode.Absolute })
                        {
                            foreach (var threshold in new[] { 1e-4, 0.05 })
                            {
                                foreach (var patience in new[] { 0, 1, 3 })
                                {
                                    foreach (var cooldown in new[] { 0, 2 })
                                    {
                                        foreach (var factor in new[] { 0.1, 0.5 })
                                        {
                                            var options = new ReduceOnPlateauOptions
                                            {
                                                Mode = mode,
                                                Factor = factor,
                                                Patience = patience,
                                                Threshold = threshold,
                                                ThresholdMode = thresholdMode,
                                                Cooldown = cooldown,
                                                MinLearningRate = minLr,
                                                Epsilon = eps,
                                            };
                                            var reference = new TorchPlateauReference(
                                                lr,
                                                mode == PlateauMode.Minimize ? "min" : "max",
                                                factor,
                                                patience,
                                                threshold,
                                                thresholdMode == PlateauThresholdMode.Relative ? "rel" : "abs",
                                                cooldown,
                                                minLr,
                                                eps);
                                            yield return (options, reference);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Metric sources; "threshold-ties" reads the oracle's best to land exactly on, just above and just below PyTorch's bar.</summary>
    private static Func<TorchPlateauReference, double> Generator(string name, Random random, ReduceOnPlateauOptions options, TorchPlateauReference _)
    {
        // Progress is downward in min mode and upward in max mode; sign flips the drift.
        var sign = options.Mode == PlateauMode.Minimize ? -1.0 : 1.0;
        var value = 10.0;
        switch (name)
        {
            case "random-walk":
                return _ => value += (sign * 0.01) + (0.05 * (random.NextDouble() - 0.5));
            case "plateaus":
                return _ =>
                {
                    if (random.NextDouble() < 0.25)
                    {
                        value = Math.Round(value + (sign * 0.02) + (0.05 * (random.NextDouble() - 0.5)), 2);
                    }

                    return value;
                };
            case "negative":
                value = -100.0;
                return _ => value += (sign * 0.002) + (0.02 * (random.NextDouble() - 0.5));
            case "non-finite":
                return _ =>
                {
                    var u = random.NextDouble();
                    if (u < 0.05)
                    {
                        return double.NaN;
                    }

                    if (u < 0.06)
                    {
                        return double.PositiveInfinity;
                    }

                    if (u < 0.062)
                    {
                        return double.NegativeInfinity;
                    }

                    return value += (sign * 0.01) + (0.05 * (random.NextDouble() - 0.5));
                };
            case "around-zero":
                value = 0.3;
                return _ =>
                {
                    var u = random.NextDouble();
                    if (u < 0.05)
                    {
                        return u < 0.025 ? 0.0 : -0.0;
                    }

                    return value = Math.Clamp(value + (sign * 0.001) + (0.02 * (u - 0.5)), -1, 1);
                };
            default:
                return reference =>
                {
                    var best = reference.Best;
                    if (!double.IsFinite(best) || random.NextDouble() < 0.1)
                    {
                        return value += (sign * 0.01) + (0.05 * (random.NextDouble() - 0.5));
                    }

                    // PyTorch's bar, computed as its _is_better does.
                    var bar = (options.Mode, options.ThresholdMode) switch
                    {
                        (PlateauMode.Minimize, PlateauThresholdMode.Relative) => best * (1.0 - options.Threshold),
                        (PlateauMode.Minimize, _) => best - options.Threshold,
                        (PlateauMode.Maximize, PlateauThresholdMode.Relative) => best * (options.Threshold + 1.0),
                        _ => best + options.Threshold,
                    };
                    return random.Next(5) switch
                    {
                        0 => bar,
                        1 => Math.BitDecrement(bar),
                        2 => Math.BitIncrement(bar),
                        3 => best,
                        _ => value = bar + (sign * 1e-3),
                    };
                };
        }
    }
}
