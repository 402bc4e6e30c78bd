using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>The kernel-changing configurations of SGD, with their memory traffic per element.</summary>
public enum SgdVariant
{
    /// <summary>Reads θ, g; writes θ.</summary>
    [Traffic(2, 1)]
    Plain,

    /// <summary>Reads θ, g, b; writes θ, b.</summary>
    [Traffic(3, 2)]
    Momentum,

    /// <summary>Nesterov momentum: the traffic of momentum, two more operations.</summary>
    [Traffic(3, 2)]
    Nesterov,
}

/// <summary>
/// One SGD update of <c>Length</c> elements: the fused kernel, a naive scalar loop of the same
/// formula (the baseline), the update in MathNet.Numerics vector operations, and the same-traffic roofline.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class SgdBenchmarks<T> : KernelBenchmark<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Lr = 1e-2, Mu = 0.9;

    private SgdOptions _options = new();
    private MathNet.Numerics.LinearAlgebra.Vector<T> _p = null!, _g = null!, _b = null!, _temp = null!;

    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    [Params(SgdVariant.Plain, SgdVariant.Momentum, SgdVariant.Nesterov)]
    public SgdVariant Variant { get; set; }

    public static IEnumerable<int> Lengths => BenchmarkSizes.Kernel;

    [GlobalSetup]
    public void Setup()
    {
        Allocate(Length, Variant == SgdVariant.Plain ? 0 : 1);
        _options = Variant switch
        {
            SgdVariant.Momentum => new SgdOptions { LearningRate = Lr, Momentum = Mu },
            SgdVariant.Nesterov => new SgdOptions { LearningRate = Lr, Momentum = Mu, Nesterov = true },
            _ => new SgdOptions { LearningRate = Lr },
        };
        (_p, _g, _temp) = (Wrap(P), Wrap(G), Wrap(new T[Length]));
        _b = Variant == SgdVariant.Plain ? _temp : Wrap(S0);
    }

    /// <summary>The formula as a user would first write it, one element at a time.</summary>
    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Scalar()
    {
        var first = ++StepNumber == 1;
        T lr = N(Lr), mu = N(Mu);
        T[] p = P, g = G, b = S0;
        if (Variant == SgdVariant.Plain)
        {
            for (var i = 0; i < p.Length; i++)
            {
                p[i] -= lr * g[i];
            }

            return;
        }

        var nesterov = Variant == SgdVariant.Nesterov;
        for (var i = 0; i < p.Length; i++)
        {
            b[i] = first ? g[i] : (mu * b[i]) + g[i];
            p[i] -= lr * (nesterov ? g[i] + (mu * b[i]) : b[i]);
        }
    }

    /// <summary>The library's fused kernel (the functional API; validation included).</summary>
    [Benchmark]
    public void Kernel() => SgdKernel.Update<T>(
        P,
        G,
        S0,
        new SgdKernel.Scalars<T>(_options.LearningRate, _options.Momentum, _options.Dampening, _options.WeightDecay, _options.Nesterov, _options.Maximize),
        momentumStarted: ++StepNumber > 1);

    /// <summary>The same update in MathNet.Numerics vector operations, in place into preallocated vectors.</summary>
    [Benchmark]
    public void MathNet()
    {
        ++StepNumber;
        if (Variant == SgdVariant.Plain)
        {
            _g.Multiply(N(Lr), _temp);
            _p.Subtract(_temp, _p);
            return;
        }

        _b.Multiply(N(Mu), _b);
        _b.Add(_g, _b);
        if (Variant == SgdVariant.Nesterov)
        {
            _b.Multiply(N(Mu), _temp);
            _temp.Add(_g, _temp);
            _temp.Multiply(N(Lr), _temp);
        }
        else
        {
            _b.Multiply(N(Lr), _temp);
        }

        _p.Subtract(_temp, _p);
    }

    /// <summary>Reads and writes what the kernel does, with trivial arithmetic: the memory-bandwidth limit.</summary>
    [Benchmark]
    public void Roofline()
    {
        if (Variant == SgdVariant.Plain)
        {
            Infrastructure.Roofline.Update<T>(P, G);
        }
        else
        {
            Infrastructure.Roofline.Update<T>(P, G, S0);
        }
    }
}
