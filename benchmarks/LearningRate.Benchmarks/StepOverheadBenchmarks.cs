using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>The optimizers whose per-parameter overhead is measured.</summary>
public enum OverheadOptimizer
{
    Adam,
    Sgd,
    SgdMomentum,
    RmsProp,
    AdaGrad,
}

/// <summary>
/// The per-parameter cost of <c>Step()</c>: <c>Tensors</c> parameters of 100 elements against one
/// parameter of as many elements, and against the bare kernel called once per 100-element slice.
/// Times are per whole step; (ManyTensors − OneTensor) / Tensors is the overhead per tensor.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class StepOverheadBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Elements = 100;

    private IOptimizer _many = null!;
    private IOptimizer _one = null!;
    private T[] _parameters = [], _gradients = [], _m = [], _v = [];
    private AdamKernel.Scalars<T> _scalars;

    /// <summary>Gets or sets the number of tensors: 100 (16 KB each of p, g, m, v: all in L2) or 1,000 (1.6 MB: beyond L2).</summary>
    [ParamsSource(nameof(TensorCounts))]
    public int Tensors { get; set; }

    public static IEnumerable<int> TensorCounts => BenchmarkSizes.Smoke ? [100] : [100, 1_000];

    [Params(OverheadOptimizer.Adam, OverheadOptimizer.Sgd, OverheadOptimizer.SgdMomentum, OverheadOptimizer.RmsProp, OverheadOptimizer.AdaGrad)]
    public OverheadOptimizer Optimizer { get; set; }

    /// <summary>Gets or sets the non-finite policy: the default (Skip) reads every gradient once before the update; Propagate does not.</summary>
    [Params(NonFinitePolicy.Skip, NonFinitePolicy.Propagate)]
    public NonFinitePolicy Policy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        KernelParallelism.MaxDegreeOfParallelism = 1;
        var random = new Random(3);
        _parameters = [.. Enumerable.Range(0, Tensors * Elements).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _gradients = [.. Enumerable.Range(0, Tensors * Elements).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        _m = new T[_parameters.Length];
        _v = new T[_parameters.Length];
        _scalars = new AdamKernel.Scalars<T>(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, amsGrad: false, maximize: false, decoupledWeightDecay: false, step: 10);
        var parameters = _parameters.ToArray();
        var many = Create();
        for (var i = 0; i < Tensors; i++)
        {
            Add(many, $"p{i}", parameters.AsMemory(i * Elements, Elements), _gradients.AsMemory(i * Elements, Elements));
        }

        var one = Create();
        Add(one, "p", _parameters.ToArray(), _gradients);
        (_many, _one) = (many, one);
    }

    private IOptimizer Create()
    {
        IOptimizer optimizer = Optimizer switch
        {
            OverheadOptimizer.Sgd => new Sgd<T>(new SgdOptions { LearningRate = 1e-2 }) { NonFiniteGradients = Policy },
            OverheadOptimizer.SgdMomentum => new Sgd<T>(new SgdOptions { LearningRate = 1e-2, Momentum = 0.9 }) { NonFiniteGradients = Policy },
            OverheadOptimizer.RmsProp => new RmsProp<T>(new RmsPropOptions { LearningRate = 1e-2 }) { NonFiniteGradients = Policy },
            OverheadOptimizer.AdaGrad => new AdaGrad<T>(new AdaGradOptions { LearningRate = 1e-2 }) { NonFiniteGradients = Policy },
            _ => new Adam<T>(new AdamOptions { LearningRate = 1e-3 }) { NonFiniteGradients = Policy },
        };
        return optimizer;
    }

    private static void Add(IOptimizer optimizer, string name, Memory<T> value, Memory<T> gradient)
    {
        switch (optimizer)
        {
            case Sgd<T> sgd:
                sgd.Add(name, value, gradient);
                break;
            case RmsProp<T> rmsProp:
                rmsProp.Add(name, value, gradient);
                break;
            case AdaGrad<T> adaGrad:
                adaGrad.Add(name, value, gradient);
                break;
            case Adam<T> adam:
                adam.Add(name, value, gradient);
                break;
        }
    }

    [Benchmark(Baseline = true)]
    public void OneTensor() => _one.Step();

    [Benchmark]
    public void ManyTensors() => _many.Step();

    /// <summary>The Adam kernel alone on each 100-element slice (the same for every row): what any per-parameter loop must pay.</summary>
    [Benchmark]
    public void ManyKernelCalls()
    {
        for (var i = 0; i < Tensors; i++)
        {
            var start = i * Elements;
            AdamKernel.Apply(_scalars, _parameters.AsSpan(start, Elements), _gradients.AsSpan(start, Elements), _m.AsSpan(start, Elements), _v.AsSpan(start, Elements), default);
        }
    }
}
