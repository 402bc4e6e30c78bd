using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Schedule-Free SGD (Defazio et al., 2024), exactly as facebookresearch/schedule_free's <c>SGDScheduleFreeReference</c>:
/// no learning-rate schedule to choose, the interpolation and averaging replace it. For each group, update k (from 0)
/// takes γ_k and c from <see cref="ScheduleFreeAveraging"/>, then for each parameter, whose memory holds y:
/// <code>
/// g ← −g if Maximize;  g ← g + λ·y
/// z ← z − γ_k·g
/// x ← (1 − c)·x + c·z
/// y ← β·x + (1 − β)·z
/// </code>
/// with γ_k = γ·(k + 1)/W during the W warmup updates, c = w_k / Σw and w_k = (k + 1)^r·lr_max^p. Defaults: γ = 1,
/// β = 0.9, λ = 0, W = 0, r = 0, p = 2 (see <see cref="ScheduleFreeSgdOptions"/>). State per parameter: z and x, set to
/// the parameter's values on its first update; per group k, lr_max and weight_sum; evaluate at x after
/// <see cref="ScheduleFreeOptimizer{T, TOptions}.Eval"/> (see <see cref="ScheduleFreeOptimizer{T, TOptions}"/>).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ScheduleFreeSgd<T> : ScheduleFreeOptimizer<T, ScheduleFreeSgdOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes Schedule-Free SGD with upstream's defaults.</summary>
    public ScheduleFreeSgd()
        : this(new ScheduleFreeSgdOptions())
    {
    }

    /// <summary>Initializes Schedule-Free SGD with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public ScheduleFreeSgd(ScheduleFreeSgdOptions options)
        : base(options)
    {
    }

    /// <summary>Slots: z and x; scalars: the group's k, lr_max, weight_sum and the mode.</summary>
    private protected override StateLayout<ScheduleFreeSgdOptions> Layout { get; } = CreateLayout("sgd_schedulefree");

    /// <remarks>A momentum schedule cannot be bound; <paramref name="momentum"/> is always null.</remarks>
    private protected override void StepGroup(ParameterGroup<T, ScheduleFreeSgdOptions> group, double learningRate, double? momentum)
    {
        var options = group.Options;
        var averaging = AdvanceGroup(group, learningRate);
        var scalars = ScheduleFreeSgdKernel.Scalars<T>.Unchecked(averaging.LearningRate, options.Momentum, options.WeightDecay, options.Maximize, averaging.AveragingWeight);
        foreach (var parameter in group.ParameterList)
        {
            StartIfFirstUpdate(parameter);
            var state = parameter.Block;
            ScheduleFreeSgdKernel.Apply(scalars, parameter.Value.Span, parameter.Gradient.Span, state.Buffer<T>(ZSlot), state.Buffer<T>(XSlot));
            parameter.StepCount++;
        }
    }
}
