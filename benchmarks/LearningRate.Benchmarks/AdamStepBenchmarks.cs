using BenchmarkDotNet.Attributes;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>
/// One Adam step over a parameter of <see cref="Length"/> elements: the fused kernel against a
/// naive scalar loop of the same formula (the baseline).
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class AdamStepBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _parameters = [];
    private T[] _gradients = [];
    private T[] _m = [];
    private T[] _v = [];
    private Adam<T> _adam = null!;
    private long _step;

    [Params(4_099, 262_147)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _parameters = [.. Enumerable.Range(0, Length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _gradients = [.. Enumerable.Range(0, Length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _m = new T[Length];
        _v = new T[Length];
        _adam = new Adam<T>(new AdamOptions { LearningRate = 1e-4 });
        _adam.Add("p", _parameters.ToArray(), _gradients);
    }

    [Benchmark(Baseline = true)]
    public void Adam_Scalar()
    {
        // The formula as a user would first write it: one element at a time, scalars recomputed per step.
        var t = ++_step;
        const double Lr = 1e-4, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
        var stepSize = T.CreateTruncating(Lr / (1 - Math.Pow(Beta1, t)));
        var bias2Sqrt = T.CreateTruncating(Math.Sqrt(1 - Math.Pow(Beta2, t)));
        T b1 = T.CreateTruncating(Beta1), b2 = T.CreateTruncating(Beta2), eps = T.CreateTruncating(Eps);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var g = _gradients[i];
            _m[i] = (b1 * _m[i]) + ((T.One - b1) * g);
            _v[i] = (b2 * _v[i]) + ((T.One - b2) * g * g);
            _parameters[i] -= stepSize * _m[i] / ((T.Sqrt(_v[i]) / bias2Sqrt) + eps);
        }
    }

    [Benchmark]
    public void Adam_Step() => _adam.Step();
}
