using BenchmarkDotNet.Attributes;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>
/// One SGD step with momentum and weight decay over a parameter of <see cref="Length"/> elements:
/// the fused kernel against a naive scalar loop of the same formula (the baseline).
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class SgdStepBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Lr = 1e-4, Mu = 0.9, Dampening = 0.1, Lambda = 1e-4;
    private T[] _parameters = [];
    private T[] _gradients = [];
    private T[] _buffer = [];
    private Sgd<T> _sgd = null!;

    [Params(4_099, 262_147)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _parameters = [.. Enumerable.Range(0, Length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _gradients = [.. Enumerable.Range(0, Length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _buffer = new T[Length];
        _sgd = new Sgd<T>(new SgdOptions { LearningRate = Lr, Momentum = Mu, Dampening = Dampening, WeightDecay = Lambda });
        _sgd.Add("p", _parameters.ToArray(), _gradients);
    }

    [Benchmark(Baseline = true)]
    public void Sgd_Scalar()
    {
        // The formula as a user would first write it, one element at a time (steady state: buffer started).
        T lr = T.CreateTruncating(Lr), mu = T.CreateTruncating(Mu), keep = T.CreateTruncating(1 - Dampening), lambda = T.CreateTruncating(Lambda);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var g = _gradients[i] + (lambda * _parameters[i]);
            _buffer[i] = (mu * _buffer[i]) + (keep * g);
            _parameters[i] -= lr * _buffer[i];
        }
    }

    [Benchmark]
    public void Sgd_Step() => _sgd.Step();
}
