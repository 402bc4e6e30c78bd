namespace LearningRate.Tests.Reference;

/// <summary>
/// torch.optim.Muon's step transcribed by hand from its formulas, one plain loop per line of upstream's
/// <c>_single_tensor_muon</c> and <c>_zeropower_via_newtonschulz</c>, in the element type: the matrix products as
/// the naive triple loop summing over k from +0 in increasing order, the Frobenius norm in the library's fixed
/// double order (<see cref="SquareSumReference"/>), lerp as PyTorch's CPU kernel computes it.
/// </summary>
public sealed class MuonReference<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _buffer;

    public MuonReference(int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
        _buffer = new T[rows * columns];
    }

    public int Rows { get; }

    public int Columns { get; }

    public double LearningRate { get; init; } = 1e-3;

    public double WeightDecay { get; init; } = 0.1;

    public double Momentum { get; init; } = 0.95;

    public bool Nesterov { get; init; } = true;

    public double A { get; init; } = 3.4445;

    public double B { get; init; } = -4.775;

    public double C { get; init; } = 2.0315;

    public double Epsilon { get; init; } = 1e-7;

    public int Steps { get; init; } = 5;

    public bool MatchRmsAdamW { get; init; }

    public bool Maximize { get; init; }

    /// <summary>Gets a value indicating whether every tensor upstream holds in bfloat16 is rounded to it (upstream's <c>grad.bfloat16()</c>).</summary>
    public bool BFloat16 { get; init; }

    public void Step(T[] theta, T[] gradient)
    {
        var n = Rows * Columns;
        if (n == 0)
        {
            return;
        }

        // buf.lerp_(grad, 1 - momentum); update = grad.lerp(buf, momentum) if nesterov else buf
        var update = new T[n];
        for (var e = 0; e < n; e++)
        {
            var g = Maximize ? -gradient[e] : gradient[e];
            _buffer[e] = Lerp(_buffer[e], g, T.CreateTruncating(1 - Momentum));
            update[e] = Nesterov ? Lerp(g, _buffer[e], T.CreateTruncating(Momentum)) : _buffer[e];
        }

        // _zeropower_via_newtonschulz: transpose when rows > columns, normalize, iterate, transpose back.
        var tall = Rows > Columns;
        int r = tall ? Columns : Rows, c = tall ? Rows : Columns;
        var x = Round(tall ? Transpose(update, Rows, Columns) : update);

        // ortho_grad.div_(ortho_grad.norm().clamp(min=eps)): the norm and the clamp are bfloat16 tensors too.
        var divisor = Round(T.Max(Round(T.CreateTruncating(Math.Sqrt(SquareSumReference.Of<T>(x)))), T.CreateTruncating(Epsilon)));
        for (var e = 0; e < x.Length; e++)
        {
            x[e] /= divisor;
        }

        x = Round(x);

        for (var step = 0; step < Steps; step++)
        {
            var gram = Round(Multiply(x, Transpose(x, r, c), r, c, r));
            var square = Multiply(gram, gram, r, r, r);
            var combined = new T[r * r];
            for (var e = 0; e < combined.Length; e++)
            {
                combined[e] = (T.CreateTruncating(B) * gram[e]) + (T.CreateTruncating(C) * square[e]);
            }

            combined = Round(combined);
            var product = Multiply(combined, x, r, r, c);
            for (var e = 0; e < x.Length; e++)
            {
                x[e] = (T.CreateTruncating(A) * x[e]) + product[e];
            }

            x = Round(x);
        }

        var orthogonal = tall ? Transpose(x, r, c) : x;

        // p.mul_(1 - lr * weight_decay); p.add_(update, alpha=-adjusted_lr)
        var ratio = MatchRmsAdamW ? 0.2 * Math.Sqrt(Math.Max(Rows, Columns)) : Math.Sqrt(Math.Max(1, (double)Rows / Columns));
        var decay = T.CreateTruncating(1 - (LearningRate * WeightDecay));
        var alpha = T.CreateTruncating(-(LearningRate * ratio));
        for (var e = 0; e < n; e++)
        {
            theta[e] = (theta[e] * decay) + (alpha * orthogonal[e]);
        }
    }

    // Rounded once to nearest-even bfloat16: through float is exact for float, and a double is first rounded to
    // float by round-to-odd (the bits below float's 24 folded into its last bit), which makes the second rounding exact.
    private T Round(T value)
    {
        if (!BFloat16)
        {
            return value;
        }

        var wide = double.CreateTruncating(value);
        var single = (float)wide;
        var bits = BitConverter.SingleToUInt32Bits(single);
        if (double.IsFinite(wide) && (double)single != wide && (bits & 1) == 0)
        {
            // Round to odd: toward zero, then set the last bit.
            bits = Math.Abs((double)single) > Math.Abs(wide) ? bits - 1 : bits;
            bits |= 1;
        }

        // Nearest-even to the top 16 bits (a NaN stays a NaN).
        var rounded = float.IsNaN(single) ? bits | 0x0040_0000 : bits + 0x7FFF + ((bits >> 16) & 1);
        return T.CreateTruncating(BitConverter.UInt32BitsToSingle(rounded & 0xFFFF_0000));
    }

    private T[] Round(T[] values) => BFloat16 ? [.. values.Select(Round)] : values;

    private static T Lerp(T start, T end, T weight) =>
        T.Abs(weight) < T.CreateTruncating(0.5) ? start + (weight * (end - start)) : end - ((end - start) * (T.One - weight));

    private static T[] Transpose(T[] source, int m, int n)
    {
        var result = new T[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                result[(j * m) + i] = source[(i * n) + j];
            }
        }

        return result;
    }

    private static T[] Multiply(T[] left, T[] right, int m, int k, int n)
    {
        var result = new T[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    sum += left[(i * k) + p] * right[(p * n) + j];
                }

                result[(i * n) + j] = sum;
            }
        }

        return result;
    }
}
