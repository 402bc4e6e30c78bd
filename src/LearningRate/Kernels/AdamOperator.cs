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
    public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
        where TVec : struct, ISimd<TVec, T>
    {
        var gradientSign = TVec.Create(_s.GradientSign);
        var weightDecay = TVec.Create(_s.WeightDecay);
        var decoupledDecayFactor = TVec.Create(_s.DecoupledDecayFactor);
        var oneMinusBeta1 = TVec.Create(_s.OneMinusBeta1);
        var beta2 = TVec.Create(_s.Beta2);
        var oneMinusBeta2 = TVec.Create(_s.OneMinusBeta2);
        var inverseBiasCorrection2Sqrt = TVec.Create(_s.InverseBiasCorrection2Sqrt);
        var epsilon = TVec.Create(_s.Epsilon);
        var negativeStepSize = TVec.Create(_s.NegativeStepSize);
        for (var i = start; i < end; i += (nuint)TVec.Count)
        {
            var p = TVec.Load(ref parameter, i);
            var g = GradientPreamble.Apply<T, TVec, TCoupledDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

            p *= decoupledDecayFactor;
            var m = TVec.Load(ref state0, i);
            var v = TVec.Load(ref state1, i);
            m = TVec.FusedMultiplyAdd(g - m, oneMinusBeta1, m);
            v = TVec.FusedMultiplyAdd(oneMinusBeta2 * g, g, v * beta2);
            TVec.Store(m, ref state0, i);
            TVec.Store(v, ref state1, i);
            if (TAmsGrad.IsSet)
            {
                v = TVec.Max(TVec.Load(ref state2, i), v);
                TVec.Store(v, ref state2, i);
            }

            var denominator = TVec.FusedMultiplyAdd(TVec.Sqrt(v), inverseBiasCorrection2Sqrt, epsilon);
            p = TVec.FusedMultiplyAdd(negativeStepSize, m / denominator, p);
            TVec.Store(p, ref parameter, i);
        }
    }
}
