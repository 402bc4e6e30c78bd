using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The Muon update of one A×B matrix, as torch.optim.Muon computes it, over caller-owned spans: the functional form of
/// the Muon optimizer. The Newton–Schulz products run in the parameters' own precision with <see cref="RowMatrix"/>'s
/// i-k-j products (bit-identical on every SIMD width). Upstream casts the iteration to bfloat16; by default this kernel
/// leaves the cast out (its steps are those of upstream's algorithm without the rounding, as the libtorch goldens
/// compute it), and <see cref="Scalars{T}.BFloat16"/> puts it back: every value upstream holds in a bfloat16 tensor
/// (the cast input, the norm, the normalized iterate, X·Xᵀ, the combined matrix, each new iterate) is rounded to
/// bfloat16, the products being summed in the parameters' precision (PyTorch's CPU kernels sum in float).
/// </summary>
public static class MuonKernel
{
    /// <summary>
    /// Applies one Muon update in place to the <paramref name="rows"/>×<paramref name="columns"/> row-major matrix
    /// <paramref name="parameters"/>. With μ, a, b, c, ε, the step count N and the learning rates of
    /// <paramref name="scalars"/>, and lerp(x, y, w) = x + w(y − x) for |w| &lt; 0.5, y − (y − x)(1 − w) otherwise (PyTorch's):
    /// <code>
    /// g ← −g if maximize
    /// B ← lerp(B, g, 1 − μ)                                     (momentum_buffer, an EMA)
    /// U ← lerp(g, B, μ) if nesterov, else B
    /// X ← U, transposed if A &gt; B;   X ← X / max(‖X‖_F, ε)
    /// N times:  G ← X·Xᵀ;   H ← b·G + c·(G·G);   X ← a·X + H·X
    /// θ ← θ·(1 − γλ);   θ ← θ − γ'·X (transposed back)
    /// </code>
    /// where γ' is γ adjusted to the shape (<see cref="MuonLearningRateAdjustment"/>) and the decay uses the unadjusted γ.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The matrix θ, row-major, updated in place.</param>
    /// <param name="gradients">The gradient, same length and layout; not modified.</param>
    /// <param name="momentum">The momentum buffer B, same length; zero before the first step.</param>
    /// <param name="rows">A, the number of rows.</param>
    /// <param name="columns">B, the number of columns.</param>
    /// <param name="workspace">Scratch of at least <see cref="WorkspaceLength"/> elements; its content is not kept.</param>
    /// <param name="scalars">The hyper-parameters of this update.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="columns"/> is negative.</exception>
    /// <exception cref="ArgumentException">rows × columns is not the spans' length, a span has the wrong length, the workspace is too short, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> momentum,
        int rows,
        int columns,
        Span<T> workspace,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(momentum, nameof(momentum));
        if ((long)rows * columns != parameters.Length)
        {
            Guard.ThrowArgument(nameof(rows), $"A {rows}×{columns} matrix has {(long)rows * columns} elements; the spans have {parameters.Length}.");
        }

        var needed = WorkspaceLength(rows, columns);
        if (workspace.Length < needed)
        {
            Guard.ThrowArgument(nameof(workspace), $"The workspace has {workspace.Length} elements; a {rows}×{columns} matrix needs {needed}.");
        }

        if (workspace.Overlaps(parameters) || workspace.Overlaps(gradients) || workspace.Overlaps(momentum))
        {
            Guard.ThrowArgument(nameof(workspace), "The workspace overlaps another span; every span must be a separate buffer.");
        }

