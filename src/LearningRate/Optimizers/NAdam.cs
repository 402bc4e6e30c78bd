using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// NAdam (Dozat, 2016): Adam with Nesterov momentum and a momentum schedule, exactly as <c>torch.optim.NAdam</c>.
/// For each parameter, at its step t, with ψ = momentum decay:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ (coupled L2) or θ ← θ(1 − γλ) (DecoupledWeightDecay)
/// μ_t = β1·(1 − ½·0.96^(t·ψ));   μ_{t+1} = β1·(1 − ½·0.96^((t+1)·ψ));   Πμ ← Πμ·μ_t
/// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   d = √(v / (1 − β2^t)) + ε
/// θ ← θ − γ(1 − μ_t)/(1 − Πμ) · g/d − γ·μ_{t+1}/(1 − Πμ·μ_{t+1}) · m/d
/// </code>
/// Defaults: γ = 2e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0, ψ = 4e-3 (see <see cref="NAdamOptions"/>).
/// State per parameter: m and v, allocated at registration, and the product Πμ, starting at 1. A momentum
/// schedule cycles β1, in the moment average and in μ_t alike, as PyTorch's <c>cycle_momentum</c> does; a
/// scheduled β1 outside [0, 1) makes the step throw before anything is written.
/// </summary>
/// <remarks>
/// Πμ is kept in <see cref="double"/> for both element types. PyTorch keeps it in a 0-d tensor of the default dtype,
/// float32 unless <c>torch.set_default_dtype(torch.float64)</c>, so a <see cref="float"/> run's two step
/// coefficients differ from PyTorch's float32 run by about 1e-7 relative; a <see cref="double"/> run matches
/// PyTorch under the float64 default dtype.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class NAdam<T> : Optimizer<T, NAdamOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes NAdam with PyTorch's defaults.</summary>
    public NAdam()
        : this(new NAdamOptions())
    {
    }

    /// <summary>Initializes NAdam with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public NAdam(NAdamOptions options)
        : base(options)
    {
    }

    /// <inheritdoc/>
    internal override string ScheduledMomentumRange => "β1 in [0, 1)";

    /// <inheritdoc/>
    internal override bool IsValidScheduledMomentum(double momentum) => momentum < 1;

    private const int FirstMomentSlot = 0;
    private const int SecondMomentSlot = 1;

    /// <summary>Scalar 0: Πμ, the product of every μ_t so far (PyTorch <c>mu_product</c>).</summary>
    private const int MuProductScalar = 0;

    /// <summary>Slots: m (exp_avg) and v (exp_avg_sq); scalar: Πμ (mu_product), 1 before the first step.</summary>
    private protected override StateLayout<NAdamOptions> Layout { get; } = new(
        "nadam",
        [
            new("exp_avg"),
            new("exp_avg_sq") { Invariant = StateInvariant.NonNegative },
        ],
        [new("mu_product") { Initial = 1, Invariant = StateInvariant.NonNegative }]);

    /// <remarks>β1 is the options' unless a momentum schedule cycles it.</remarks>
    private protected override void StepGroup(ParameterGroup<T, NAdamOptions> group, double learningRate, double? momentum)
    {
        var rule = new Rule(group.Options, learningRate, momentum ?? group.Options.Beta1);
        TensorPass.Step(group.Tensors, ref rule);
    }

    /// <summary>
    /// NAdam's part of the multi-tensor step. Each parameter has its own step count and Πμ (PyTorch's state["step"]
    /// and state["mu_product"]); in the usual case all agree and the scalars are computed once.
    /// </summary>
    private struct Rule(NAdamOptions options, double learningRate, double beta1) : ITensorRule<T>
    {
        private readonly NAdamOptions _options = options;
        private readonly double _learningRate = learningRate;
        private readonly double _beta1 = beta1;

        // The scalars of the run being stepped, whose Πμ after the update each of its parameters records.
        private NAdamKernel.Scalars<T> _scalars;

        public readonly bool SharesScalars(in TensorScalars<T> first, in TensorScalars<T> next) =>
            next.StepCount == first.StepCount && next.Values[MuProductScalar].Equals(first.Values[MuProductScalar]);

        public void Prepare(in TensorScalars<T> first)
        {
            var o = _options;
            _scalars = NAdamKernel.Scalars<T>.Unchecked(_learningRate, _beta1, o.Beta2, o.Epsilon, o.WeightDecay, o.MomentumDecay, o.DecoupledWeightDecay, o.Maximize, first.StepCount + 1, first.Values[MuProductScalar]);
        }

        public readonly void Complete(in TensorScalars<T> tensor)
        {
            tensor.Values[MuProductScalar] = _scalars.MuProduct;
            tensor.StepCount++;
        }

        public readonly void Update(ref TensorRange<T> tensors) => NAdamKernel.Dispatch(_scalars, ref tensors);
    }
}
