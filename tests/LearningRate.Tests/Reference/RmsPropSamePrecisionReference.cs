using LearningRate.Optimizers;

namespace LearningRate.Tests.Reference;

/// <summary>
/// RMSprop (centered, momentum, ε inside or outside the root) as a plain loop in <typeparamref name="T"/>,
/// transcribing the kernel's arithmetic: scalars rounded once to T, then per element (fma(a, b, c) = a·b + c
/// rounded once):
/// <code>
/// g ← g·(±1);  g ← fma(λ, θ, g) if λ ≠ 0;  v ← fma((1 − α)·g, g, v·α)
/// centered: ḡ ← fma(g − ḡ, 1 − α, ḡ);  w ← fma(−ḡ, ḡ, v)   (else w = v)
/// s ← g / (√w + ε)  (√(w + ε) with ε inside);  with μ &gt; 0: b ← fma(b, μ, s), s ← b
/// θ ← fma(s, −γ, θ)
/// </code>
/// The optimizer must match it bit for bit at every vector width.
/// </summary>
public sealed class RmsPropSamePrecisionReference<T>(RmsPropOptions options, int length)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _squareAvg = new T[length];
    private readonly T[] _momentumBuffer = new T[length];
    private readonly T[] _gradAvg = new T[length];

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        var sign = options.Maximize ? -T.One : T.One;
        var weightDecay = T.CreateTruncating(options.WeightDecay);
        var alpha = T.CreateTruncating(options.Alpha);
        var oneMinusAlpha = T.CreateTruncating(1 - options.Alpha);
        var epsilon = T.CreateTruncating(options.Epsilon);
        var momentum = T.CreateTruncating(options.Momentum);
        var negativeLearningRate = T.CreateTruncating(-options.LearningRate);
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var g = gradients[i] * sign;
            if (options.WeightDecay != 0)
            {
                g = T.FusedMultiplyAdd(weightDecay, p, g);
            }

            var v = _squareAvg[i] = T.FusedMultiplyAdd(oneMinusAlpha * g, g, _squareAvg[i] * alpha);
            if (options.Centered)
            {
                var mean = _gradAvg[i] = T.FusedMultiplyAdd(g - _gradAvg[i], oneMinusAlpha, _gradAvg[i]);
                v = T.FusedMultiplyAdd(-mean, mean, v);
            }

            var scaled = g / (options.EpsilonInsideRoot ? T.Sqrt(v + epsilon) : T.Sqrt(v) + epsilon);
            if (options.Momentum > 0)
            {
                scaled = _momentumBuffer[i] = T.FusedMultiplyAdd(_momentumBuffer[i], momentum, scaled);
            }

            parameters[i] = T.FusedMultiplyAdd(scaled, negativeLearningRate, p);
        }
    }
}
