using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Heavy-ball momentum (Polyak, 1964) in PyTorch's form: <c>torch.optim.SGD</c> with momentum, which
/// is what this class runs, with momentum 0.9 by default and required to be positive in every group:
/// <code>
/// g ← −g if Maximize;  g ← g + λθ
/// b ← g on the first step, b ← μ·b + (1 − τ)·g afterwards;   g ← g + μ·b (Nesterov)  or  g ← b
/// θ ← θ − γ·g
/// </code>
/// The learning rate scales the whole velocity, as in PyTorch and Optax; Keras and Sutskever et al.
/// put it inside (<c>v ← μv − γg</c>), which differs once the learning rate changes.
/// Defaults: γ = 1e-3, μ = 0.9, τ = 0, λ = 0 (see <see cref="MomentumOptions"/>).
/// State per parameter: the velocity b, allocated at registration.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Momentum<T> : Optimizer<T, MomentumOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes momentum SGD with its defaults (PyTorch SGD's, with momentum 0.9).</summary>
    public Momentum()
        : this(new MomentumOptions())
    {
    }

    /// <summary>Initializes momentum SGD with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="SgdOptions.Nesterov"/> is set with dampening.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Momentum(MomentumOptions options)
        : base(options)
    {
    }

    private protected override StateLayout<MomentumOptions> Layout { get; } = Sgd<T>.CreateLayout<MomentumOptions>("momentum", "Momentum");

    private protected override void StepGroup(ParameterGroup<T, MomentumOptions> group, double learningRate, double? momentum) =>
        Sgd<T>.StepSgdGroup(group, learningRate, momentum ?? group.Options.Momentum);
}
