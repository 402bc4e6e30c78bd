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
    public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint index)
        where TVec : struct, ISimd<TVec, T>
    {
        var p = TVec.Load(ref parameter, index);
        var g = TVec.Load(ref gradient, index) * TVec.Create(_s.GradientSign);
        if (TDecay.IsSet)
        {
            g = TVec.FusedMultiplyAdd(TVec.Create(_s.WeightDecay), p, g);
        }

        var v = TVec.FusedMultiplyAdd(TVec.Create(_s.OneMinusAlpha) * g, g, TVec.Load(ref state0, index) * TVec.Create(_s.Alpha));
        TVec.Store(v, ref state0, index);
        if (TCentered.IsSet)
        {
            var mean = TVec.Load(ref state2, index);
            mean = TVec.FusedMultiplyAdd(g - mean, TVec.Create(_s.OneMinusAlpha), mean);
            TVec.Store(mean, ref state2, index);
            v = TVec.FusedMultiplyAdd(-mean, mean, v);
        }

        var epsilon = TVec.Create(_s.Epsilon);
        var scaled = g / (TEpsilonInsideRoot.IsSet ? TVec.Sqrt(v + epsilon) : TVec.Sqrt(v) + epsilon);
        if (TMomentum.IsSet)
        {
            scaled = TVec.FusedMultiplyAdd(TVec.Load(ref state1, index), TVec.Create(_s.Momentum), scaled);
            TVec.Store(scaled, ref state1, index);
        }

        p = TVec.FusedMultiplyAdd(scaled, TVec.Create(_s.NegativeLearningRate), p);
        TVec.Store(p, ref parameter, index);
    }
}
