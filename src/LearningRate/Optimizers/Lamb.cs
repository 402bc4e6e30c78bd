using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// LAMB (You et al., 2020, "Large Batch Optimization for Deep Learning"), exactly as Optax's <c>optax.lamb</c>.
/// For each parameter (one registered tensor), at its step t:
/// <code>
/// g ← −g if Maximize
/// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²
/// u = (m/(1 − β1^t)) / (√(v/(1 − β2^t) + ε_root) + ε) + λθ        (ε outside the root; λθ only when λ ≠ 0)
/// r = ‖θ‖/‖u‖ over the whole tensor, or 1 when either norm is 0
/// θ ← θ − γ·r·u
/// </code>
/// Defaults: γ = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-6, ε_root = 0, λ = 0 (see <see cref="LambOptions"/>). State per
/// parameter: m (<c>exp_avg</c>) and v (<c>exp_avg_sq</c>), allocated at registration.
/// </summary>
/// <remarks>
/// The trust ratio is unclipped (Optax's <c>scale_by_trust_ratio</c> with no minimum norm and trust coefficient 1),
/// and the weight decay is inside u, so it counts in ‖u‖. The two squared norms are summed in <see cref="double"/>
/// in a fixed order whatever the element type, vector width or number of cores (see <see cref="LambKernel"/>); a
/// <see cref="float"/> run's ratio is therefore closer to the exact one than Optax's float32 norms. A momentum
/// schedule cycles β1, in m and in its bias correction, as PyTorch's <c>cycle_momentum</c> sets <c>betas[0]</c>; a
/// scheduled β1 outside [0, 1) makes <see cref="Optimizer{T, TOptions}.Step"/> throw before anything is written.
/// Under <see cref="NonFinitePolicy.Propagate"/> one NaN or infinite gradient element makes ‖u‖ NaN, so the whole
/// tensor becomes NaN, as in Optax.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Lamb<T> : Optimizer<T, LambOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes LAMB with Optax's defaults and γ = 1e-3.</summary>
    public Lamb()
        : this(new LambOptions())
    {
    }

    /// <summary>Initializes LAMB with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Lamb(LambOptions options)
        : base(options)
    {
    }

    private const int FirstMomentSlot = 0;
    private const int SecondMomentSlot = 1;

    /// <inheritdoc/>
    internal override string ScheduledMomentumRange => "β1 in [0, 1)";

    /// <inheritdoc/>
    /// <remarks>β1 = 1 would divide by the bias correction 1 − β1^t = 0.</remarks>
    internal override bool IsValidScheduledMomentum(double momentum) => momentum < 1;

    /// <summary>Slots: m (<c>exp_avg</c>, Optax's <c>mu</c>) and v (<c>exp_avg_sq</c>, Optax's <c>nu</c>, never negative).</summary>
    private protected override StateLayout<LambOptions> Layout { get; } = new(
        "lamb",
        [
            new("exp_avg"),
            new("exp_avg_sq") { Invariant = StateInvariant.NonNegative },
        ],
        []);

    /// <summary>Updates a group, one trust ratio per parameter, with β1 from the options unless a momentum schedule cycles it.</summary>
    private protected override void StepGroup(ParameterGroup<T, LambOptions> group, double learningRate, double? momentum)
    {
        var options = group.Options;
        var beta1 = momentum ?? options.Beta1;
        long cachedStep = 0;
        LambKernel.Scalars<T> scalars = default;
        foreach (var parameter in group.ParameterList)
        {
            // Each parameter counts its own steps (Optax keeps one count for the whole tree; here a parameter
            // registered later starts its bias correction at 1); usually they agree and the scalars are computed once.
            var step = parameter.StepCount + 1;
            if (step != cachedStep)
            {
                scalars = LambKernel.Scalars<T>.Unchecked(learningRate, beta1, options.Beta2, options.Epsilon, options.EpsilonRoot, options.WeightDecay, options.Maximize, step);
                cachedStep = step;
            }

            var state = parameter.Block;
            LambKernel.Apply(scalars, parameter.Value.Span, parameter.Gradient.Span, state.Buffer<T>(FirstMomentSlot), state.Buffer<T>(SecondMomentSlot));
            parameter.StepCount = step;
        }
    }
}
