namespace LearningRate.Optimizers;

/// <summary>
/// Adam (Kingma and Ba, 2014) with AMSGrad and decoupled weight decay, exactly as
/// <c>torch.optim.Adam</c>. For each parameter, at its step t:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ (coupled L2) or θ ← θ(1 − γλ) (DecoupledWeightDecay)
/// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   v_max ← max(v_max, v) if AmsGrad
/// θ ← θ − γ/(1 − β1^t) · m / (√(AmsGrad ? v_max : v) / √(1 − β2^t) + ε)
/// </code>
/// Defaults: γ = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0 (see <see cref="AdamOptions"/>).
/// State per parameter: m and v (and v_max with AMSGrad), allocated at registration.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adam<T> : Optimizer<T, AdamOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes Adam with PyTorch's defaults.</summary>
    public Adam()
        : this(new AdamOptions())
    {
    }

    /// <summary>Initializes Adam with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Adam(AdamOptions options)
        : base(options)
    {
    }

    private protected override int StateCount => AdamState.Count;

    private protected override bool UsesState(int slot, AdamOptions options) => AdamState.IsUsed(slot, options);

    private protected override void StepGroup(ParameterGroup<T, AdamOptions> group, double learningRate, double? momentum) =>
        AdamState.StepGroup(group, learningRate, momentum ?? group.Options.Beta1);
}
