using System.Runtime.CompilerServices;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The RMSprop element rule, in PyTorch's order of operations:
/// <code>
/// g ← ±g (maximize);  g ← g + λθ (weight decay)
/// v ← α·v + (1 − α)·g²
/// d ← √v + ε,  or centered: ḡ ← ḡ + (g − ḡ)(1 − α);  d ← √(v − ḡ²) + ε   (ε inside the root: √(… + ε))
/// θ ← θ − γ·g/d,  or with momentum: b ← μ·b + g/d;  θ ← θ − γ·b
/// </code>
/// State 0 is v, state 1 the velocity b (momentum only), state 2 the gradient average ḡ (centered only).
/// </summary>
internal readonly struct RmsPropOperator<T, TDecay, TCentered, TMomentum, TEpsilonInsideRoot>(in RmsPropScalars<T> s) : IUpdateOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDecay : struct, IFlag
    where TCentered : struct, IFlag
    where TMomentum : struct, IFlag
    where TEpsilonInsideRoot : struct, IFlag
{
    private readonly RmsPropScalars<T> _s = s;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
        where TVec : struct, ISimd<TVec, T>
    {
        var gradientSign = TVec.Create(_s.GradientSign);
        var weightDecay = TVec.Create(_s.WeightDecay);
        var alpha = TVec.Create(_s.Alpha);
        var oneMinusAlpha = TVec.Create(_s.OneMinusAlpha);
        var epsilon = TVec.Create(_s.Epsilon);
        var momentum = TVec.Create(_s.Momentum);
        var negativeLearningRate = TVec.Create(_s.NegativeLearningRate);
        for (var i = start; i < end; i += (nuint)TVec.Count)
        {
            var p = TVec.Load(ref parameter, i);
            var g = GradientPreamble.Apply<T, TVec, TDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

            var v = TVec.FusedMultiplyAdd(oneMinusAlpha * g, g, TVec.Load(ref state0, i) * alpha);
            TVec.Store(v, ref state0, i);
            if (TCentered.IsSet)
            {
                var mean = TVec.Load(ref state2, i);
                mean = TVec.FusedMultiplyAdd(g - mean, oneMinusAlpha, mean);
                TVec.Store(mean, ref state2, i);
                v = TVec.FusedMultiplyAdd(-mean, mean, v);
            }

            var scaled = g / (TEpsilonInsideRoot.IsSet ? TVec.Sqrt(v + epsilon) : TVec.Sqrt(v) + epsilon);
            if (TMomentum.IsSet)
            {
                scaled = TVec.FusedMultiplyAdd(TVec.Load(ref state1, i), momentum, scaled);
                TVec.Store(scaled, ref state1, i);
            }

            p = TVec.FusedMultiplyAdd(scaled, negativeLearningRate, p);
            TVec.Store(p, ref parameter, i);
        }
    }
}
