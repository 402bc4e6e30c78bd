using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Heavy-ball momentum with an 8-bit block-wise velocity (bitsandbytes' <c>SGD8bit</c>): the update of
/// <see cref="Momentum{T}"/> (<c>torch.optim.SGD</c> with momentum) with the velocity kept as one byte per parameter plus a
/// float scale per block of <see cref="Momentum8BitOptions.BlockSize"/> elements (<see cref="BlockQuantization"/> gives the
/// code and its error bound). For each parameter:
/// <code>
/// b ← decode(codes, scales)
/// g ← −g if Maximize;  g ← g + λθ
/// b ← g on the first step, b ← μ·b + (1 − τ)·g afterwards;   g ← g + μ·b (Nesterov)  or  g ← b
/// θ ← θ − γ·g
/// codes, scales ← encode(b)                 (per block: scale = largest magnitude)
/// </code>
/// Defaults: γ = 1e-3, μ = 0.9, τ = 0, λ = 0, block size 256 (see <see cref="Momentum8BitOptions"/>). A momentum
/// schedule must stay above 0. State per parameter of n elements: n bytes of codes and 4⌈n/256⌉ bytes of scales
/// (<see cref="StateBytes"/>), a quarter of float momentum's 4n; no libtorch trajectory applies.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Momentum8Bit<T> : Optimizer<T, Momentum8BitOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Slot 0, the codes of the velocity b; slot 1, their block scales.</summary>
    private const int CodesSlot = 0, ScalesSlot = 1;

    /// <summary>Scalar 0: whether b holds a value (PyTorch: the buffer is not None), so the first step sets b ← g.</summary>
    private const int MomentumStartedScalar = 0;

    /// <summary>Initializes 8-bit momentum SGD with its defaults (PyTorch SGD's, with momentum 0.9) and blocks of 256.</summary>
    public Momentum8Bit()
        : this(new Momentum8BitOptions())
    {
    }

    /// <summary>Initializes 8-bit momentum SGD with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="SgdOptions.Nesterov"/> is set with dampening.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Momentum8Bit(Momentum8BitOptions options)
        : base(options)
    {
    }

    /// <summary>
    /// Gets the bytes of state held for the registered parameters: per parameter of n elements in a group of block size B,
    /// n bytes of codes and 4⌈n/B⌉ bytes of scales (each buffer also starts on a 64-byte boundary, not counted here).
    /// </summary>
    public long StateBytes => StateSize.Bytes(this);

    /// <inheritdoc/>
    internal override string ScheduledMomentumRange => "finite and > 0";

    /// <inheritdoc/>
    internal override bool IsValidScheduledMomentum(double momentum) => momentum > 0;

    private protected override StateLayout<Momentum8BitOptions> Layout { get; } = new(
        "momentum8bit",
        [
            new("momentum_buffer_codes") { Element = StateElement.Byte },
            new("momentum_buffer_absmax") { Element = StateElement.Float32, Invariant = StateInvariant.NonNegative, Length = static (extent, o) => BlockQuantization.BlocksOf(extent.Length, o.BlockSize) },
        ],
        [new("momentum_started") { Invariant = StateInvariant.Flag }]);

    private protected override void StepGroup(ParameterGroup<T, Momentum8BitOptions> group, double learningRate, double? momentum)
    {
        var options = group.Options;
        var scalars = Momentum8BitKernel.Scalars<T>.Unchecked(learningRate, momentum ?? options.Momentum, options.Dampening, options.WeightDecay, options.Nesterov, options.Maximize);
        foreach (var parameter in group.ParameterList)
        {
            var state = parameter.Block;
            Momentum8BitKernel.Apply(scalars, options.BlockSize, parameter.Value.Span, parameter.Gradient.Span, state.Buffer<byte>(CodesSlot), state.Buffer<float>(ScalesSlot), state.Scalars[MomentumStartedScalar] != 0);
            state.Scalars[MomentumStartedScalar] = 1;
            parameter.StepCount++;
        }
    }
}
