namespace LearningRate.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening and Nesterov momentum, exactly as
/// <c>torch.optim.SGD</c>. For each parameter, with μ = momentum and τ = dampening:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ
/// if μ ≠ 0:  b ← g on the first momentum step, b ← μ·b + (1 − τ)·g afterwards
///            g ← g + μ·b (Nesterov)  or  g ← b
/// θ ← θ − γ·g
/// </code>
/// Defaults: γ = 1e-3, μ = 0, τ = 0, λ = 0 (see <see cref="SgdOptions"/>). State per parameter: the
/// velocity b while μ &gt; 0 or a momentum schedule is bound, allocated at registration, when the
/// group's options gain momentum or when the schedule is bound; never during a step.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sgd<T> : Optimizer<T, SgdOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes SGD with PyTorch's defaults.</summary>
    public Sgd()
        : this(new SgdOptions())
    {
    }

    /// <summary>Initializes SGD with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="SgdOptions.Nesterov"/> is set without momentum or with dampening.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Sgd(SgdOptions options)
        : base(options)
    {
    }

    private protected override int StateCount => SgdState.Count;

    private protected override int MomentumScheduleSlot => SgdState.MomentumSlot;

    private protected override bool UsesState(int slot, SgdOptions options) => SgdState.IsUsed(slot, options);

    private protected override void StepGroup(ParameterGroup<T, SgdOptions> group, double learningRate, double? momentum) =>
        SgdState.StepGroup(group, learningRate, momentum ?? group.Options.Momentum);
}
