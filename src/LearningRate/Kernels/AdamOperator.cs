using System.Runtime.CompilerServices;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Adam/AdamW element rule, in PyTorch's order of operations:
/// <code>
/// g ← ±g (maximize);  g ← g + λθ (coupled L2);  θ ← θ·(1 − γλ) (decoupled)
/// m ← m + (g − m)(1 − β1);  v ← β2·v + (1 − β2)·g²;  v̂ ← max(v̂, v) (AMSGrad)
/// θ ← θ − (γ / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
/// </code>
/// State 0 is m, state 1 is v, state 2 is the running maximum of v (AMSGrad only).
/// </summary>
internal readonly struct AdamOperator<T, TAmsGrad, TCoupledDecay>(in AdamScalars<T> s) : IUpdateOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TAmsGrad : struct, IFlag
    where TCoupledDecay : struct, IFlag
{
    private readonly AdamScalars<T> _s = s;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint index)
        where TVec : struct, ISimd<TVec, T>
    {
        var p = TVec.Load(ref parameter, index);
        var g = TVec.Load(ref gradient, index) * TVec.Create(_s.GradientSign);
        if (TCoupledDecay.IsSet)
        {
            g = TVec.FusedMultiplyAdd(TVec.Create(_s.WeightDecay), p, g);
        }

        p *= TVec.Create(_s.DecoupledDecayFactor);
        var m = TVec.Load(ref state0, index);
        var v = TVec.Load(ref state1, index);
        m = TVec.FusedMultiplyAdd(g - m, TVec.Create(_s.OneMinusBeta1), m);
        v = TVec.FusedMultiplyAdd(TVec.Create(_s.OneMinusBeta2) * g, g, v * TVec.Create(_s.Beta2));
        TVec.Store(m, ref state0, index);
        TVec.Store(v, ref state1, index);
        if (TAmsGrad.IsSet)
        {
            v = TVec.Max(TVec.Load(ref state2, index), v);
            TVec.Store(v, ref state2, index);
        }

        var denominator = TVec.FusedMultiplyAdd(TVec.Sqrt(v), TVec.Create(_s.InverseBiasCorrection2Sqrt), TVec.Create(_s.Epsilon));
        p = TVec.FusedMultiplyAdd(TVec.Create(_s.NegativeStepSize), m / denominator, p);
        TVec.Store(p, ref parameter, index);
    }
}
