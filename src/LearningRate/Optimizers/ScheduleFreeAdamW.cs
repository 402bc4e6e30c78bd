using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Schedule-Free AdamW (Defazio et al., 2024), exactly as facebookresearch/schedule_free's
/// <c>AdamWScheduleFreeReference</c>: no learning-rate schedule to choose, the interpolation and averaging replace it
/// and Adam's first moment. For each group, update k (from 0), t = k + 1, takes γ_k and c from
/// <see cref="ScheduleFreeAveraging"/>, then for each parameter, whose memory holds y:
/// <code>
/// g ← −g if Maximize
/// z ← z − γ_k·λ·y   (z ← z − γ_k·λ·z with DecayAtZ)
/// v ← β2·v + (1 − β2)·g²
/// z ← z − γ_k·g / (√(v / (1 − β2^t)) + ε)
/// x ← (1 − c)·x + c·z
/// y ← β1·x + (1 − β1)·z
/// </code>
/// with γ_k = γ·(k + 1)/W during the W warmup updates, c = w_k / Σw and w_k = (k + 1)^r·lr_max^p. Defaults:
/// γ = 0.0025, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0, W = 0, r = 0, p = 2 (see <see cref="ScheduleFreeAdamWOptions"/>).
/// State per parameter: z and x, set to the parameter's values on its first update, and v (<c>exp_avg_sq</c>, zero);
/// per group k, lr_max and weight_sum; evaluate at x after <see cref="ScheduleFreeOptimizer{T, TOptions}.Eval"/> (see
/// <see cref="ScheduleFreeOptimizer{T, TOptions}"/>).
/// </summary>
/// <remarks>
/// The bias correction 1 − β2^t counts the group's updates, as upstream's <c>group['k']</c> does: a parameter
/// registered after the group's first update starts with v = 0 but the group's t.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ScheduleFreeAdamW<T> : ScheduleFreeOptimizer<T, ScheduleFreeAdamWOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Slot 2, v (upstream <c>state['exp_avg_sq']</c>).</summary>
    private const int SecondMomentSlot = FirstOwnSlot;

    /// <summary>Initializes Schedule-Free AdamW with upstream's defaults.</summary>
    public ScheduleFreeAdamW()
        : this(new ScheduleFreeAdamWOptions())
    {
    }

    /// <summary>Initializes Schedule-Free AdamW with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public ScheduleFreeAdamW(ScheduleFreeAdamWOptions options)
        : base(options)
    {
    }

    /// <summary>Slots: z, x and v; scalars: the group's k, lr_max, weight_sum and the mode.</summary>
    private protected override StateLayout<ScheduleFreeAdamWOptions> Layout { get; } =
        CreateLayout("adamw_schedulefree", new StateSlot<ScheduleFreeAdamWOptions>("exp_avg_sq") { Invariant = StateInvariant.NonNegative });

    /// <remarks>A momentum schedule cannot be bound; <paramref name="momentum"/> is always null.</remarks>
    private protected override void StepGroup(ParameterGroup<T, ScheduleFreeAdamWOptions> group, double learningRate, double? momentum)
    {
        var options = group.Options;
        var averaging = AdvanceGroup(group, learningRate);
        var scalars = ScheduleFreeAdamWKernel.Scalars<T>.Unchecked(
            averaging.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.DecayAtZ, options.Maximize, averaging.Step, averaging.AveragingWeight);
        foreach (var parameter in group.ParameterList)
        {
            StartIfFirstUpdate(parameter);
            var state = parameter.Block;
            ScheduleFreeAdamWKernel.Apply(scalars, parameter.Value.Span, parameter.Gradient.Span, state.Buffer<T>(ZSlot), state.Buffer<T>(XSlot), state.Buffer<T>(SecondMomentSlot));
            parameter.StepCount++;
        }
    }
}
