using LearningRate.Optimizers;

namespace LearningRate.Tests.Reference;

/// <summary>
/// AdaGrad as a plain loop in <typeparamref name="T"/>, transcribing the kernel's arithmetic: the decayed step
/// γ̃ = γ/(1 + (t − 1)·η) formed in double and rounded once to T, the sum starting at the initial accumulator value
/// rounded to T, then per element (fma(a, b, c) = a·b + c rounded once):
/// <code>
/// g ← g·(±1);  g ← fma(λ, θ, g) if λ ≠ 0;  s ← fma(g, g, s)
/// d ← √s + ε  (√(s + ε) with ε inside the root);  θ ← fma(g/d, −γ̃, θ)
/// </code>
/// The optimizer must match it bit for bit at every vector width.
/// </summary>
public sealed class AdaGradSamePrecisionReference<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AdaGradOptions _options;
    private readonly T[] _sum;
    private long _step;

    public AdaGradSamePrecisionReference(AdaGradOptions options, int length)
    {
        _options = options;
        _sum = new T[length];
        Array.Fill(_sum, T.CreateTruncating(options.InitialAccumulatorValue));
    }

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        _step++;
        var sign = _options.Maximize ? -T.One : T.One;
        var weightDecay = T.CreateTruncating(_options.WeightDecay);
        var epsilon = T.CreateTruncating(_options.Epsilon);
        var negativeDecayedLearningRate = T.CreateTruncating(-(_options.LearningRate / (1 + ((_step - 1) * _options.LearningRateDecay))));
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var g = gradients[i] * sign;
            if (_options.WeightDecay != 0)
            {
                g = T.FusedMultiplyAdd(weightDecay, p, g);
            }

            _sum[i] = T.FusedMultiplyAdd(g, g, _sum[i]);
            var std = _options.EpsilonInsideRoot ? T.Sqrt(_sum[i] + epsilon) : T.Sqrt(_sum[i]) + epsilon;
            parameters[i] = T.FusedMultiplyAdd(g / std, negativeDecayedLearningRate, p);
        }
    }
}
