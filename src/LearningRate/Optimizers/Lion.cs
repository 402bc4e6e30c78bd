using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Lion (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"), exactly as Optax's <c>optax.lion</c>.
/// For each parameter, at every step:
/// <code>
/// g ← −g if Maximize
/// c = β1·m + (1 − β1)·g;   u = sign(c)          (sign(±0) = 0, sign(NaN) = NaN)
/// m ← β2·m + (1 − β2)·g
/// θ ← θ − γ·(u + λθ)                             (decoupled decay: λθ never enters m)
/// </code>
/// Defaults: γ = 1e-4, β1 = 0.9, β2 = 0.99, λ = 1e-3 (Optax's β and λ, google/automl's γ; see <see cref="LionOptions"/>,
/// and <see cref="LionOptions.GoogleAutoml"/> for google/automl's PyTorch defaults). State per parameter: m
/// (<c>exp_avg</c>), allocated at registration. The step moves every element by about γ whatever the gradient's
/// scale, so Lion wants a learning rate 3–10 times smaller than AdamW's and a weight decay 3–10 times larger.
/// </summary>
/// <remarks>
/// A momentum schedule cycles β1, the interpolation weight inside the sign, as PyTorch's <c>cycle_momentum</c> sets
/// <c>betas[0]</c> of google/automl's Lion; a scheduled β1 outside [0, 1) makes <see cref="Optimizer{T, TOptions}.Step"/>
/// throw <see cref="InvalidOperationException"/> before anything is written. Under
/// <see cref="NonFinitePolicy.Propagate"/> a NaN gradient makes that element's θ NaN, as in Optax (google/automl's
/// <c>torch.sign</c> would give 0 and leave θ stalled with a NaN momentum).
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Lion<T> : Optimizer<T, LionOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes Lion with Optax's defaults (γ = 1e-4, β1 = 0.9, β2 = 0.99, λ = 1e-3).</summary>
    public Lion()
        : this(new LionOptions())
    {
    }

    /// <summary>Initializes Lion with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Lion(LionOptions options)
        : base(options)
    {
    }

    private const int MomentumSlot = 0;

    /// <inheritdoc/>
    internal override string ScheduledMomentumRange => "β1 in [0, 1)";

    /// <inheritdoc/>
    internal override bool IsValidScheduledMomentum(double momentum) => momentum < 1;

    /// <summary>Slot: m (<c>exp_avg</c>, Optax's <c>mu</c>).</summary>
    private protected override StateLayout<LionOptions> Layout { get; } = new("lion", [new("exp_avg")], []);

    /// <summary>Updates a group with β1 from the options unless a momentum schedule cycles it; the scalars do not depend on the step.</summary>
    private protected override void StepGroup(ParameterGroup<T, LionOptions> group, double learningRate, double? momentum)
    {
        var options = group.Options;
        var scalars = LionKernel.Scalars<T>.Unchecked(learningRate, momentum ?? options.Beta1, options.Beta2, options.WeightDecay, options.Maximize);
        foreach (var parameter in group.ParameterList)
        {
            LionKernel.Apply(scalars, parameter.Value.Span, parameter.Gradient.Span, parameter.Block.Buffer<T>(MomentumSlot));
            parameter.StepCount++;
        }
    }
}