        Apply(scalars, parameters, gradients, momentum, rows, columns, workspace);
    }

    /// <summary>
    /// Gets the workspace a <paramref name="rows"/>×<paramref name="columns"/> update needs: 2·r·s + 2·r² elements with
    /// r = min(rows, columns) and s = max(rows, columns) (the iterate, its transpose or product, and two r×r matrices).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="columns"/> is negative.</exception>
    public static long WorkspaceLength(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        long r = Math.Min(rows, columns), s = Math.Max(rows, columns);
        return (2 * r * s) + (2 * r * r);
    }

    /// <summary>Gets the learning rate γ' that <paramref name="adjustment"/> gives a <paramref name="rows"/>×<paramref name="columns"/> matrix.</summary>
    /// <param name="learningRate">γ.</param>
    /// <param name="adjustment">The rule.</param>
    /// <param name="rows">A.</param>
    /// <param name="columns">B.</param>
    /// <returns>γ·√max(1, A/B) or γ·0.2·√max(A, B).</returns>
    public static double AdjustedLearningRate(double learningRate, MuonLearningRateAdjustment adjustment, int rows, int columns) =>
        adjustment == MuonLearningRateAdjustment.MatchRmsAdamW
            ? learningRate * (0.2 * Math.Sqrt(Math.Max(rows, columns)))
            : learningRate * Math.Sqrt(Math.Max(1, (double)rows / columns));

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizer).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> momentum, int rows, int columns, Span<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = parameters.Length;
        if (n == 0)
        {
            return;
        }

        var transposed = rows > columns;
        int r = Math.Min(rows, columns), c = Math.Max(rows, columns);
        var x = workspace[..(r * c)];
        var other = workspace.Slice(r * c, r * c);
        var gram = workspace.Slice(2 * r * c, r * r);
        var combined = workspace.Slice((2 * r * c) + (r * r), r * r);

        // Momentum and the update to orthogonalize, laid out r×c (transposed when the matrix is tall).
        for (var e = 0; e < n; e++)
        {
            var g = s.Maximize ? -gradients[e] : gradients[e];
            var buffer = Lerp(momentum[e], g, s.OneMinusMomentum);
            momentum[e] = buffer;
            var update = s.Nesterov ? Lerp(g, buffer, s.Momentum) : buffer;
            x[transposed ? ((e % columns) * rows) + (e / columns) : e] = update;
        }

        Round(s, x);
        var divisor = Round(s, T.Max(Round(s, T.CreateTruncating(Math.Sqrt(SquareSum.Of<T>(x)))), s.Epsilon));
        for (var e = 0; e < x.Length; e++)
        {
            x[e] /= divisor;
        }

        Round(s, x);

        for (var step = 0; step < s.Steps; step++)
        {
            RowMatrix.Transpose<T>(x, other, r, c);
            RowMatrix.Multiply<T>(x, other, gram, r, c, r);
            Round(s, gram);
            RowMatrix.Multiply<T>(gram, gram, combined, r, r, r);
            for (var e = 0; e < combined.Length; e++)
            {
                combined[e] = (s.B * gram[e]) + (s.C * combined[e]);
            }

            Round(s, combined);
            RowMatrix.Multiply<T>(combined, x, other, r, r, c);
            for (var e = 0; e < x.Length; e++)
            {
                x[e] = (s.A * x[e]) + other[e];
            }

            Round(s, x);
        }

        for (var e = 0; e < n; e++)
        {
            var decayed = parameters[e] * s.Decay;
            parameters[e] = decayed + (s.NegativeStep * x[transposed ? ((e % columns) * rows) + (e / columns) : e]);
        }
    }

    /// <summary>Rounds every value to bfloat16 (to nearest, ties to even) when the scalars ask for upstream's cast.</summary>
    private static void Round<T>(in Scalars<T> s, Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s.BFloat16)
        {
            for (var e = 0; e < values.Length; e++)
            {
                values[e] = ToBFloat16(values[e]);
            }
        }
    }

    private static T Round<T>(in Scalars<T> s, T value)
        where T : unmanaged, IFloatingPointIeee754<T> => s.BFloat16 ? ToBFloat16(value) : value;

    // Through double: float widens exactly, and double narrows to bfloat16 with one rounding.
    private static T ToBFloat16<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating((double)(LearningRate.BFloat16)double.CreateTruncating(value));

    /// <summary>PyTorch's CPU lerp: the form that is exact at its nearer end.</summary>
    private static T Lerp<T>(T start, T end, T weight)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        T.Abs(weight) < T.CreateTruncating(0.5) ? start + (weight * (end - start)) : end - ((end - start) * (T.One - weight));

    /// <summary>The per-step values of one Muon update, in the parameters' precision.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Builds the scalars of one update of a <paramref name="rows"/>×<paramref name="columns"/> matrix from torch.optim.Muon's hyper-parameters.</summary>
        /// <param name="learningRate">γ (<c>lr</c>), finite and ≥ 0.</param>
        /// <param name="weightDecay">λ (<c>weight_decay</c>), finite and ≥ 0: θ ← θ(1 − γλ).</param>
        /// <param name="momentum">μ (<c>momentum</c>), in [0, 1).</param>
        /// <param name="nesterov">Whether the update is lerp(g, B, μ) (<c>nesterov</c>) rather than B.</param>
        /// <param name="a">The Newton–Schulz coefficient a (<c>ns_coefficients[0]</c>), finite.</param>
        /// <param name="b">The coefficient b (<c>ns_coefficients[1]</c>), finite.</param>
        /// <param name="c">The coefficient c (<c>ns_coefficients[2]</c>), finite.</param>
        /// <param name="epsilon">ε (<c>eps</c>), finite and ≥ 0: the smallest norm X is divided by.</param>
        /// <param name="steps">N (<c>ns_steps</c>), 0 to 99.</param>
        /// <param name="adjustment">How γ scales with the shape (<c>adjust_lr_fn</c>).</param>
        /// <param name="rows">A, the matrix's rows.</param>
        /// <param name="columns">B, its columns.</param>
        /// <param name="maximize">Whether g is negated first.</param>
        /// <param name="bfloat16">Whether the Newton–Schulz iteration rounds to bfloat16 where upstream casts (default: no).</param>
        /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
        public Scalars(
            double learningRate,
            double weightDecay,
            double momentum,
            bool nesterov,
            double a,
            double b,
            double c,
            double epsilon,
            int steps,
            MuonLearningRateAdjustment adjustment,
            int rows,
            int columns,
            bool maximize,
            bool bfloat16 = false)
            : this(
                Guard.NonNegative(learningRate, nameof(learningRate)),
                Guard.NonNegative(weightDecay, nameof(weightDecay)),
                Guard.UnitInterval(momentum, nameof(momentum)),
                nesterov,
                Finite(a, nameof(a)),
                Finite(b, nameof(b)),
                Finite(c, nameof(c)),
                Guard.NonNegative(epsilon, nameof(epsilon)),
                CheckedSteps(steps),
                AdjustedLearningRate(learningRate, Adjustment(adjustment), NonNegative(rows, nameof(rows)), NonNegative(columns, nameof(columns))),
                maximize,
                bfloat16,
                @unchecked: true)
        {
        }

        private Scalars(double learningRate, double weightDecay, double momentum, bool nesterov, double a, double b, double c, double epsilon, int steps, double adjustedLearningRate, bool maximize, bool bfloat16, bool @unchecked)
        {
            _ = @unchecked;
            Momentum = T.CreateTruncating(momentum);

            // PyTorch passes 1 − μ to lerp as a Python float (double), which the tensor kernel rounds to its type.
            OneMinusMomentum = T.CreateTruncating(1 - momentum);
            Nesterov = nesterov;
            A = T.CreateTruncating(a);
            B = T.CreateTruncating(b);
            C = T.CreateTruncating(c);
            Epsilon = T.CreateTruncating(epsilon);
            Steps = steps;
            Decay = T.CreateTruncating(1 - (learningRate * weightDecay));
            NegativeStep = T.CreateTruncating(-adjustedLearningRate);
            Maximize = maximize;
            BFloat16 = bfloat16;
        }

        /// <summary>Gets μ.</summary>
        public T Momentum { get; }

        /// <summary>Gets 1 − μ, the momentum lerp's weight.</summary>
        public T OneMinusMomentum { get; }

        /// <summary>Gets a value indicating whether the Nesterov form is used.</summary>
        public bool Nesterov { get; }

        /// <summary>Gets a.</summary>
        public T A { get; }

        /// <summary>Gets b.</summary>
        public T B { get; }

        /// <summary>Gets c.</summary>
        public T C { get; }

        /// <summary>Gets ε.</summary>
        public T Epsilon { get; }

        /// <summary>Gets N, the Newton–Schulz steps.</summary>
        public int Steps { get; }

        /// <summary>Gets 1 − γλ.</summary>
        public T Decay { get; }

        /// <summary>Gets −γ'.</summary>
        public T NegativeStep { get; }

        /// <summary>Gets a value indicating whether g is negated.</summary>
        public bool Maximize { get; }

        /// <summary>Gets a value indicating whether the iteration rounds to bfloat16 as upstream's casts do.</summary>
        public bool BFloat16 { get; }

        /// <summary>Builds the scalars from values the caller validated (the optimizer's options).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double weightDecay, double momentum, bool nesterov, double a, double b, double c, double epsilon, int steps, double adjustedLearningRate, bool maximize, bool bfloat16) =>
            new(learningRate, weightDecay, momentum, nesterov, a, b, c, epsilon, steps, adjustedLearningRate, maximize, bfloat16, @unchecked: true);

        private static double Finite(double value, string name)
        {
            if (!double.IsFinite(value))
            {
                Guard.ThrowOutOfRange(name, value, "must be a finite number");
            }

            return value;
        }

        private static int CheckedSteps(int steps)
        {
            if (steps is < 0 or > 99)
            {
                throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps must be in [0, 99] (PyTorch refuses ns_steps >= 100); got {steps}.");
            }

            return steps;
        }

        private static int NonNegative(int value, string name)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, name);
            return value;
        }

        private static MuonLearningRateAdjustment Adjustment(MuonLearningRateAdjustment adjustment)
        {
            if (!Enum.IsDefined(adjustment))
            {
                throw new ArgumentOutOfRangeException(nameof(adjustment), adjustment, "adjustment must be Original or MatchRmsAdamW.");
            }

            return adjustment;
        }
    }
}
