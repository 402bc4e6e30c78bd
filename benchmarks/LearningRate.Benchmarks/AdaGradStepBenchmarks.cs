using BenchmarkDotNet.Attributes;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>
/// One AdaGrad step with learning-rate decay over a parameter of <see cref="Length"/> elements:
/// the fused kernel against a naive scalar loop of the same formula (the baseline).
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class AdaGradStepBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Lr = 1e-2, LrDecay = 1e-4, Eps = 1e-10;
    private T[] _parameters = [];
    private T[] _gradients = [];
    private T[] _sum = [];
    private AdaGrad<T> _adagrad = null!;
    private long _step;

    [Params(4_099, 262_147)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _parameters = [.. Enumerable.Range(0, Length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _gradients = [.. Enumerable.Range(0, Length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _sum = new T[Length];
        _adagrad = new AdaGrad<T>(new AdaGradOptions { LearningRate = Lr, LearningRateDecay = LrDecay });
        _adagrad.Add("p", _parameters.ToArray(), _gradients);
    }

    [Benchmark(Baseline = true)]
    public void AdaGrad_Scalar()
    {
        // The formula as a user would first write it, one element at a time.
        var t = ++_step;
        var clr = T.CreateTruncating(Lr / (1 + ((t - 1) * LrDecay)));
        var eps = T.CreateTruncating(Eps);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var g = _gradients[i];
            _sum[i] += g * g;
            _parameters[i] -= clr * g / (T.Sqrt(_sum[i]) + eps);
        }
    }

    [Benchmark]
    public void AdaGrad_Step() => _adagrad.Step();
}
