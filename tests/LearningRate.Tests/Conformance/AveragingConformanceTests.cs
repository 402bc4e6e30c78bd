using System.Text.Json;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Training;
using Xunit.Abstractions;

namespace LearningRate.Tests.Conformance;

/// <summary>
/// PyTorch's weight averaging on the golden quad problem (Golden/Averaging): SGD with momentum, an
/// <c>AveragedModel</c> updated after every update from <c>start</c>, and for SWA the <c>SWALR</c> anneal taking over
/// the learning rate there; reproduced by <see cref="Sgd{T}"/>, <see cref="AveragedParameters{T}"/> and
/// <c>Schedule.ThenSwaAnneal</c>: the lr of every update, the parameters and the averages after it.
/// </summary>
public class AveragingConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => ["quad__swa_swalr_cos", "quad__ema_0999"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_ReproducesTheGolden_AtEveryStep(string name)
    {
        var worst = Run<double>(name, _ => 1e-10);
        output.WriteLine($"{name}, double: worst |error| {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_ReproducesTheGolden_WithinFloatPrecision(string name)
    {
        var worst = Run<float>(name, expected => 1e-4 * Math.Max(1, Math.Abs(expected)));
        output.WriteLine($"{name}, float: worst |error| {worst:E2}");
    }

    /// <summary>Runs the golden loop, asserting every coordinate of every step; returns the largest absolute error.</summary>
    private static double Run<T>(string name, Func<double, double> tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var golden = GoldenCase.Load("Averaging/" + name);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenCase.Directory, "Averaging", name + ".json")));
        var averaging = document.RootElement.GetProperty("averaging");
        var expectedAverages = document.RootElement.GetProperty("averaged").EnumerateArray()
            .Select(row => row.ValueKind == JsonValueKind.Null ? null : row.EnumerateArray().Select(e => e.GetDouble()).ToArray())
            .ToArray();

        var kwargs = new GoldenKwargs(golden);
        kwargs.Type.Should().Be("SGD");
        var options = new SgdOptions
        {
            LearningRate = kwargs.Number("lr"),
            Momentum = kwargs.Number("momentum"),
            Dampening = kwargs.Number("dampening"),
            WeightDecay = kwargs.Number("weight_decay"),
            Nesterov = kwargs.Flag("nesterov"),
            Maximize = kwargs.Flag("maximize"),
        };
        kwargs.ThrowIfAnyUnread(nameof(AveragingConformanceTests));

        var dim = golden.X0.Length;
        var x = golden.X0.Select(T.CreateTruncating).ToArray();
        var g = new T[dim];
        var sgd = new Sgd<T>(options);
        sgd.Add("x", x, g);
        var averaged = Averages(sgd, averaging, options.LearningRate);
        var start = averaging.GetProperty("start").GetInt64();

        var xDouble = new double[dim];
        var gDouble = new double[dim];
        var worst = 0.0;
        for (var t = 0; t < golden.Trajectory.Length; t++)
        {
            var lr = sgd.Groups[0].NextLearningRate;
            Math.Abs(lr - golden.LearningRates[t]).Should().BeLessThanOrEqualTo(1e-12 * golden.LearningRates[t], $"{name}: lr of update {t}");
            for (var i = 0; i < dim; i++)
            {
                xDouble[i] = double.CreateTruncating(x[i]);
            }

            golden.Gradient(xDouble, t, gDouble);
            for (var i = 0; i < dim; i++)
            {
                g[i] = T.CreateTruncating(gDouble[i]);
            }

            sgd.Step();
            averaged.Update().Should().Be(t >= start, $"{name}: update {t} is averaged from {start} on");
            worst = Math.Max(worst, Compare<T>(x, golden.Trajectory[t], tolerance, $"{name}: parameter {{0}} after update {t}"));
            if (expectedAverages[t] is { } expected)
            {
                worst = Math.Max(worst, Compare(averaged.GetAverage("x"), expected, tolerance, $"{name}: average {{0}} after update {t}"));
            }
            else
            {
                averaged.Count.Should().Be(0);
            }
        }

        averaged.Count.Should().Be(golden.Trajectory.Length - start);
        return worst;
    }

    /// <summary>The golden's AveragedModel as averages, and its SWALR, if any, bound after a constant rate until start.</summary>
    private static AveragedParameters<T> Averages<T>(Sgd<T> sgd, JsonElement averaging, double learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        averaging.GetProperty("type").GetString().Should().Be("AveragedModel");
        averaging.GetProperty("use_buffers").GetBoolean().Should().BeFalse("the optimizer's parameters are the whole model");
        var start = averaging.GetProperty("start").GetInt64();
        double? decay = averaging.GetProperty("avg_fn").ValueKind == JsonValueKind.Null
            ? null
            : averaging.GetProperty("avg_fn").GetString() == "get_ema_multi_avg_fn" ? averaging.GetProperty("decay").GetDouble() : throw new InvalidOperationException("unknown avg_fn");
        if (averaging.GetProperty("swa_scheduler") is { ValueKind: JsonValueKind.Object } swalr)
        {
            swalr.GetProperty("type").GetString().Should().Be("SWALR");
            swalr.GetProperty("last_epoch").GetInt64().Should().Be(-1);
            var strategy = swalr.GetProperty("anneal_strategy").GetString() switch
            {
                "cos" => Annealing.Cosine,
                "linear" => Annealing.Linear,
                var other => throw new InvalidOperationException($"anneal_strategy {other}"),
            };
            sgd.Groups[0].Schedule = Schedule.Constant(learningRate)
                .ThenSwaAnneal(start, swalr.GetProperty("swa_lr").GetDouble(), swalr.GetProperty("anneal_epochs").GetInt64(), strategy);
        }

        return new AveragedParameters<T>(sgd, decay, start);
    }

    private static double Compare<T>(ReadOnlySpan<T> actual, double[] expected, Func<double, double> tolerance, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(double.CreateTruncating(actual[i]) - expected[i]);
            worst = Math.Max(worst, error);
            error.Should().BeLessThan(tolerance(expected[i]), string.Format(System.Globalization.CultureInfo.InvariantCulture, what, i));
        }

        return worst;
    }
}
