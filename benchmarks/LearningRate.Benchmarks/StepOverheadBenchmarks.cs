using BenchmarkDotNet.Attributes;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>The optimizers whose per-parameter overhead is measured.</summary>
public enum OverheadOptimizer
{
    Adam,
}

/// <summary>
/// The per-parameter cost of <c>Step()</c>: 1,000 parameters of 100 elements against one parameter
/// of the same 100,000 elements, and against the bare kernel called 1,000 times. Times are per
/// parameter (OperationsPerInvoke = 1,000), so ManyTensors − OneTensor is the overhead per tensor.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class StepOverheadBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Tensors = 1_000;
    private const int Elements = 100;

    private IOptimizer _many = null!;
    private IOptimizer _one = null!;
    private T[] _parameters = [], _gradients = [], _m = [], _v = [];
    private AdamScalars<T> _scalars;

    [Params(OverheadOptimizer.Adam)]
    public OverheadOptimizer Optimizer { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        KernelParallelism.MaxDegreeOfParallelism = 1;
        var random = new Random(3);
        _parameters = [.. Enumerable.Range(0, Tensors * Elements).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _gradients = [.. Enumerable.Range(0, Tensors * Elements).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _m = new T[_parameters.Length];
        _v = new T[_parameters.Length];
        var options = new AdamOptions { LearningRate = 1e-3 };
        _scalars = new AdamScalars<T>(options, 1e-3, 0.9, 10);
        var many = new Adam<T>(options);
        var parameters = _parameters.ToArray();
        for (var i = 0; i < Tensors; i++)
        {
            many.Add($"p{i}", parameters.AsMemory(i * Elements, Elements), _gradients.AsMemory(i * Elements, Elements));
        }

        var one = new Adam<T>(options);
        one.Add("p", _parameters.ToArray(), _gradients);
        (_many, _one) = (many, one);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Tensors)]
    public void OneTensor() => _one.Step();

    [Benchmark(OperationsPerInvoke = Tensors)]
    public void ManyTensors() => _many.Step();

    /// <summary>The kernel alone on each 100-element slice: what any per-parameter loop must pay.</summary>
    [Benchmark(OperationsPerInvoke = Tensors)]
    public void ManyKernelCalls()
    {
        for (var i = 0; i < Tensors; i++)
        {
            var start = i * Elements;
            AdamKernel.Apply(_scalars, _parameters.AsSpan(start, Elements), _gradients.AsSpan(start, Elements), _m.AsSpan(start, Elements), _v.AsSpan(start, Elements), default);
        }
    }
}
