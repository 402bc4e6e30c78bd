using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>
/// The cost of a tensor in <c>Step()</c>: every <see cref="StepOptimizer"/> (default options) over <c>Tensors</c>
/// parameters of 100 elements, each value and gradient its own array (<c>ManyTensors</c>), against one parameter of as
/// many elements (<c>OneTensor</c>), with the default policy (<see cref="NonFinitePolicy.Skip"/>) and with
/// <see cref="NonFinitePolicy.Propagate"/>; and the optimizer's bare kernel called once per tensor on separately
/// allocated arrays (<c>ManyKernelCalls</c>) against one call over as many elements (<c>OneKernelCall</c>).
/// The <c>ns/tensor over OneTensor</c> column is <c>(min(Many…) − min(One…)) / Tensors</c> for each pair.
/// </summary>
/// <remarks>
/// Run on a quiet machine:
/// <code>
/// nice -n -12 dotnet run -c Release --project benchmarks/LearningRate.Benchmarks -- --filter '*StepOverhead*' --inProcess
/// </code>
/// Float only: <c>--filter '*StepOverheadBenchmarks&lt;Single&gt;*'</c>. Smoke run (100 tensors, each case once):
/// <c>dotnet run -c Release --project benchmarks/LearningRate.Benchmarks -- --filter '*StepOverhead*' --job Dry --inProcess</c>.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class StepOverheadBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Elements = 100;

    private IOptimizer _many = null!, _one = null!, _manyPropagate = null!, _onePropagate = null!;
    private T[][] _p = [], _g = [], _s0 = [], _s1 = [], _s2 = [];
    private T[] _bigP = [], _bigG = [], _bigS0 = [], _bigS1 = [], _bigS2 = [];
    private StepOptimizers.KernelCall<T> _kernel = null!;

    /// <summary>Gets or sets the number of tensors: 1,000 (1.6 MB of Adam's float parameters, gradients and state: beyond L2).</summary>
    [ParamsSource(nameof(TensorCounts))]
    public int Tensors { get; set; }

    /// <summary>Gets or sets the optimizer.</summary>
    [ParamsAllValues]
    public StepOptimizer Optimizer { get; set; }

    public static IEnumerable<int> TensorCounts => BenchmarkSizes.Smoke ? [100] : [1_000];

    [GlobalSetup]
    public void Setup()
    {
        KernelParallelism.MaxDegreeOfParallelism = 1;
        var random = new Random(3);

        // Each tensor's value and gradient are their own arrays, allocated one after the other, as a model's layers are.
        var tensors = new (T[] Value, T[] Gradient)[Tensors];
        for (var i = 0; i < Tensors; i++)
        {
            tensors[i] = (Random(random, Elements), Random(random, Elements));
        }

        var one = new (T[] Value, T[] Gradient)[] { (Random(random, Tensors * Elements), Random(random, Tensors * Elements)) };
        _many = StepOptimizers.Create(Optimizer, NonFinitePolicy.Skip, tensors);
        _manyPropagate = StepOptimizers.Create(Optimizer, NonFinitePolicy.Propagate, tensors);
        _one = StepOptimizers.Create(Optimizer, NonFinitePolicy.Skip, one);
        _onePropagate = StepOptimizers.Create(Optimizer, NonFinitePolicy.Propagate, one);

        // The bare kernel's own arrays: 100 elements each, separately allocated, and one set of as many elements.
        _kernel = StepOptimizers.Kernel<T>(Optimizer);
        (_p, _g, _s0, _s1, _s2) = (new T[Tensors][], new T[Tensors][], new T[Tensors][], new T[Tensors][], new T[Tensors][]);
        for (var i = 0; i < Tensors; i++)
        {
            (_p[i], _g[i], _s0[i], _s1[i], _s2[i]) = (Random(random, Elements), Random(random, Elements), State(Elements), State(Elements), State(Elements));
        }

        (_bigP, _bigG) = (Random(random, Tensors * Elements), Random(random, Tensors * Elements));
        (_bigS0, _bigS1, _bigS2) = (State(Tensors * Elements), State(Tensors * Elements), State(Tensors * Elements));
    }

    /// <summary>One parameter of <c>Tensors × 100</c> elements, default policy.</summary>
    [Benchmark(Baseline = true)]
    public StepReport OneTensor() => _one.Step();

    /// <summary><c>Tensors</c> parameters of 100 elements, default policy.</summary>
    [Benchmark]
    public StepReport ManyTensors() => _many.Step();

    /// <summary>One parameter, no gradient check.</summary>
    [Benchmark]
    public StepReport OneTensorPropagate() => _onePropagate.Step();

    /// <summary><c>Tensors</c> parameters, no gradient check.</summary>
    [Benchmark]
    public StepReport ManyTensorsPropagate() => _manyPropagate.Step();

    /// <summary>The bare kernel, one call over <c>Tensors × 100</c> elements.</summary>
    [Benchmark]
    public void OneKernelCall() => _kernel(_bigP, _bigG, _bigS0, _bigS1, _bigS2);

    /// <summary>The bare kernel called once per 100-element tensor: what any per-parameter loop pays.</summary>
    [Benchmark]
    public void ManyKernelCalls()
    {
        for (var i = 0; i < Tensors; i++)
        {
            _kernel(_p[i], _g[i], _s0[i], _s1[i], _s2[i]);
        }
    }

    private static T[] Random(Random random, int length)
    {
        var values = new T[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(random.NextDouble() - 0.5);
        }

        return values;
    }

    /// <summary>A state buffer: positive (so every rule's second moments and step sizes are valid), small.</summary>
    private static T[] State(int length)
    {
        var values = new T[length];
        Array.Fill(values, T.CreateTruncating(1e-3));
        return values;
    }
}
