using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Adafactor update of one tensor, as torch.optim.Adafactor computes it, over caller-owned spans: the functional
/// form of the Adafactor optimizer. A tensor of rank 2 or more keeps factored second moments over its last two
/// dimensions (a row vector and a column vector per leading index: O(rows + columns) state); a vector or scalar keeps
/// one per element.
/// </summary>
public static class AdafactorKernel
{
    /// <summary>
    /// Applies one Adafactor update in place. With the step t and the hyper-parameters of <paramref name="scalars"/>,
    /// w = t^c (c = <c>beta2_decay</c>), ρ = min(γ, 1/√t) and lerp as PyTorch's:
    /// <code>
    /// g ← −g if maximize
    /// α = max(ε2, RMS(θ))·ρ;   θ ← θ·(1 − γλ)
    /// factored (per leading index, an R×C matrix):
    ///     r_i ← lerp(r_i, ‖g[i, :]‖²/C, w);   c_j ← lerp(c_j, ‖g[:, j]‖²/R, w)
    ///     V[i, j] = r_i·c_j / max(mean(r), ε1)
    /// unfactored:   v ← lerp(v, g², w);   V = v
    /// u = g / √max(V, ε1²);   θ ← θ − α/max(1, RMS(u)/d) · u
    /// </code>
    /// The sums are in double: ‖θ‖² in the fixed order of the gradient norm (the same bits on every SIMD width), the others
    /// in index order; ‖·‖² in the means is the norm rounded to the element type, then squared in it (PyTorch's
    /// <c>norm(...).square_()</c>).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The tensor θ, row-major, updated in place.</param>
    /// <param name="gradients">The gradient, same length; not modified.</param>
    /// <param name="rowVariance">r: the leading dimensions' product times R elements when factored, otherwise empty.</param>
    /// <param name="columnVariance">c: the leading dimensions' product times C elements when factored, otherwise empty.</param>
    /// <param name="variance">v: one element per parameter when not factored, otherwise empty.</param>
    /// <param name="shape">The tensor's dimensions; rank 2 and more is factored over the last two.</param>
    /// <param name="scalars">The hyper-parameters and step of this update.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension of <paramref name="shape"/> is negative.</exception>
    /// <exception cref="ArgumentException">The shape does not hold the spans' length, a state span has the wrong length, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> rowVariance,
        Span<T> columnVariance,
        Span<T> variance,
        ReadOnlySpan<int> shape,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        long elements = 1;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            elements = Math.Min(elements * dimension, (long)int.MaxValue + 1);
        }

        if (elements != parameters.Length)
        {
            Guard.ThrowArgument(nameof(shape), $"The shape [{string.Join(", ", shape.ToArray())}] does not hold the spans' {parameters.Length} elements.");
        }

        var (rows, columns) = (RowLength(shape), ColumnLength(shape));
        Expect(rowVariance, rows, nameof(rowVariance));
        Expect(columnVariance, columns, nameof(columnVariance));
        Expect(variance, shape.Length >= 2 ? 0 : parameters.Length, nameof(variance));
        if (rowVariance.Overlaps(parameters) || rowVariance.Overlaps(gradients) || columnVariance.Overlaps(parameters) || columnVariance.Overlaps(gradients)
            || columnVariance.Overlaps(rowVariance) || variance.Overlaps(parameters) || variance.Overlaps(gradients))
        {
            Guard.ThrowArgument(nameof(rowVariance), "A state span overlaps another span; every span must be a separate buffer.");
        }

        Apply(scalars, parameters, gradients, rowVariance, columnVariance, variance, shape);
    }

    /// <summary>Gets the length of the row state of a tensor of <paramref name="shape"/>: the product of all dimensions but the last when the rank is 2 or more, else 0.</summary>
    /// <param name="shape">The tensor's dimensions.</param>
    /// <returns>The element count of r.</returns>
    public static int RowLength(ReadOnlySpan<int> shape) => shape.Length >= 2 ? Product(shape[..^1]) : 0;

    /// <summary>Gets the length of the column state of a tensor of <paramref name="shape"/>: the product of all dimensions but the last two, times the last, when the rank is 2 or more, else 0.</summary>
    /// <param name="shape">The tensor's dimensions.</param>
    /// <returns>The element count of c.</returns>
    public static int ColumnLength(ReadOnlySpan<int> shape) => shape.Length >= 2 ? Product(shape[..^2]) * shape[^1] : 0;

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizer).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> rowVariance, Span<T> columnVariance, Span<T> variance, ReadOnlySpan<int> shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = parameters.Length;
        if (n == 0)
        {
            return;
        }

        var root = Math.Sqrt(n);
        var alpha = Math.Max(s.Epsilon2, Math.Sqrt(SquareSum.Of<T>(parameters)) / root) * s.Rho;
        if (s.HasDecay)
        {
            for (var e = 0; e < n; e++)
            {
                parameters[e] *= s.Decay;
            }
        }

        var factored = shape.Length >= 2;
        int rows = factored ? shape[^2] : 0, columns = factored ? shape[^1] : 0;
        var matrix = rows * columns;
        if (factored)
        {
            for (var b = 0; b * matrix < n; b++)
            {
                var g = gradients.Slice(b * matrix, matrix);
                var r = rowVariance.Slice(b * rows, rows);
                var c = columnVariance.Slice(b * columns, columns);
                for (var i = 0; i < rows; i++)
                {
                    r[i] = Lerp(r[i], Squared<T>(SumOfSquares(g, i * columns, 1, columns)) / T.CreateTruncating(columns), s.Weight);
                }

                for (var j = 0; j < columns; j++)
                {
                    c[j] = Lerp(c[j], Squared<T>(SumOfSquares(g, j, columns, rows)) / T.CreateTruncating(rows), s.Weight);
                }
            }
        }
        else
        {
            for (var e = 0; e < n; e++)
            {
                var g = s.Maximize ? -gradients[e] : gradients[e];
                variance[e] = Lerp(variance[e], g * g, s.Weight);
            }
        }

        // Two passes: RMS(u) first, then the step with u recomputed (the same bits).
        var updateSquares = Pass(s, gradients, rowVariance, columnVariance, variance, rows, columns, parameters, apply: false, T.Zero);
        var step = T.CreateTruncating(-alpha / Math.Max(1, Math.Sqrt(updateSquares) / (root * s.D)));
        Pass(s, gradients, rowVariance, columnVariance, variance, rows, columns, parameters, apply: true, step);
    }

    /// <summary>Computes u element by element: returns Σu² in double, or, when <paramref name="apply"/>, adds step·u to θ.</summary>
    private static double Pass<T>(in Scalars<T> s, ReadOnlySpan<T> gradients, Span<T> rowVariance, Span<T> columnVariance, Span<T> variance, int rows, int columns, Span<T> parameters, bool apply, T step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = parameters.Length;
        var squares = 0.0;
        var floor = s.Epsilon1Squared;
        var matrix = rows * columns;
        var divisor = T.Zero;
        for (var e = 0; e < n; e++)
        {
            var g = s.Maximize ? -gradients[e] : gradients[e];
            T estimate;
            if (matrix > 0)
            {
                var (b, within) = (e / matrix, e % matrix);
                if (within == 0)
                {
                    // var_estimate.div_(row_var.mean(dim=-2).clamp_(min=eps1)), per leading index.
                    var r = rowVariance.Slice(b * rows, rows);
                    var mean = 0.0;
                    foreach (var value in r)
                    {
                        mean += double.CreateTruncating(value);
                    }

                    divisor = T.Max(T.CreateTruncating(mean) / T.CreateTruncating(rows), s.Epsilon1);
                }

                estimate = rowVariance[(b * rows) + (within / columns)] * columnVariance[(b * columns) + (within % columns)] / divisor;
            }
            else
            {
                estimate = variance[e];
            }

            var u = T.One / T.Sqrt(T.Max(estimate, floor)) * g;
            if (apply)
            {
                parameters[e] += step * u;
            }
            else
            {
                var wide = double.CreateTruncating(u);
                squares += wide * wide;
            }
        }

        return squares;
    }

    private static double SumOfSquares<T>(ReadOnlySpan<T> values, int start, int stride, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            var value = double.CreateTruncating(values[start + (k * stride)]);
            sum += value * value;
        }

        return sum;
    }

    // The norm rounded to the element type, then squared in it: torch.norm(...).square_().
    private static T Squared<T>(double sumOfSquares)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var norm = T.CreateTruncating(Math.Sqrt(sumOfSquares));
        return norm * norm;
    }

    private static T Lerp<T>(T start, T end, T weight)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        T.Abs(weight) < T.CreateTruncating(0.5) ? start + (weight * (end - start)) : end - ((end - start) * (T.One - weight));

    private static void Expect<T>(Span<T> span, int length, string name)
    {
        if (span.Length != length)
        {
            Guard.ThrowArgument(name, $"{name} has {span.Length} elements; this shape needs {length}.");
        }
    }

    private static int Product(ReadOnlySpan<int> dimensions)
    {
        var product = 1;
        foreach (var dimension in dimensions)
        {
            product = checked(product * dimension);
        }

        return product;
    }

    /// <summary>The per-step values of one Adafactor update.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Builds the scalars of step <paramref name="step"/> from torch.optim.Adafactor's hyper-parameters.</summary>
        /// <param name="learningRate">γ (<c>lr</c>), finite and ≥ 0.</param>
        /// <param name="beta2Decay">c (<c>beta2_decay</c>), finite and ≤ 0.</param>
        /// <param name="epsilon1">ε1 (<c>eps[0]</c>), finite and ≥ 0, or null for the machine epsilon of <typeparamref name="T"/>.</param>
        /// <param name="epsilon2">ε2 (<c>eps[1]</c>), finite and ≥ 0.</param>
        /// <param name="d">The clipping threshold d, finite and ≥ 1.</param>
        /// <param name="weightDecay">λ, finite and ≥ 0.</param>
        /// <param name="maximize">Whether g is negated first.</param>
        /// <param name="step">The 1-based step t of the tensor.</param>
        /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
        public Scalars(double learningRate, double beta2Decay, double? epsilon1, double epsilon2, double d, double weightDecay, bool maximize, long step)
            : this(
                Guard.NonNegative(learningRate, nameof(learningRate)),
                beta2Decay <= 0 && double.IsFinite(beta2Decay) ? beta2Decay : throw new ArgumentOutOfRangeException(nameof(beta2Decay), beta2Decay, "beta2Decay must be a finite number <= 0."),
                epsilon1 is { } e1 ? Guard.NonNegative(e1, nameof(epsilon1)) : null,
                Guard.NonNegative(epsilon2, nameof(epsilon2)),
                d >= 1 && double.IsFinite(d) ? d : throw new ArgumentOutOfRangeException(nameof(d), d, "d must be a finite number >= 1."),
                Guard.NonNegative(weightDecay, nameof(weightDecay)),
                maximize,
                step >= 1 ? step : throw new ArgumentOutOfRangeException(nameof(step), step, "step must be >= 1."),
                @unchecked: true)
        {
        }

        private Scalars(double learningRate, double beta2Decay, double? epsilon1, double epsilon2, double d, double weightDecay, bool maximize, long step, bool @unchecked)
        {
            _ = @unchecked;
            var t = (double)step;
            Weight = T.CreateTruncating(Math.Pow(t, beta2Decay));
            Rho = Math.Min(learningRate, 1 / Math.Sqrt(t));
            // PyTorch's None: torch.finfo(dtype).eps, the gap above 1.
            var eps1 = epsilon1 ?? (typeof(T) == typeof(float) ? Math.Pow(2, -23) : Math.Pow(2, -52));
            Epsilon1 = T.CreateTruncating(eps1);
            Epsilon1Squared = T.CreateTruncating(eps1 * eps1);
            Epsilon2 = epsilon2;
            D = d;
            HasDecay = weightDecay != 0;
            Decay = T.CreateTruncating(1 - (learningRate * weightDecay));
            Maximize = maximize;
        }

        /// <summary>Gets w = t^c, the weight of the new squares.</summary>
        public T Weight { get; }

        /// <summary>Gets ρ = min(γ, 1/√t).</summary>
        public double Rho { get; }

        /// <summary>Gets ε1.</summary>
        public T Epsilon1 { get; }

        /// <summary>Gets ε1², the floor of the second-moment estimate.</summary>
        public T Epsilon1Squared { get; }

        /// <summary>Gets ε2.</summary>
        public double Epsilon2 { get; }

        /// <summary>Gets d.</summary>
        public double D { get; }

        /// <summary>Gets a value indicating whether θ decays.</summary>
        public bool HasDecay { get; }

        /// <summary>Gets 1 − γλ.</summary>
        public T Decay { get; }

        /// <summary>Gets a value indicating whether g is negated.</summary>
        public bool Maximize { get; }

        internal static Scalars<T> Unchecked(double learningRate, double beta2Decay, double? epsilon1, double epsilon2, double d, double weightDecay, bool maximize, long step) =>
            new(learningRate, beta2Decay, epsilon1, epsilon2, d, weightDecay, maximize, step, @unchecked: true);
    }
}
