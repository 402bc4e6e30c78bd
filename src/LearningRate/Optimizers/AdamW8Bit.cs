using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// AdamW with 8-bit block-wise state (bitsandbytes' <c>AdamW8bit</c>): <see cref="Adam8Bit{T}"/> with decoupled weight
/// decay, the update of <see cref="AdamW{T}"/> (<c>torch.optim.AdamW</c> without AMSGrad) over state kept in the codes of
/// <see cref="BlockQuantization"/>. Each step first shrinks the parameters, <c>θ ← θ(1 − γλ)</c> with the learning rate of
/// that step, then applies the Adam update without L2 on the gradient.
/// Defaults: γ = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01, block size 256 (see <see cref="AdamW8BitOptions"/>).
/// State per parameter of n elements: 2n bytes of codes and 8⌈n/256⌉ bytes of scales (<see cref="StateBytes"/>).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AdamW8Bit<T> : Optimizer<T, Adam8BitOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes 8-bit AdamW with PyTorch's defaults and blocks of 256.</summary>
    public AdamW8Bit()
        : this(new AdamW8BitOptions())
    {
    }

    /// <summary>Initializes 8-bit AdamW with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="AdamOptions.AmsGrad"/> is set.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public AdamW8Bit(AdamW8BitOptions options)
        : base(options)
    {
    }

    /// <summary>
    /// Gets the bytes of state held for the registered parameters: per parameter of n elements in a group of block size B,
    /// 2n bytes of codes and 8⌈n/B⌉ bytes of scales (each buffer also starts on a 64-byte boundary, not counted here).
    /// </summary>
    public long StateBytes => StateSize.Bytes(this);

    /// <inheritdoc/>
    internal override string ScheduledMomentumRange => "β1 in [0, 1)";

    /// <inheritdoc/>
    internal override bool IsValidScheduledMomentum(double momentum) => momentum < 1;

    private protected override StateLayout<Adam8BitOptions> Layout { get; } = Adam8Bit<T>.CreateLayout("adamw8bit");

    private protected override void StepGroup(ParameterGroup<T, Adam8BitOptions> group, double learningRate, double? momentum) =>
        Adam8Bit<T>.StepGroup8Bit(group, learningRate, momentum ?? group.Options.Beta1);
}
