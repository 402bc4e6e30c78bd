using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using LearningRate.Kernels.Simd;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>
/// What the non-finite gradient check costs: one Adam step under each policy (Propagate runs no check),
/// and checks alone: the fixed-order Σg² in double that Skip/Throw compute, TensorPrimitives' float
/// SumOfSquares, and TensorPrimitives.IsFiniteAll.
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class NonFiniteCheckBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _gradients = [];
    private Adam<T> _propagate = null!;
    private Adam<T> _skip = null!;

    [Params(4_099, 1_048_576)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _gradients = [.. Enumerable.Range(0, Length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _propagate = Create(NonFinitePolicy.Propagate);
        _skip = Create(NonFinitePolicy.Skip);

        Adam<T> Create(NonFinitePolicy policy)
        {
            var adam = new Adam<T>(new AdamOptions { LearningRate = 1e-6 }) { NonFiniteGradients = policy };
            adam.Add("p", new T[Length], _gradients);
            return adam;
        }
    }

    [Benchmark(Baseline = true)]
    public StepReport Adam_Propagate() => _propagate.Step();

    [Benchmark]
    public StepReport Adam_Skip() => _skip.Step();

    [Benchmark]
    public double Check_Norm() => SquareSum.Of<T>(_gradients);

    [Benchmark]
    public T Check_SumOfSquares() => TensorPrimitives.SumOfSquares<T>(_gradients);

    [Benchmark]
    public bool Check_IsFiniteAll() => TensorPrimitives.IsFiniteAll<T>(_gradients);
}
