using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// AdamW (Loshchilov and Hutter, 2017): <see cref="Adam{T}"/> with decoupled weight decay, exactly as
/// <c>torch.optim.AdamW</c>. Each step first shrinks the parameters, <c>θ ← θ(1 − γλ)</c> with the
/// learning rate of that step, then applies the Adam update without L2 on the gradient.
/// Defaults: γ = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01 (see <see cref="AdamWOptions"/>).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AdamW<T> : Optimizer<T, AdamOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes AdamW with PyTorch's defaults.</summary>
    public AdamW()
        : this(new AdamWOptions())
    {
    }

    /// <summary>Initializes AdamW with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public AdamW(AdamWOptions options)
        : base(options)
    {
    }

    /// <inheritdoc/>
    internal override string ScheduledMomentumRange => "β1 in [0, 1)";

    /// <inheritdoc/>
    internal override bool IsValidScheduledMomentum(double momentum) => momentum < 1;

    private protected override StateLayout<AdamOptions> Layout { get; } = Adam<T>.CreateLayout("adamw", "AdamW");

    private protected override void StepGroup(ParameterGroup<T, AdamOptions> group, double learningRate, double? momentum) =>
        Adam<T>.StepAdamGroup(group, learningRate, momentum ?? group.Options.Beta1);
}
