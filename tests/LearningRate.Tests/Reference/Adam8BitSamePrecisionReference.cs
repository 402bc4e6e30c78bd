using LearningRate.Optimizers;

namespace LearningRate.Tests.Reference;

/// <summary>
/// 8-bit Adam / AdamW as a plain loop in <typeparamref name="T"/>: the state kept as <see cref="BlockCodeReference"/> codes
/// (signed codes of r = m/√v, unsigned codes of u = √v, one float scale per block), and per block: decode, then per
/// element the arithmetic of <see cref="AdamSamePrecisionReference{T}"/> with m formed from r and u and v from u, in
/// this order and with these fused multiply-adds:
/// <code>
/// m ← r·u
/// g ← g·(±1);  g ← fma(λ, θ, g) (coupled L2);  θ ← θ·(1 − γλ) (1 unless decoupled)
/// m ← fma(g − m, 1 − β1, m);  u ← √fma((1 − β2)·g, g, (u·u)·β2);  r ← u &gt; 0 ? m/u : 0
/// d ← fma(u, 1/√(1 − β2^t), ε);  θ ← fma(−γ/(1 − β1^t), m/d, θ)
/// </code>
/// then encode r and u with their new scales. The optimizer must match it bit for bit at every vector width.
/// </summary>
public sealed class Adam8BitSamePrecisionReference<T>(Adam8BitOptions options, int length)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly byte[] _ratioCodes = new byte[length];
    private readonly byte[] _rootCodes = new byte[length];
    private readonly float[] _ratioScales = new float[(length + options.BlockSize - 1) / options.BlockSize];
    private readonly float[] _rootScales = new float[(length + options.BlockSize - 1) / options.BlockSize];
    private long _step;

    /// <summary>Gets the codes of r = m/√v.</summary>
    public ReadOnlySpan<byte> RatioCodes => _ratioCodes;

    /// <summary>Gets the codes of u = √v.</summary>
    public ReadOnlySpan<byte> RootCodes => _rootCodes;

    /// <summary>Gets the scales of r.</summary>
    public ReadOnlySpan<float> RatioScales => _ratioScales;

    /// <summary>Gets the scales of u.</summary>
    public ReadOnlySpan<float> RootScales => _rootScales;

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
        var blockSize = options.BlockSize;
        for (int start = 0, block = 0; start < parameters.Length; start += blockSize, block++)
        {
            var count = Math.Min(blockSize, parameters.Length - start);
            T[] r = new T[count], u = new T[count];
            BlockCodeReference.Decode<T>(_ratioCodes.AsSpan(start, count), _ratioScales[block], hasSign: true, r);
            BlockCodeReference.Decode<T>(_rootCodes.AsSpan(start, count), _rootScales[block], hasSign: false, u);
            for (var j = 0; j < count; j++)
            {
                var i = start + j;
                var p = parameters[i];
                var g = gradients[i] * sign;
                if (coupledDecay)
                {
                    g = T.FusedMultiplyAdd(weightDecay, p, g);
                }

                p *= decayFactor;
                var m = r[j] * u[j];
                m = T.FusedMultiplyAdd(g - m, oneMinusBeta1, m);
                u[j] = T.Sqrt(T.FusedMultiplyAdd(oneMinusBeta2 * g, g, u[j] * u[j] * beta2));
                r[j] = u[j] > T.Zero ? m / u[j] : T.Zero;
                var denominator = T.FusedMultiplyAdd(u[j], inverseBias2Root, epsilon);
                parameters[i] = T.FusedMultiplyAdd(negativeStepSize, m / denominator, p);
            }

            _ratioScales[block] = BlockCodeReference.Encode<T>(r, hasSign: true, _ratioCodes.AsSpan(start, count));
            _rootScales[block] = BlockCodeReference.Encode<T>(u, hasSign: false, _rootCodes.AsSpan(start, count));
        }
    }
}
