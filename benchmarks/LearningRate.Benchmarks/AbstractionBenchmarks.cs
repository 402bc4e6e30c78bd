using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using LearningRate.Benchmarks.Infrastructure;
using LearningRate.Kernels;

namespace LearningRate.Benchmarks;

/// <summary>
/// Does the vector abstraction cost anything? The Adam kernel (one body over ISimd, run by
/// KernelDriver) against the same operations hand-written over Vector512 (Vector256 where AVX-512
/// is off), float, in cache and in DRAM. Setup checks that both give bit-identical results.
/// </summary>
public class AbstractionBenchmarks : KernelBenchmark<float>
{
    private AdamKernel.Scalars<float> _scalars;

    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    [Params(AdamVariant.Adam)]
    public AdamVariant Variant { get; set; }

    public static IEnumerable<int> Lengths => BenchmarkSizes.Abstraction;

    [GlobalSetup]
    public void Setup()
    {
        _scalars = new AdamKernel.Scalars<float>(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, amsGrad: false, maximize: false, decoupledWeightDecay: false, step: 3);
        Allocate(Length, 2);
        var (p, m, v) = (P.ToArray(), S0.ToArray(), S1.ToArray());
        Library();
        HandWritten(_scalars, p, G, m, v);
        if (!P.AsSpan().SequenceEqual(p) || !S0.AsSpan().SequenceEqual(m) || !S1.AsSpan().SequenceEqual(v))
        {
            throw new InvalidOperationException("The hand-written loop and the library kernel disagree.");
        }
    }

    [Benchmark(Baseline = true)]
    public void Library() => AdamKernel.Apply(_scalars, P, G, S0, S1, default);

    [Benchmark]
    public void HandWrittenVector() => HandWritten(_scalars, P, G, S0, S1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HandWritten(in AdamKernel.Scalars<float> s, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment)
    {
        ref var rp = ref MemoryMarshal.GetReference(parameters);
        ref var rg = ref MemoryMarshal.GetReference(gradients);
        ref var rm = ref MemoryMarshal.GetReference(firstMoment);
        ref var rv = ref MemoryMarshal.GetReference(secondMoment);
        var n = (nuint)parameters.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var sign = Vector512.Create(s.GradientSign);
            var decay = Vector512.Create(s.DecoupledDecayFactor);
            var oneMinusBeta1 = Vector512.Create(s.OneMinusBeta1);
            var oneMinusBeta2 = Vector512.Create(s.OneMinusBeta2);
            var beta2 = Vector512.Create(s.Beta2);
            var inverse = Vector512.Create(s.InverseBiasCorrection2Sqrt);
            var eps = Vector512.Create(s.Epsilon);
            var step = Vector512.Create(s.NegativeStepSize);
            for (; i + 16 <= n; i += 16)
            {
                var p = Vector512.LoadUnsafe(ref rp, i);
                var g = Vector512.LoadUnsafe(ref rg, i) * sign;
                p *= decay;
                var m = Vector512.LoadUnsafe(ref rm, i);
                var v = Vector512.LoadUnsafe(ref rv, i);
                m = Vector512.FusedMultiplyAdd(g - m, oneMinusBeta1, m);
                v = Vector512.FusedMultiplyAdd(oneMinusBeta2 * g, g, v * beta2);
                m.StoreUnsafe(ref rm, i);
                v.StoreUnsafe(ref rv, i);
                var denominator = Vector512.FusedMultiplyAdd(Vector512.Sqrt(v), inverse, eps);
                Vector512.FusedMultiplyAdd(step, m / denominator, p).StoreUnsafe(ref rp, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var sign = Vector256.Create(s.GradientSign);
            var decay = Vector256.Create(s.DecoupledDecayFactor);
            var oneMinusBeta1 = Vector256.Create(s.OneMinusBeta1);
            var oneMinusBeta2 = Vector256.Create(s.OneMinusBeta2);
            var beta2 = Vector256.Create(s.Beta2);
            var inverse = Vector256.Create(s.InverseBiasCorrection2Sqrt);
            var eps = Vector256.Create(s.Epsilon);
            var step = Vector256.Create(s.NegativeStepSize);
            for (; i + 8 <= n; i += 8)
            {
                var p = Vector256.LoadUnsafe(ref rp, i);
                var g = Vector256.LoadUnsafe(ref rg, i) * sign;
                p *= decay;
                var m = Vector256.LoadUnsafe(ref rm, i);
                var v = Vector256.LoadUnsafe(ref rv, i);
                m = Vector256.FusedMultiplyAdd(g - m, oneMinusBeta1, m);
                v = Vector256.FusedMultiplyAdd(oneMinusBeta2 * g, g, v * beta2);
                m.StoreUnsafe(ref rm, i);
                v.StoreUnsafe(ref rv, i);
                var denominator = Vector256.FusedMultiplyAdd(Vector256.Sqrt(v), inverse, eps);
                Vector256.FusedMultiplyAdd(step, m / denominator, p).StoreUnsafe(ref rp, i);
            }
        }

        for (; i < n; i++)
        {
            var p = Unsafe.Add(ref rp, i);
            var g = Unsafe.Add(ref rg, i) * s.GradientSign;
            p *= s.DecoupledDecayFactor;
            var m = MathF.FusedMultiplyAdd(g - Unsafe.Add(ref rm, i), s.OneMinusBeta1, Unsafe.Add(ref rm, i));
            var v = MathF.FusedMultiplyAdd(s.OneMinusBeta2 * g, g, Unsafe.Add(ref rv, i) * s.Beta2);
            Unsafe.Add(ref rm, i) = m;
            Unsafe.Add(ref rv, i) = v;
            var denominator = MathF.FusedMultiplyAdd(MathF.Sqrt(v), s.InverseBiasCorrection2Sqrt, s.Epsilon);
            Unsafe.Add(ref rp, i) = MathF.FusedMultiplyAdd(s.NegativeStepSize, m / denominator, p);
        }
    }
}
