using LearningRate.Optimizers;

namespace LearningRate.Tests.Reference;

/// <summary>
/// Adam / AMSGrad / AdamW as a plain loop in <typeparamref name="T"/>, transcribing the kernel's arithmetic: the
/// per-step scalars formed in double and rounded once to T, then per element, in this order and with these fused
/// multiply-adds (fma(a, b, c) = a·b + c rounded once):
/// <code>
/// g ← g·(±1);  g ← fma(λ, θ, g) (coupled L2);  θ ← θ·(1 − γλ) (1 unless decoupled)
/// m ← fma(g − m, 1 − β1, m);  v ← fma((1 − β2)·g, g, v·β2);  v̂ ← max(v̂, v) (AMSGrad)
/// d ← fma(√v, 1/√(1 − β2^t), ε);  θ ← fma(−γ/(1 − β1^t), m/d, θ)
/// </code>
/// The optimizer must match it bit for bit at every vector width.
/// </summary>
public sealed class AdamSamePrecisionReference<T>(AdamOptions options, int length)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _expAvg = new T[length];
    private readonly T[] _expAvgSq = new T[length];
    private readonly T[] _maxExpAvgSq = new T[length];
    private long _step;

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        _step++;
        var lr = options.LearningRate;
        var sign = options.Maximize ? -T.One : T.One;
        var coupledDecay = !options.DecoupledWeightDecay && options.WeightDecay != 0;
        var weightDecay = T.CreateTruncating(options.WeightDecay);
        var decayFactor = T.CreateTruncating(options.DecoupledWeightDecay ? 1 - (lr * options.WeightDecay) : 1);
        var oneMinusBeta1 = T.CreateTruncating(1 - options.Beta1);
        var beta2 = T.CreateTruncating(options.Beta2);
        var oneMinusBeta2 = T.CreateTruncating(1 - options.Beta2);
        var inverseBias2Root = T.CreateTruncating(1 / Math.Sqrt(1 - Math.Pow(options.Beta2, _step)));
        var epsilon = T.CreateTruncating(options.Epsilon);
        var negativeStepSize = T.CreateTruncating(-lr / (1 - Math.Pow(options.Beta1, _step)));
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var g = gradients[i] * sign;
            if (coupledDecay)
            {
                g = T.FusedMultiplyAdd(weightDecay, p, g);
            }

            p *= decayFactor;
            _expAvg[i] = T.FusedMultiplyAdd(g - _expAvg[i], oneMinusBeta1, _expAvg[i]);
            _expAvgSq[i] = T.FusedMultiplyAdd(oneMinusBeta2 * g, g, _expAvgSq[i] * beta2);
            var second = _expAvgSq[i];
            if (options.AmsGrad)
            {
                second = _maxExpAvgSq[i] = T.Max(_maxExpAvgSq[i], second);
            }

            var denominator = T.FusedMultiplyAdd(T.Sqrt(second), inverseBias2Root, epsilon);
            parameters[i] = T.FusedMultiplyAdd(negativeStepSize, _expAvg[i] / denominator, p);
        }
    }
}
