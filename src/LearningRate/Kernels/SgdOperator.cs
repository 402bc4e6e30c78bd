using System.Runtime.CompilerServices;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The SGD element rule, in PyTorch's order of operations:
/// <code>
/// g ← ±g (maximize);  g ← g + λθ (weight decay)
/// b ← g (first momentum step)  or  b ← μ·b + (1 − τ)·g;   d ← g + μ·b (Nesterov)  or  d ← b
/// θ ← θ − γ·d                                               (d = g without momentum)
/// </code>
/// State 0 is the velocity b (momentum only).
/// </summary>
internal readonly struct SgdOperator<T, TDecay, TMomentum, TFirst, TNesterov>(in SgdScalars<T> s) : IUpdateOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDecay : struct, IFlag
    where TMomentum : struct, IFlag
    where TFirst : struct, IFlag
    where TNesterov : struct, IFlag
{
    private readonly SgdScalars<T> _s = s;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
        where TVec : struct, ISimd<TVec, T>
    {
        var gradientSign = TVec.Create(_s.GradientSign);
        var weightDecay = TVec.Create(_s.WeightDecay);
        var oneMinusDampening = TVec.Create(_s.OneMinusDampening);
        var momentum = TVec.Create(_s.Momentum);
        var negativeLearningRate = TVec.Create(_s.NegativeLearningRate);
        for (var i = start; i < end; i += (nuint)TVec.Count)
        {
            var p = TVec.Load(ref parameter, i);
            var g = GradientPreamble.Apply<T, TVec, TDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

            if (TMomentum.IsSet)
            {
                // PyTorch's buffer starts as None and the first momentum step clones g: no dampening.
                var b = TFirst.IsSet
                    ? g
                    : TVec.FusedMultiplyAdd(g, oneMinusDampening, TVec.Load(ref state0, i) * momentum);
                TVec.Store(b, ref state0, i);
                g = TNesterov.IsSet ? TVec.FusedMultiplyAdd(b, momentum, g) : b;
            }

            p = TVec.FusedMultiplyAdd(g, negativeLearningRate, p);
            TVec.Store(p, ref parameter, i);
        }
    }
}
