using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;

namespace LearningRate.Benchmarks.Catalogue;

/// <summary>
/// One update of <c>Length</c> elements for every row of <see cref="KernelRows{T}"/>: the row's naive
/// scalar loop (the baseline), its fused kernel, its MathNet.Numerics update, and the same-traffic
/// roofline of its declared traffic; the same methods, arrays and columns as the per-optimizer classes.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class CatalogueBenchmarks<T> : KernelBenchmark<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private KernelArrays<T> _arrays = null!;
    private Action<KernelArrays<T>> _scalar = null!, _kernel = null!, _mathNet = null!;
    private int _writes;

    [ParamsSource(nameof(Rows))]
    public KernelRow<T> Row { get; set; } = null!;

    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    /// <summary>
    /// Every row, or those named in <c>LEARNINGRATE_BENCH_ROWS</c> (comma-separated, any case): BenchmarkDotNet's
    /// filter matches classes and methods, not parameter values. A name that matches nothing leaves no
    /// benchmark, which the program reports as a failure.
    /// </summary>
    public static IEnumerable<KernelRow<T>> Rows =>
        Environment.GetEnvironmentVariable("LEARNINGRATE_BENCH_ROWS") is { Length: > 0 } names
            ? KernelRows<T>.All.Where(row => names.Split(',', StringSplitOptions.TrimEntries).Contains(row.Name, StringComparer.OrdinalIgnoreCase))
            : KernelRows<T>.All;

    public static IEnumerable<int> Lengths => BenchmarkSizes.Kernel;

    /// <summary>
    /// The row's arrays: θ and g as every per-optimizer class has them (same seeds), the declared
    /// states filled with their initial values, and zero-filled arrays for any further state the
    /// roofline writes. Nothing is allocated after this.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        Allocate(Length, 0);
        _writes = Row.Traffic.Writes;
        var states = Enumerable.Range(0, Math.Max(Row.States.Count, _writes - 1))
            .Select(i => Filled(Length, i < Row.States.Count ? Row.States[i] : 0))
            .ToArray();
        var quantized = Row.Traffic.QuantizedStates;
        var blocks = (Length + Row.Traffic.BlockSize - 1) / Row.Traffic.BlockSize;
        _arrays = new KernelArrays<T>(
            P,
            G,
            states,
            [.. Enumerable.Range(0, quantized).Select(_ => new byte[Length])],
            [.. Enumerable.Range(0, quantized).Select(_ => new float[blocks])]);
        (_scalar, _kernel, _mathNet) = (Row.Scalar, Row.Kernel, Row.MathNet);
    }

    /// <summary>The row's formula as a naive loop, one element at a time, per-step scalars hoisted.</summary>
    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        _arrays.Step++;
        _scalar(_arrays);
    }

    /// <summary>The library's fused kernel (the functional API; validation included).</summary>
    [Benchmark]
    public void Kernel()
    {
        _arrays.Step++;
        _kernel(_arrays);
    }

    /// <summary>The same update in MathNet.Numerics vector operations, in place into preallocated vectors.</summary>
    [Benchmark]
    public void MathNet()
    {
        _arrays.Step++;
        _mathNet(_arrays);
    }

    /// <summary>Reads and writes what the row declares (8-bit codes and scales included), with trivial arithmetic: the memory-bandwidth limit.</summary>
    [Benchmark]
    public void Roofline()
    {
        var a = _arrays;
        if (Row.Traffic.QuantizedStates > 0)
        {
            Infrastructure.Roofline.Update<T>(a.P, a.G, a.Codes0, a.Scales0, a.Codes1, a.Scales1, Row.Traffic.BlockSize);
            return;
        }

        switch (_writes)
        {
            case 1:
                Infrastructure.Roofline.Update<T>(a.P, a.G);
                break;
            case 2:
                Infrastructure.Roofline.Update<T>(a.P, a.G, a.S0);
                break;
            case 3:
                Infrastructure.Roofline.Update<T>(a.P, a.G, a.S0, a.S1);
                break;
            default:
                Infrastructure.Roofline.Update<T>(a.P, a.G, a.S0, a.S1, a.S2);
                break;
        }
    }
}
