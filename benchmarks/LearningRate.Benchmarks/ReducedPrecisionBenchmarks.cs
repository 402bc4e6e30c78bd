using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Kernels;
using LearningRate.Kernels.Simd;

namespace LearningRate.Benchmarks;

/// <summary>
/// 16-bit conversions of a span: the library's bit-operation conversions against <see cref="TensorPrimitives"/>'s and a
/// loop of casts (the baseline), in cache and in DRAM; and an SGD step over bfloat16 parameters and gradients through the
/// reduced-precision chunk driver (each rounding) against the same step over floats: 12 bytes of traffic per element
/// for floats (θ and g read, θ written), 6 for bfloat16, 10 with the Kahan residual (read and written).
/// </summary>
[MemoryDiagnoser]
public class ReducedPrecisionBenchmarks
{
    private Half[] _halves = [];
    private BFloat16[] _bfloats = [];
    private BFloat16[] _bfloatGradients = [];
    private BFloat16[] _compensation = [];
    private float[] _floats = [];
    private float[] _floatGradients = [];

    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    public static IEnumerable<int> Lengths => BenchmarkSizes.Abstraction;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _floats = [.. Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5))];
        _floatGradients = [.. Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5) * 1e-3f)];
        _halves = [.. _floats.Select(f => (Half)f)];
        _bfloats = [.. _floats.Select(f => (BFloat16)f)];
        _bfloatGradients = [.. _floatGradients.Select(f => (BFloat16)f)];
        _compensation = new BFloat16[Length];
    }

    [Benchmark(Baseline = true)]
    public void WidenHalf_CastLoop()
    {
        for (var i = 0; i < _halves.Length; i++)
        {
            _floats[i] = (float)_halves[i];
        }
    }

    [Benchmark]
    public void WidenHalf_TensorPrimitives() => TensorPrimitives.ConvertToSingle(_halves, _floats);

    [Benchmark]
    public void WidenHalf_Library() => ReducedPrecision.Widen(_halves, _floats);

    [Benchmark]
    public void NarrowHalf_CastLoop()
    {
        for (var i = 0; i < _floats.Length; i++)
        {
            _halves[i] = (Half)_floats[i];
        }
    }

    [Benchmark]
    public void NarrowHalf_TensorPrimitives() => TensorPrimitives.ConvertToHalf(_floats, _halves);

    [Benchmark]
    public void NarrowHalf_Library() => ReducedPrecision.Narrow(_floats, _halves);

    [Benchmark]
    public void NarrowHalf_Stochastic() => ReducedPrecision.NarrowStochastic(_floats, _halves, seed: 1, counter: 2);

    [Benchmark]
    public void WidenBFloat16_Library() => ReducedPrecision.Widen(_bfloats, _floats);

    [Benchmark]
    public void NarrowBFloat16_CastLoop()
    {
        for (var i = 0; i < _floats.Length; i++)
        {
            _bfloats[i] = (BFloat16)_floats[i];
        }
    }

    [Benchmark]
    public void NarrowBFloat16_Library() => ReducedPrecision.Narrow(_floats, _bfloats);

    [Benchmark]
    public void NarrowBFloat16_Stochastic() => ReducedPrecision.NarrowStochastic(_floats, _bfloats, seed: 1, counter: 2);

    [Benchmark]
    public void Sgd_Float() => SgdKernel.Update<float>(_floats, _floatGradients, [], new SgdKernel.Scalars<float>(1e-3, 0, 0, 0, false, false), momentumStarted: false);

    [Benchmark]
    public void Sgd_BFloat16_Nearest() => RunSgd(ReducedPrecisionRounding.Nearest);

    [Benchmark]
    public void Sgd_BFloat16_Kahan() => RunSgd(ReducedPrecisionRounding.Kahan);

    [Benchmark]
    public void Sgd_BFloat16_Stochastic() => RunSgd(ReducedPrecisionRounding.Stochastic);

    private void RunSgd(ReducedPrecisionRounding rounding)
    {
        var update = new ChunkSgd(1e-3f);
        ReducedPrecisionDriver.Run(ref update, _bfloats.AsSpan(), (ReadOnlySpan<BFloat16>)_bfloatGradients, _compensation.AsSpan(), rounding, StochasticBits.Key(1, 2));
    }

    /// <summary>θ ← θ − γ·g over one float chunk.</summary>
    private readonly struct ChunkSgd(float learningRate) : IChunkUpdate
    {
        public void Update(scoped Span<float> parameters, scoped ReadOnlySpan<float> gradients, int offset) =>
            TensorPrimitives.MultiplyAdd(gradients, -learningRate, parameters, parameters);
    }
}
