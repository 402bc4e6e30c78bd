using BenchmarkDotNet.Attributes;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>
/// One centered RMSprop step with momentum (its heaviest configuration: three state buffers) over a
/// parameter of <see cref="Length"/> elements: the fused kernel against a naive scalar loop of the
/// same formula (the baseline).
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class RmsPropStepBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Lr = 1e-4, Alpha = 0.99, Eps = 1e-8, Mu = 0.9;
    private T[] _parameters = [];
    private T[] _gradients = [];
    private T[] _v = [];
    private T[] _b = [];
    private T[] _mean = [];
    private RmsProp<T> _rmsprop = null!;

    [Params(4_099, 262_147)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _parameters = [.. Enumerable.Range(0, Length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _gradients = [.. Enumerable.Range(0, Length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _v = new T[Length];
        _b = new T[Length];
        _mean = new T[Length];
        _rmsprop = new RmsProp<T>(new RmsPropOptions { LearningRate = Lr, Alpha = Alpha, Epsilon = Eps, Momentum = Mu, Centered = true });
        _rmsprop.Add("p", _parameters.ToArray(), _gradients);
    }

    [Benchmark(Baseline = true)]
    public void RmsProp_Scalar()
    {
        // The formula as a user would first write it, one element at a time.
        T lr = T.CreateTruncating(Lr), alpha = T.CreateTruncating(Alpha), eps = T.CreateTruncating(Eps), mu = T.CreateTruncating(Mu);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var g = _gradients[i];
            _v[i] = (alpha * _v[i]) + ((T.One - alpha) * g * g);
            _mean[i] = (alpha * _mean[i]) + ((T.One - alpha) * g);
            var d = T.Sqrt(_v[i] - (_mean[i] * _mean[i])) + eps;
            _b[i] = (mu * _b[i]) + (g / d);
            _parameters[i] -= lr * _b[i];
        }
    }

    [Benchmark]
    public void RmsProp_Step() => _rmsprop.Step();
}
