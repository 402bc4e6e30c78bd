using LearningRate.Benchmarks.Catalogue;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks.Scaling;

/// <summary>
/// The rows of the scaling benchmark: each optimizer with its default options, in float, one tensor,
/// the default non-finite policy (<see cref="NonFinitePolicy.Skip"/>, which reads every gradient once
/// more per step for its norm), and the <see cref="StreamName"/> baseline that measures the bandwidth
/// the roofline is drawn from.
/// </summary>
/// <remarks>
/// Each optimizer's traffic is the one the suite already declares for its kernel (the variant enums'
/// <see cref="TrafficAttribute"/>, the catalogue's rows), not restated here. To add a line to the
/// plot (another state format, another element type), append one row to <see cref="All"/>:
/// <c>new ScalingRow("Name", bytesRead: ..., bytesWritten: ..., n => { allocate for n parameters; return () => step; })</c>.
/// The plot reads the name and the bytes from the results, so nothing else changes.
/// </remarks>
public static class ScalingRows
{
    /// <summary>The name of the bandwidth baseline (the plot tool looks for it by this name).</summary>
    public const string StreamName = "Stream";

    /// <summary>Gets every row, in the order of the legend.</summary>
    public static IReadOnlyList<ScalingRow> All { get; } =
    [
        ScalingRow.OfFloats("Sgd", Declared(SgdVariant.Plain), Registered(() => new Sgd<float>(new SgdOptions()))),
        ScalingRow.OfFloats("Momentum", Declared(SgdVariant.Momentum), Registered(() => new Momentum<float>(new MomentumOptions()))),
        ScalingRow.OfFloats("AdaGrad", Declared(AdaGradVariant.AdaGrad), Registered(() => new AdaGrad<float>(new AdaGradOptions()))),
        ScalingRow.OfFloats("RmsProp", Declared(RmsPropVariant.Plain), Registered(() => new RmsProp<float>(new RmsPropOptions()))),
        ScalingRow.OfFloats("Adam", Declared(AdamVariant.Adam), Registered(() => new Adam<float>(new AdamOptions()))),
        ScalingRow.OfFloats("AdamW", Declared(AdamVariant.AdamW), Registered(() => new AdamW<float>(new AdamWOptions()))),
        ScalingRow.OfFloats("NAdam", Catalogue("NAdam"), Registered(() => new NAdam<float>(new NAdamOptions()))),
        ScalingRow.OfFloats("RAdam", Catalogue("RAdam"), Registered(() => new RAdam<float>(new RAdamOptions()))),
        ScalingRow.OfFloats("Adamax", Catalogue("Adamax"), Registered(() => new Adamax<float>(new AdamaxOptions()))),
        ScalingRow.OfFloats("Adadelta", Catalogue("Adadelta"), Registered(() => new Adadelta<float>(new AdadeltaOptions()))),

        // As the catalogue row: t0 = 0, so the steps run the averaging update ASGD exists for; with PyTorch's
        // t0 = 1e6 every measured step would copy θ into ax instead, at the same traffic.
        ScalingRow.OfFloats("Asgd", Catalogue("Asgd"), Registered(() => new Asgd<float>(new AsgdOptions { T0 = 0 }))),
        ScalingRow.OfFloats("Rprop", Catalogue("Rprop"), Registered(() => new Rprop<float>(new RpropOptions()))),

        // The bandwidth baseline: Adam's traffic (reads θ, g and two states, writes θ and both states) with
        // one addition per array, the catalogue's same-traffic roofline loop.
        ScalingRow.OfFloats(StreamName, new TrafficAttribute(4, 3), Stream),
    ];

    /// <summary>Gets the rows named in <c>LEARNINGRATE_BENCH_ROWS</c> (comma-separated, any case; names that match no row are ignored) and always <see cref="StreamName"/>, or every row.</summary>
    public static IEnumerable<ScalingRow> Selected =>
        Environment.GetEnvironmentVariable("LEARNINGRATE_BENCH_ROWS") is { Length: > 0 } names
            ? All.Where(row => row.Name == StreamName || names.Split(',', StringSplitOptions.TrimEntries).Contains(row.Name, StringComparer.OrdinalIgnoreCase))
            : All;

    private static TrafficAttribute Declared(Enum variant) =>
        TrafficAttribute.Of(variant) ?? throw new InvalidOperationException($"{variant} declares no traffic.");

    private static TrafficAttribute Catalogue(string name) => KernelRows<float>.All.Single(row => row.Name == name).Traffic;

    /// <summary>An optimizer over one tensor of n parameters in [-1, 1) with gradients in [-0.5, 0.5); the step is <c>Step()</c>.</summary>
    private static Func<int, Action> Registered<TOptions>(Func<Optimizer<float, TOptions>> create)
        where TOptions : OptimizerOptions => n =>
        {
            var optimizer = create();
            optimizer.Add("θ", ScalingArrays.Uniform(n, 1, -1, 1), ScalingArrays.Uniform(n, 2, -0.5, 0.5));
            return () => optimizer.Step();
        };

    private static Action Stream(int n)
    {
        float[] p = ScalingArrays.Uniform(n, 1, -1, 1), g = ScalingArrays.Uniform(n, 2, -0.5, 0.5), a = new float[n], b = new float[n];
        return () => Roofline.Update<float>(p, g, a, b);
    }
}
