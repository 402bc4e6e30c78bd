using System.Runtime.CompilerServices;
using LearningRate.Internal;
using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// The AdaGrad update as one fused pass over caller-owned spans: the functional form of
/// the AdaGrad optimizer (PyTorch's <c>torch.optim._functional.adagrad</c>).
/// </summary>
public static class AdaGradKernel
{
    /// <summary>
    /// Applies one AdaGrad update in place. With the hyper-parameters and the step t of <paramref name="scalars"/>
    /// (η the learning-rate decay):
    /// <code>
    /// g ← −g if maximize;  g ← g + λθ
    /// γ̃ = γ / (1 + (t − 1)·η);   s ← s + g²;   θ ← θ − γ̃ · g / (√s + ε)      (√(s + ε) if epsilonInsideRoot)
    /// </code>
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g, same length; not modified.</param>
    /// <param name="sum">
    /// The accumulated squared gradients s (PyTorch <c>sum</c>); before the first update the caller fills
    /// it with PyTorch's <c>initial_accumulator_value</c> (default 0).
    /// </param>
    /// <param name="scalars">The hyper-parameters and step of this update.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="parameters"/>, or two spans overlap.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Update<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> sum,
        in Scalars<T> scalars)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.ElementType<T>();
        var spans = new SpanSet<T>(parameters, nameof(parameters));
        spans.Add(gradients, nameof(gradients));
        spans.Add(sum, nameof(sum));
        Apply(scalars, parameters, gradients, sum);
    }

    /// <summary>The unchecked core, for callers that validated the spans once (the optimizers).</summary>
    internal static void Apply<T>(in Scalars<T> s, Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> sum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var target = new SpanTarget<T>(parameters, gradients, sum);
        Dispatch(s, ref target);
    }

    /// <summary>Builds the operator of <paramref name="s"/>'s configuration and runs it over <paramref name="target"/>; state 0 is the sum.</summary>
    internal static void Dispatch<T, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.Decay)
        {
            WithDecay<T, On, TTarget>(s, ref target);
        }
        else
        {
            WithDecay<T, Off, TTarget>(s, ref target);
        }
    }

    private static void WithDecay<T, TDecay, TTarget>(in Scalars<T> s, ref TTarget target)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TTarget : IOperatorTarget<T>, allows ref struct
    {
        if (s.EpsilonInsideRoot)
        {
            target.Run(new Operator<T, TDecay, On>(s));
        }
        else
        {
            target.Run(new Operator<T, TDecay, Off>(s));
        }
    }

    /// <summary>
    /// AdaGrad's per-step scalars: PyTorch's hyper-parameters and the step t, combined once in
    /// <see cref="double"/> and narrowed to <typeparamref name="T"/> (the decayed rate −γ̃ = −γ / (1 + (t − 1)·η)).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public readonly struct Scalars<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Validates and combines the hyper-parameters of update number <paramref name="step"/> (argument
        /// names and order of <c>torch.optim.Adagrad</c>; <c>initial_accumulator_value</c> is the caller's
        /// initial fill of the sum, not a per-step value).
        /// </summary>
        /// <param name="learningRate">γ (PyTorch <c>lr</c>, default 1e-2); finite, ≥ 0.</param>
        /// <param name="learningRateDecay">η (PyTorch <c>lr_decay</c>, default 0); finite, ≥ 0.</param>
        /// <param name="weightDecay">λ (PyTorch <c>weight_decay</c>, default 0), adding λθ to g; finite, ≥ 0.</param>
        /// <param name="epsilon">ε (PyTorch <c>eps</c>, default 1e-10), added to the denominator; finite, ≥ 0.</param>
        /// <param name="maximize">Ascend instead of descend: g ← −g (PyTorch <c>maximize</c>).</param>
        /// <param name="epsilonInsideRoot">Divide by √(s + ε) (Keras, Optax) instead of PyTorch's √s + ε.</param>
        /// <param name="step">The 1-based number t of this update (1 for the first), used by the learning-rate decay.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given for it.</exception>
        public Scalars(double learningRate, double learningRateDecay, double weightDecay, double epsilon, bool maximize, bool epsilonInsideRoot, long step)
        {
            Guard.NonNegative(learningRate, nameof(learningRate));
            Guard.NonNegative(learningRateDecay, nameof(learningRateDecay));
            Guard.NonNegative(weightDecay, nameof(weightDecay));
            Guard.NonNegative(epsilon, nameof(epsilon));
            ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
            this = Unchecked(learningRate, learningRateDecay, weightDecay, epsilon, maximize, epsilonInsideRoot, step);
        }

        internal T GradientSign { get; private init; }

        internal T WeightDecay { get; private init; }

        internal T Epsilon { get; private init; }

        /// <summary>Gets −γ̃ = −γ / (1 + (t − 1)·η).</summary>
        internal T NegativeDecayedLearningRate { get; private init; }

        internal bool Decay { get; private init; }

        internal bool EpsilonInsideRoot { get; private init; }

        /// <summary>The public constructor without its checks, for callers whose values are already valid (the optimizers).</summary>
        internal static Scalars<T> Unchecked(double learningRate, double learningRateDecay, double weightDecay, double epsilon, bool maximize, bool epsilonInsideRoot, long step) => new()
        {
            GradientSign = maximize ? -T.One : T.One,
            WeightDecay = T.CreateTruncating(weightDecay),
            Epsilon = T.CreateTruncating(epsilon),
            NegativeDecayedLearningRate = T.CreateTruncating(-(learningRate / (1 + ((step - 1) * learningRateDecay)))),
            Decay = weightDecay != 0,
            EpsilonInsideRoot = epsilonInsideRoot,
        };
    }

    /// <summary>
    /// The AdaGrad element rule, in PyTorch's order of operations:
    /// <code>
    /// g ← ±g (maximize);  g ← g + λθ (weight decay)
    /// s ← s + g²;   θ ← θ − γ̃ · g / (√s + ε)      (√(s + ε) with ε inside the root)
    /// </code>
    /// State 0 is the sum of squares s.
    /// </summary>
    private readonly struct Operator<T, TDecay, TEpsilonInsideRoot>(in Scalars<T> s) : IUpdateOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TEpsilonInsideRoot : struct, IFlag
    {
        private readonly Scalars<T> _s = s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TVec>(ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2, nuint start, nuint end)
            where TVec : struct, ISimd<TVec, T>
        {
            var gradientSign = TVec.Create(_s.GradientSign);
            var weightDecay = TVec.Create(_s.WeightDecay);
            var epsilon = TVec.Create(_s.Epsilon);
            var negativeDecayedLearningRate = TVec.Create(_s.NegativeDecayedLearningRate);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var p = TVec.Load(ref parameter, i);
                var g = GradientPreamble.Apply<T, TVec, TDecay>(TVec.Load(ref gradient, i), p, gradientSign, weightDecay);

                var sum = TVec.FusedMultiplyAdd(g, g, TVec.Load(ref state0, i));
                TVec.Store(sum, ref state0, i);
                var std = TEpsilonInsideRoot.IsSet ? TVec.Sqrt(sum + epsilon) : TVec.Sqrt(sum) + epsilon;
                p = TVec.FusedMultiplyAdd(g / std, negativeDecayedLearningRate, p);
                TVec.Store(p, ref parameter, i);
            }
        }
    }
}
