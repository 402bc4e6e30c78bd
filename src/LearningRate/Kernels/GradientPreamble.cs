using System.Runtime.CompilerServices;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The first two lines of every PyTorch update rule, shared by the operators:
/// <c>g ← −g</c> when maximizing (the sign is ±1, so the product is exact), then
/// <c>g ← g + λθ</c> when L2 weight decay is coupled into the gradient.
/// </summary>
internal static class GradientPreamble
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Apply<T, TVec, TDecay>(TVec gradient, TVec parameter, TVec sign, TVec weightDecay)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct, ISimd<TVec, T>
        where TDecay : struct, IFlag
    {
        var g = gradient * sign;
        return TDecay.IsSet ? TVec.FusedMultiplyAdd(weightDecay, parameter, g) : g;
    }
}
