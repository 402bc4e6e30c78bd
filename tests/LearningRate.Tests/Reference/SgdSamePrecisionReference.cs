using LearningRate.Optimizers;

namespace LearningRate.Tests.Reference;

/// <summary>
/// SGD (momentum, dampening τ, Nesterov) as a plain loop in <typeparamref name="T"/>, transcribing the kernel's
/// arithmetic: scalars rounded once to T, then per element (fma(a, b, c) = a·b + c rounded once):
/// <code>
/// g ← g·(±1);  g ← fma(λ, θ, g) if λ ≠ 0
/// if μ ≠ 0:  b ← g (first step)  or  b ← fma(g, 1 − τ, b·μ);   g ← fma(b, μ, g) if Nesterov, else g ← b
/// θ ← fma(g, −γ, θ)
/// </code>
/// The optimizer must match it bit for bit at every vector width.
/// </summary>
public sealed class SgdSamePrecisionReference<T>(SgdOptions options, int length)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _momentumBuffer = new T[length];
    private bool _momentumStarted;

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        var sign = options.Maximize ? -T.One : T.One;
        var weightDecay = T.CreateTruncating(options.WeightDecay);
        var momentum = T.CreateTruncating(options.Momentum);
        var oneMinusDampening = T.CreateTruncating(1 - options.Dampening);
        var negativeLearningRate = T.CreateTruncating(-options.LearningRate);
        var usesMomentum = options.Momentum != 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var g = gradients[i] * sign;
            if (options.WeightDecay != 0)
            {
                g = T.FusedMultiplyAdd(weightDecay, p, g);
            }

            if (usesMomentum)
            {
                var b = _momentumStarted ? T.FusedMultiplyAdd(g, oneMinusDampening, _momentumBuffer[i] * momentum) : g;
                _momentumBuffer[i] = b;
                g = options.Nesterov ? T.FusedMultiplyAdd(b, momentum, g) : b;
            }

            parameters[i] = T.FusedMultiplyAdd(g, negativeLearningRate, p);
        }

        _momentumStarted |= usesMomentum;
    }
}
