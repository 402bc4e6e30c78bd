using System.Text.Json;
using LearningRate.Optimizers;
using LearningRate.Tests.Catalogue;
using LearningRate.Tests.Infrastructure;
using LearningRate.Tests.Reference;
using Xunit.Abstractions;

namespace LearningRate.Tests.Conformance;

/// <summary>
/// The schedule-free goldens record both sequences: <c>trajectory</c> is y (the parameters in training mode, replayed by
/// <see cref="OptimizerConformanceTests"/>) and <c>averaged</c> is x (what <c>optimizer.eval()</c> sets). Here the
/// plain-loop references replay both, and the optimizers' x, read with <c>CopyEvaluationParametersTo</c> and after
/// <c>Eval()</c>, matches <c>averaged</c> at every step: 1e-10 in double, the descriptor's float bound in float.
/// </summary>
public class ScheduleFreeGoldenTests(ITestOutputHelper output)
{
    private const double DoubleTolerance = 1e-10;

    public static TheoryData<string> Goldens() => ["quad__sf_sgd_default", "quad__sf_adamw_default"];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Reference_ReproducesBothSequences(string name)
    {
        var golden = GoldenCase.Load(name);
        var averaged = Averaged(name);
        var kwargs = new GoldenKwargs(golden);
        var (reference, x, y) = CreateReference(kwargs, golden.X0.Length);
        kwargs.Unread().Should().BeEmpty("every hyper-parameter of the golden must reach the reference");
        var parameters = (double[])golden.X0.Clone();
        var g = new double[parameters.Length];
        var worst = 0.0;
        for (var t = 0; t < golden.Trajectory.Length; t++)
        {
            golden.LearningRates[t].Should().Be(golden.Get("lr"), "the schedule-free warmup is internal: the group lr stays");
            golden.Gradient(parameters, t, g);
            reference.Step(parameters, g);
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Should().Be(y[i], "the reference writes y into the parameters");
                worst = Math.Max(worst, Math.Max(Math.Abs(y[i] - golden.Trajectory[t][i]), Math.Abs(x[i] - averaged[t][i])));
                Math.Abs(y[i] - golden.Trajectory[t][i]).Should().BeLessThan(DoubleTolerance, $"{name}: y[{i}] after step {t + 1}");
                Math.Abs(x[i] - averaged[t][i]).Should().BeLessThan(DoubleTolerance, $"{name}: x[{i}] after step {t + 1}");
            }
        }

        output.WriteLine($"{name}: {golden.Trajectory.Length} steps, worst |error| in x and y {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Double_EvaluationParameters_MatchTheAveragedSequence(string name)
    {
        var worst = Run<double>(name, _ => DoubleTolerance);
        output.WriteLine($"{name}, double: worst |x error| / max(1, |golden|) {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Float_EvaluationParameters_MatchTheAveragedSequenceWithinFloatPrecision(string name)
    {
        var tolerance = DescriptorOf(GoldenCase.Load(name)).GoldenFloatTolerance;
        var worst = Run<float>(name, expected => tolerance * Math.Max(1, Math.Abs(expected)));
        output.WriteLine($"{name}, float: worst |x error| / max(1, |golden|) {worst:E2} (tolerance {tolerance:E1})");
    }

    /// <summary>Reads <c>averaged</c>: x after each update.</summary>
    internal static double[][] Averaged(string name)
    {
        using var stream = File.OpenRead(Path.Combine(GoldenCase.Directory, name + ".json"));
        using var document = JsonDocument.Parse(stream);
        return [.. document.RootElement.GetProperty("averaged").EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetDouble()).ToArray())];
    }

    private static OptimizerDescriptor DescriptorOf(GoldenCase golden) => Descriptors.All.Single(d => d.Reproduces(golden));

    /// <summary>Runs the golden loop; after each step reads x both ways (the copy, then Eval() and back) and asserts it.</summary>
    private static double Run<T>(string name, Func<double, double> tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var golden = GoldenCase.Load(name);
        var averaged = Averaged(name);
        var dim = golden.X0.Length;
        var values = golden.X0.Select(T.CreateTruncating).ToArray();
        var g = new T[dim];
        var optimizer = DescriptorOf(golden).CreateFromGolden<T>(new GoldenKwargs(golden), values, g);
        var parameter = ((IOptimizer<T>)optimizer).Parameters.Cast<Parameter<T>>().Single();
        var modes = (IScheduleFreeOptimizer)optimizer;
        var xDouble = new double[dim];
        var gDouble = new double[dim];
        var copied = new T[dim];
        var worst = 0.0;
        for (var t = 0; t < golden.Trajectory.Length; t++)
        {
            for (var i = 0; i < dim; i++)
            {
                xDouble[i] = double.CreateTruncating(values[i]);
            }

            golden.Gradient(xDouble, t, gDouble);
            for (var i = 0; i < dim; i++)
            {
                g[i] = T.CreateTruncating(gDouble[i]);
            }

            optimizer.Step();
            ScheduleFreeModes.CopyEvaluationParameters(optimizer, parameter, copied);
            var y = values.ToArray();
            modes.Eval();
            values.Should().Equal(copied, "Eval() puts exactly x into the parameter memory");
            modes.Train();
            values.Should().Equal(y, "Train() puts y back bit for bit");
            for (var i = 0; i < dim; i++)
            {
                var expected = averaged[t][i];
                var error = Math.Abs(double.CreateTruncating(copied[i]) - expected);
                worst = Math.Max(worst, error / Math.Max(1, Math.Abs(expected)));
                error.Should().BeLessThan(tolerance(expected), $"{name}: x[{i}] after step {t + 1}");
            }
        }

        return worst;
    }

    private static (IReferenceOptimizer Reference, IReadOnlyList<double> X, IReadOnlyList<double> Y) CreateReference(GoldenKwargs k, int dim)
    {
        switch (k.Type)
        {
            case "schedulefree.SGDScheduleFreeReference":
                var sgd = new ScheduleFreeSgdReference(
                    new ScheduleFreeSgdSettings
                    {
                        LearningRate = k.Number("lr"),
                        Momentum = k.Number("momentum"),
                        WeightDecay = k.Number("weight_decay"),
                        WarmupSteps = (int)k.Number("warmup_steps"),
                        R = k.Number("r"),
                        WeightLearningRatePower = k.Number("weight_lr_power"),
                    },
                    dim);
                return (sgd, sgd.X, sgd.Y);
            case "schedulefree.AdamWScheduleFreeReference":
                var adamW = new ScheduleFreeAdamWReference(
                    new ScheduleFreeAdamWSettings
                    {
                        LearningRate = k.Number("lr"),
                        Beta1 = k.Pair("betas", 0),
                        Beta2 = k.Pair("betas", 1),
                        Epsilon = k.Number("eps"),
                        WeightDecay = k.Number("weight_decay"),
                        WarmupSteps = (int)k.Number("warmup_steps"),
                        R = k.Number("r"),
                        WeightLearningRatePower = k.Number("weight_lr_power"),
                        DecayAtZ = k.Flag("decay_at_z"),
                        InnerMomentum = k.Number("inner_momentum"),
                    },
                    dim);
                return (adamW, adamW.X, adamW.Y);
            default:
                throw new NotSupportedException($"No schedule-free reference for {k.Type}.");
        }
    }
}
