using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>AdaGrad has one kernel (lr_decay and the initial accumulator change only scalars).</summary>
public enum AdaGradVariant
{
    /// <summary>Reads θ, g, s; writes θ, s.</summary>
    [Traffic(3, 2)]
    AdaGrad,
}

/// <summary>
/// One AdaGrad update of <c>Length</c> elements: the fused kernel, a naive scalar loop of the same
/// formula (the baseline), the update in MathNet.Numerics vector operations, and the same-traffic roofline.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class AdaGradBenchmarks<T> : KernelBenchmark<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Lr = 1e-2, LrDecay = 1e-4, Eps = 1e-10;

    private readonly AdaGradOptions _options = new() { LearningRate = Lr, LearningRateDecay = LrDecay, Epsilon = Eps };
    private MathNet.Numerics.LinearAlgebra.Vector<T> _p = null!, _g = null!, _s = null!, _temp = null!;

    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    [Params(AdaGradVariant.AdaGrad)]
    public AdaGradVariant Variant { get; set; }

    public static IEnumerable<int> Lengths => BenchmarkSizes.Kernel;

    [GlobalSetup]
    public void Setup()
    {
        Allocate(Length, 1);
        (_p, _g, _s, _temp) = (Wrap(P), Wrap(G), Wrap(S0), Wrap(new T[Length]));
    }

    /// <summary>The formula as a user would first write it, one element at a time.</summary>
    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Scalar()
    {
        var t = ++StepNumber;
        T clr = N(Lr / (1 + ((t - 1) * LrDecay))), eps = N(Eps);
        T[] p = P, g = G, s = S0;
        for (var i = 0; i < p.Length; i++)
        {
            s[i] += g[i] * g[i];
            p[i] -= clr * g[i] / (T.Sqrt(s[i]) + eps);
        }
    }

    /// <summary>The library's fused kernel (the functional API; validation included).</summary>
    [Benchmark]
    public void Kernel() => AdaGradKernel.Update<T>(
        P,
        G,
        S0,
        new AdaGradKernel.Scalars<T>(_options.LearningRate, _options.LearningRateDecay, _options.WeightDecay, _options.Epsilon, _options.Maximize, _options.EpsilonInsideRoot, ++StepNumber));

    /// <summary>The same update in MathNet.Numerics vector operations, in place into preallocated vectors.</summary>
    [Benchmark]
    public void MathNet()
    {
        var t = ++StepNumber;
        _g.PointwiseMultiply(_g, _temp);
        _s.Add(_temp, _s);
        _s.PointwiseSqrt(_temp);
        _temp.Add(N(Eps), _temp);
        _g.PointwiseDivide(_temp, _temp);
        _temp.Multiply(N(Lr / (1 + ((t - 1) * LrDecay))), _temp);
        _p.Subtract(_temp, _p);
    }

    /// <summary>Reads and writes what the kernel does, with trivial arithmetic: the memory-bandwidth limit.</summary>
    [Benchmark]
    public void Roofline() => Infrastructure.Roofline.Update<T>(P, G, S0);
}
