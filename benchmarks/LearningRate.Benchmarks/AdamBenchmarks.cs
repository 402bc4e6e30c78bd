using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>The kernel-changing configurations of Adam, with their memory traffic per element.</summary>
public enum AdamVariant
{
    /// <summary>Reads θ, g, m, v; writes θ, m, v.</summary>
    [Traffic(4, 3)]
    Adam,

    /// <summary>Also reads and writes the running maximum of v.</summary>
    [Traffic(5, 4)]
    AmsGrad,

    /// <summary>Decoupled weight decay: the same traffic as Adam, one more multiply.</summary>
    [Traffic(4, 3)]
    AdamW,
}

/// <summary>
/// One Adam update of <c>Length</c> elements: the fused kernel, a naive scalar loop of the same
/// formula (the baseline), the update written with MathNet.Numerics vector operations, and the
/// same-traffic roofline.
/// </summary>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class AdamBenchmarks<T> : KernelBenchmark<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8, Decay = 1e-2;

    private AdamOptions _options = new();
    private MathNet.Numerics.LinearAlgebra.Vector<T> _p = null!, _g = null!, _m = null!, _v = null!, _vMax = null!, _temp = null!;

    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    [Params(AdamVariant.Adam, AdamVariant.AmsGrad, AdamVariant.AdamW)]
    public AdamVariant Variant { get; set; }

    public static IEnumerable<int> Lengths => BenchmarkSizes.Kernel;

    [GlobalSetup]
    public void Setup()
    {
        Allocate(Length, Variant == AdamVariant.AmsGrad ? 3 : 2);
        _options = Variant switch
        {
            AdamVariant.AmsGrad => new AdamOptions { LearningRate = Lr, AmsGrad = true },
            AdamVariant.AdamW => new AdamWOptions { LearningRate = Lr, WeightDecay = Decay },
            _ => new AdamOptions { LearningRate = Lr },
        };
        (_p, _g, _m, _v) = (Wrap(P), Wrap(G), Wrap(S0), Wrap(S1));
        _vMax = Variant == AdamVariant.AmsGrad ? Wrap(S2) : _v;
        _temp = Wrap(new T[Length]);
    }

    /// <summary>The formula as a user would first write it: one element at a time, per-step scalars hoisted.</summary>
    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Scalar()
    {
        var t = ++StepNumber;
        var amsGrad = Variant == AdamVariant.AmsGrad;
        var decoupled = Variant == AdamVariant.AdamW;
        T stepSize = N(Lr / (1 - Math.Pow(Beta1, t))), bias2Sqrt = N(Math.Sqrt(1 - Math.Pow(Beta2, t)));
        T b1 = N(Beta1), b2 = N(Beta2), eps = N(Eps), decay = N(1 - (Lr * Decay));
        T[] p = P, g = G, m = S0, v = S1, vMax = S2;
        for (var i = 0; i < p.Length; i++)
        {
            if (decoupled)
            {
                p[i] *= decay;
            }

            m[i] = (b1 * m[i]) + ((T.One - b1) * g[i]);
            v[i] = (b2 * v[i]) + ((T.One - b2) * g[i] * g[i]);
            var vHat = v[i];
            if (amsGrad)
            {
                vMax[i] = T.Max(vMax[i], vHat);
                vHat = vMax[i];
            }

            p[i] -= stepSize * m[i] / ((T.Sqrt(vHat) / bias2Sqrt) + eps);
        }
    }

    /// <summary>The library's fused kernel (the functional API; validation included).</summary>
    [Benchmark]
    public void Kernel() => AdamKernel.Update<T>(P, G, S0, S1, S2, ScalarsOf(_options, ++StepNumber));

    /// <summary>The kernel's validated scalars for <paramref name="options"/> at <paramref name="step"/>, as a caller of the functional API builds them.</summary>
    internal static AdamKernel.Scalars<T> ScalarsOf(AdamOptions options, long step) =>
        new(options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.AmsGrad, options.Maximize, options.DecoupledWeightDecay, step);

    /// <summary>The same update in MathNet.Numerics vector operations, in place into preallocated vectors (no allocation).</summary>
    [Benchmark]
    public void MathNet()
    {
        var t = ++StepNumber;
        var stepSize = N(Lr / (1 - Math.Pow(Beta1, t)));
        var bias2Sqrt = N(Math.Sqrt(1 - Math.Pow(Beta2, t)));
        if (Variant == AdamVariant.AdamW)
        {
            _p.Multiply(N(1 - (Lr * Decay)), _p);
        }

        _m.Multiply(N(Beta1), _m);
        _g.Multiply(N(1 - Beta1), _temp);
        _m.Add(_temp, _m);
        _g.PointwiseMultiply(_g, _temp);
        _temp.Multiply(N(1 - Beta2), _temp);
        _v.Multiply(N(Beta2), _v);
        _v.Add(_temp, _v);
        if (Variant == AdamVariant.AmsGrad)
        {
            _vMax.PointwiseMaximum(_v, _vMax);
        }

        _vMax.PointwiseSqrt(_temp);
        _temp.Divide(bias2Sqrt, _temp);
        _temp.Add(N(Eps), _temp);
        _m.PointwiseDivide(_temp, _temp);
        _temp.Multiply(stepSize, _temp);
        _p.Subtract(_temp, _p);
    }

    /// <summary>Reads and writes what the kernel does, with trivial arithmetic: the memory-bandwidth limit.</summary>
    [Benchmark]
    public void Roofline()
    {
        if (Variant == AdamVariant.AmsGrad)
        {
            Infrastructure.Roofline.Update<T>(P, G, S0, S1, S2);
        }
        else
        {
            Infrastructure.Roofline.Update<T>(P, G, S0, S1);
        }
    }
}
