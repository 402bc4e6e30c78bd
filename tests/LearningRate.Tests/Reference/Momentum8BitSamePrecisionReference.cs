using LearningRate.Optimizers;

namespace LearningRate.Tests.Reference;

/// <summary>
/// 8-bit momentum SGD as a plain loop in <typeparamref name="T"/>: the velocity kept as hasSign
/// <see cref="BlockCodeReference"/> codes with one float scale per block, and per block: decode, then per element the
/// arithmetic of <see cref="SgdSamePrecisionReference{T}"/> with momentum, in this order and with these fused multiply-adds:
/// <code>
/// g ← g·(±1);  g ← fma(λ, θ, g) (weight decay)
/// b ← g (first step)  or  b ← fma(g, 1 − τ, b·μ);   g ← fma(b, μ, g) (Nesterov)  or  g ← b
/// θ ← fma(g, −γ, θ)
/// </code>
/// then encode b with its new scale. The optimizer must match it bit for bit at every vector width.
/// </summary>
public sealed class Momentum8BitSamePrecisionReference<T>(Momentum8BitOptions options, int length)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly byte[] _codes = new byte[length];
    private readonly float[] _scales = new float[(length + options.BlockSize - 1) / options.BlockSize];
    private bool _started;

    /// <summary>Gets the codes of the velocity.</summary>
    public ReadOnlySpan<byte> Codes => _codes;

    /// <summary>Gets the scales of the velocity.</summary>
    public ReadOnlySpan<float> Scales => _scales;

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients) => Step(parameters, gradients, options.Momentum);

    /// <summary>One update with momentum <paramref name="momentum"/> (a momentum schedule's value, or the options').</summary>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, double momentum)
    {
        var sign = options.Maximize ? -T.One : T.One;
        var weightDecay = T.CreateTruncating(options.WeightDecay);
        var mu = T.CreateTruncating(momentum);
        var oneMinusDampening = T.CreateTruncating(1 - options.Dampening);
        var negativeLearningRate = T.CreateTruncating(-options.LearningRate);
        var blockSize = options.BlockSize;
        for (int start = 0, block = 0; start < parameters.Length; start += blockSize, block++)
        {
            var count = Math.Min(blockSize, parameters.Length - start);
            var b = new T[count];
            BlockCodeReference.Decode<T>(_codes.AsSpan(start, count), _scales[block], hasSign: true, b);
            for (var j = 0; j < count; j++)
            {
                var i = start + j;
                var p = parameters[i];
                var g = gradients[i] * sign;
                if (options.WeightDecay != 0)
                {
                    g = T.FusedMultiplyAdd(weightDecay, p, g);
                }

                b[j] = _started ? T.FusedMultiplyAdd(g, oneMinusDampening, b[j] * mu) : g;
                g = options.Nesterov ? T.FusedMultiplyAdd(b[j], mu, g) : b[j];
                parameters[i] = T.FusedMultiplyAdd(g, negativeLearningRate, p);
            }

            _scales[block] = BlockCodeReference.Encode<T>(b, hasSign: true, _codes.AsSpan(start, count));
        }

        _started = true;
    }
}
