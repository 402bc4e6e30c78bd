using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>The kernel-changing configurations of RMSprop, with their memory traffic per element.</summary>
public enum RmsPropVariant
{
    /// <summary>Reads θ, g, v; writes θ, v.</summary>
    [Traffic(3, 2)]
    Plain,

    /// <summary>Also reads and writes the running mean of g.</summary>
    [Traffic(4, 3)]
    Centered,

    /// <summary>Also reads and writes the momentum buffer.</summary>
    [Traffic(4, 3)]
    Momentum,
}

/// <summary>
/// One RMSprop update of <c>Length</c> elements: the fused kernel, a naive scalar loop of the same
/// formula (the baseline), the update in MathNet.Numerics vector operations, and the same-traffic roofline.
/// </summary>
/// <remarks>
/// With a constant gradient the centered variance v − ḡ² decays to zero and then to denormals and
/// NaN over the thousands of steps a benchmark runs; so the centered variant alternates between
/// the gradient and its negation (two arrays; the same traffic per step).
/// </remarks>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class RmsPropBenchmarks<T> : KernelBenchmark<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Lr = 1e-2, Alpha = 0.99, Eps = 1e-8, Mu = 0.9;

    private RmsPropOptions _options = new();
    private T[] _negated = [];
    private MathNet.Numerics.LinearAlgebra.Vector<T> _p = null!, _g = null!, _gNegated = null!, _v = null!, _extra = null!, _temp = null!;

    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    [Params(RmsPropVariant.Plain, RmsPropVariant.Centered, RmsPropVariant.Momentum)]
    public RmsPropVariant Variant { get; set; }

    public static IEnumerable<int> Lengths => BenchmarkSizes.Kernel;

    [GlobalSetup]
    public void Setup()
    {
        Allocate(Length, Variant == RmsPropVariant.Plain ? 1 : 2);
        _options = Variant switch
        {
            RmsPropVariant.Centered => new RmsPropOptions { LearningRate = Lr, Alpha = Alpha, Epsilon = Eps, Centered = true },
            RmsPropVariant.Momentum => new RmsPropOptions { LearningRate = Lr, Alpha = Alpha, Epsilon = Eps, Momentum = Mu },
            _ => new RmsPropOptions { LearningRate = Lr, Alpha = Alpha, Epsilon = Eps },
        };
        _negated = Variant == RmsPropVariant.Centered ? [.. G.Select(x => -x)] : G;
        (_p, _g, _gNegated, _v, _temp) = (Wrap(P), Wrap(G), Wrap(_negated), Wrap(S0), Wrap(new T[Length]));
        _extra = Variant == RmsPropVariant.Plain ? _temp : Wrap(S1);
    }

    /// <summary>The gradient of this step: alternates sign for the centered variant (see remarks).</summary>
    private T[] Gradient => (StepNumber & 1) == 0 ? G : _negated;

    /// <summary>The formula as a user would first write it, one element at a time.</summary>
    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Scalar()
    {
        ++StepNumber;
        T lr = N(Lr), alpha = N(Alpha), eps = N(Eps), mu = N(Mu);
        T[] p = P, g = Gradient, v = S0, extra = S1;
        var centered = Variant == RmsPropVariant.Centered;
        var momentum = Variant == RmsPropVariant.Momentum;
        for (var i = 0; i < p.Length; i++)
        {
            v[i] = (alpha * v[i]) + ((T.One - alpha) * g[i] * g[i]);
            T d;
            if (centered)
            {
                extra[i] = (alpha * extra[i]) + ((T.One - alpha) * g[i]);
                d = T.Sqrt(v[i] - (extra[i] * extra[i])) + eps;
            }
            else
            {
                d = T.Sqrt(v[i]) + eps;
            }

            if (momentum)
            {
                extra[i] = (mu * extra[i]) + (g[i] / d);
                p[i] -= lr * extra[i];
            }
            else
            {
                p[i] -= lr * g[i] / d;
            }
        }
    }

    /// <summary>The library's fused kernel (the functional API; validation included).</summary>
    [Benchmark]
    public void Kernel()
    {
        ++StepNumber;
        var centered = Variant == RmsPropVariant.Centered;
        var scalars = new RmsPropKernel.Scalars<T>(_options.LearningRate, _options.Alpha, _options.Epsilon, _options.WeightDecay, _options.Momentum, _options.Centered, _options.Maximize, _options.EpsilonInsideRoot);
        RmsPropKernel.Update<T>(P, Gradient, S0, centered ? default : S1, centered ? S1 : default, scalars);
    }

    /// <summary>The same update in MathNet.Numerics vector operations, in place into preallocated vectors.</summary>
    [Benchmark]
    public void MathNet()
    {
        ++StepNumber;
        var g = (StepNumber & 1) == 0 ? _g : _gNegated;
        _v.Multiply(N(Alpha), _v);
        g.PointwiseMultiply(g, _temp);
        _temp.Multiply(N(1 - Alpha), _temp);
        _v.Add(_temp, _v);
        if (Variant == RmsPropVariant.Centered)
        {
            _extra.Multiply(N(Alpha), _extra);
            g.Multiply(N(1 - Alpha), _temp);
            _extra.Add(_temp, _extra);
            _extra.PointwiseMultiply(_extra, _temp);
            _v.Subtract(_temp, _temp);
            _temp.PointwiseSqrt(_temp);
        }
        else
        {
            _v.PointwiseSqrt(_temp);
        }

        _temp.Add(N(Eps), _temp);
        g.PointwiseDivide(_temp, _temp);
        if (Variant == RmsPropVariant.Momentum)
        {
            _extra.Multiply(N(Mu), _extra);
            _extra.Add(_temp, _extra);
            _extra.Multiply(N(Lr), _temp);
        }
        else
        {
            _temp.Multiply(N(Lr), _temp);
        }

        _p.Subtract(_temp, _p);
    }

    /// <summary>Reads and writes what the kernel does, with trivial arithmetic: the memory-bandwidth limit.</summary>
    [Benchmark]
    public void Roofline()
    {
        ++StepNumber;
        if (Variant == RmsPropVariant.Plain)
        {
            Infrastructure.Roofline.Update<T>(P, Gradient, S0);
        }
        else
        {
            Infrastructure.Roofline.Update<T>(P, Gradient, S0, S1);
        }
    }
}
