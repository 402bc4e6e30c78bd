using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Adam with 8-bit block-wise state (bitsandbytes' <c>Adam8bit</c>, Dettmers et al. 2022): the update of
/// <see cref="Adam{T}"/> (<c>torch.optim.Adam</c> without AMSGrad) with the state kept as one byte per parameter each for
/// u = √v and r = m/√v, plus a float scale per block of <see cref="Adam8BitOptions.BlockSize"/> elements
/// (<see cref="Adam8BitKernel"/> says why these two, <see cref="BlockQuantization"/> gives the codes and their error
/// bounds). For each parameter, at its step t:
/// <code>
/// r, u ← decode(codes, scales);   m ← r·u
/// g ← −g if Maximize;  g ← g + λθ (coupled L2) or θ ← θ(1 − γλ) (DecoupledWeightDecay)
/// m ← β1·m + (1 − β1)·g;   v ← β2·u² + (1 − β2)·g²;   u ← √v
/// θ ← θ − γ/(1 − β1^t) · m / (u / √(1 − β2^t) + ε)
/// r ← m/u;   codes, scales ← encode(r, u)           (per block: scale = largest magnitude)
/// </code>
/// Defaults: γ = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0, block size 256 (see <see cref="Adam8BitOptions"/>).
/// State per parameter of n elements: 2n bytes of codes and 8⌈n/256⌉ bytes of scales (<see cref="StateBytes"/>), a
/// quarter of float Adam's 8n. The update is computed in the parameters' precision from the decoded state, so it
/// differs from <see cref="Adam{T}"/> only by the state's rounding; no libtorch trajectory applies.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adam8Bit<T> : Optimizer<T, Adam8BitOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes 8-bit Adam with PyTorch's defaults and blocks of 256.</summary>
    public Adam8Bit()
        : this(new Adam8BitOptions())
    {
    }

    /// <summary>Initializes 8-bit Adam with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="AdamOptions.AmsGrad"/> is set.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Adam8Bit(Adam8BitOptions options)
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

    private protected override StateLayout<Adam8BitOptions> Layout { get; } = CreateLayout("adam8bit");

    /// <summary>
    /// Declares the 8-bit Adam state under a kind name (AdamW8Bit shares it): the codes of r = m/√v (PyTorch's
    /// <c>exp_avg</c> over the root of <c>exp_avg_sq</c>) and of u = √v, one byte per element, and their block scales,
    /// one float per block of the group's <see cref="Adam8BitOptions.BlockSize"/>.
    /// </summary>
    internal static StateLayout<Adam8BitOptions> CreateLayout(string kind) => new(
        kind,
        [
            new("exp_avg_ratio_codes") { Element = StateElement.Byte },
            new("exp_avg_ratio_absmax") { Element = StateElement.Float32, Invariant = StateInvariant.NonNegative, Length = static (extent, o) => BlockQuantization.BlocksOf(extent.Length, o.BlockSize) },
            new("exp_avg_sq_root_codes") { Element = StateElement.Byte },
            new("exp_avg_sq_root_absmax") { Element = StateElement.Float32, Invariant = StateInvariant.NonNegative, Length = static (extent, o) => BlockQuantization.BlocksOf(extent.Length, o.BlockSize) },
        ],
        []);

    /// <summary>The group step Adam8Bit and AdamW8Bit share; β1 is the options' unless a momentum schedule cycles it.</summary>
    internal static void StepGroup8Bit(ParameterGroup<T, Adam8BitOptions> group, double learningRate, double beta1)
    {
        var options = group.Options;
        long cachedStep = 0;
        Adam8BitKernel.Scalars<T> scalars = default;
        foreach (var parameter in group.ParameterList)
        {
            // Parameters registered at different times have different step counts (PyTorch keeps one per parameter).
            var step = parameter.StepCount + 1;
            if (step != cachedStep)
            {
                scalars = Adam8BitKernel.Scalars<T>.Unchecked(learningRate, beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.Maximize, options.DecoupledWeightDecay, step);
                cachedStep = step;
            }

            var state = parameter.Block;
            Adam8BitKernel.Apply(scalars, options.BlockSize, parameter.Value.Span, parameter.Gradient.Span, state.Buffer<byte>(0), state.Buffer<float>(1), state.Buffer<byte>(2), state.Buffer<float>(3));
            parameter.StepCount = step;
        }
    }

    private protected override void StepGroup(ParameterGroup<T, Adam8BitOptions> group, double learningRate, double? momentum) =>
        StepGroup8Bit(group, learningRate, momentum ?? group.Options.Beta1);
}
