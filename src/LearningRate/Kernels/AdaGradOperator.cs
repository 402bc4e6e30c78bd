using System.Runtime.CompilerServices;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The AdaGrad element rule, in PyTorch's order of operations:
/// <code>
/// g ← ±g (maximize);  g ← g + λθ (weight decay)
/// s ← s + g²;   θ ← θ − γ̃ · g / (√s + ε)      (√(s + ε) with ε inside the root)
/// </code>
/// State 0 is the sum of squares s.
/// </summary>
internal readonly struct AdaGradOperator<T, TDecay, TEpsilonInsideRoot>(in AdaGradScalars<T> s) : IUpdateOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDecay : struct, IFlag
    where TEpsilonInsideRoot : struct, IFlag
{
    private readonly AdaGradScalars<T> _s = s;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
        where TVec : struct, ISimd<TVec, T>
    {
        var gradientSign = TVec.Create(_s.GradientSign);
        var weightDecay = TVec.Create(_s.WeightDecay);
        var epsilon = TVec.Create(_s.Epsilon);
        var negativeDecayedLearningRate = TVec.Create(_s.NegativeDecayedLearningRate);
        for (var i = start; i < end; i += (nuint)TVec.Count)
        {
            var p = TVec.Load(ref parameter, i);
            var g = GradientPreamble.Apply<T, TVec, TDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

            var sum = TVec.FusedMultiplyAdd(g, g, TVec.Load(ref state0, i));
            TVec.Store(sum, ref state0, i);
            var std = TEpsilonInsideRoot.IsSet ? TVec.Sqrt(sum + epsilon) : TVec.Sqrt(sum) + epsilon;
            p = TVec.FusedMultiplyAdd(g / std, negativeDecayedLearningRate, p);
            TVec.Store(p, ref parameter, i);
        }
    }
}
