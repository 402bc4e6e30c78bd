using BenchmarkDotNet.Attributes;
using LearningRate.Optimizers;
using LearningRate.Training;

namespace LearningRate.Benchmarks;

/// <summary>
/// Clipping by global L2 norm and by value through TensorPrimitives (the library) against the plain loops a
/// user would write (the baseline for each).
/// </summary>
[MemoryDiagnoser]
public class GradientClippingBenchmarks
{
    private float[] _gradients = [];
    private Adam<float> _adam = null!;

    [Params(4_099, 1_048_576)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _gradients = [.. Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5))];
        _adam = new Adam<float>();
        _adam.Add("p", new float[Length], _gradients);
    }

    [Benchmark(Baseline = true)]
    public double ClipByNorm_Loop()
    {
        var sum = 0f;
        foreach (var g in _gradients)
        {
            sum += g * g;
        }

        var norm = MathF.Sqrt(sum);

        // A limit above the norm: the loop and the library both measure without scaling, so runs repeat.
        var coefficient = MathF.Min(1, (norm * 2) / (norm + 1e-6f));
        if (coefficient != 1)
        {
            for (var i = 0; i < _gradients.Length; i++)
            {
                _gradients[i] *= coefficient;
            }
        }

        return norm;
    }

    [Benchmark]
    public double ClipByNorm_Library() => GradientClipping.ClipByNorm(_adam, 1e9);

    [Benchmark]
    public void ClipByValue_Loop()
    {
        for (var i = 0; i < _gradients.Length; i++)
        {
            _gradients[i] = Math.Clamp(_gradients[i], -1f, 1f);
        }
    }

    [Benchmark]
    public void ClipByValue_Library() => GradientClipping.ClipByValue(_adam, 1.0);
}
