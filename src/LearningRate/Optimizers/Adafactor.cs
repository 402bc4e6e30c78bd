using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Adafactor (Shazeer and Stern, 2018), exactly as torch.optim.Adafactor: second moments factored into a row and a
/// column vector for each matrix (the last two dimensions of a parameter of rank 2 or more), per element for vectors,
/// no first moment, and a step that scales with the parameter's RMS. At the parameter's step t
/// (<see cref="AdafactorKernel"/> has the rule in full):
/// <code>
/// w = t^c;   ρ = min(γ, 1/√t);   α = max(ε2, RMS(θ))·ρ;   θ ← θ(1 − γλ)
/// r_i ← lerp(r_i, ‖g[i, :]‖²/C, w);   c_j ← lerp(c_j, ‖g[:, j]‖²/R, w);   V = r·cᵀ / max(mean(r), ε1)
/// (vectors: v ← lerp(v, g², w);   V = v)
/// u = g/√max(V, ε1²);   θ ← θ − α/max(1, RMS(u)/d)·u
/// </code>
/// Defaults: γ = 1e-2, c = −0.8, ε1 = the type's machine epsilon, ε2 = 1e-3, d = 1, λ = 0 (<see cref="AdafactorOptions"/>).
/// </summary>
/// <remarks>
/// Register matrices with their shape (<c>adafactor.Add(name, w, dw, rows, columns)</c>): a parameter registered without
/// one is a vector and keeps a second moment per element, as PyTorch does for a 1-D tensor. State per parameter:
/// <c>row_var</c> and <c>col_var</c> (factored) or <c>variance</c>; the step count is the parameter's own.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adafactor<T> : Optimizer<T, AdafactorOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int RowSlot = 0;
    private const int ColumnSlot = 1;
    private const int VarianceSlot = 2;

    /// <summary>Initializes Adafactor with PyTorch's defaults.</summary>
    public Adafactor()
        : this(new AdafactorOptions())
    {
    }

    /// <summary>Initializes Adafactor with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Adafactor(AdafactorOptions options)
        : base(options)
    {
    }

    /// <inheritdoc/>
    internal override bool SupportsMomentumSchedule => false;

    /// <summary>Slots: r (<c>row_var</c>), c (<c>col_var</c>), v (<c>variance</c>), each of the length the shape gives it (possibly 0).</summary>
    private protected override StateLayout<AdafactorOptions> Layout { get; } = new(
        "adafactor",
        [
            new("row_var") { Invariant = StateInvariant.NonNegative, Length = static (extent, _) => extent.Shape is { } shape ? AdafactorKernel.RowLength(shape) : 0 },
            new("col_var") { Invariant = StateInvariant.NonNegative, Length = static (extent, _) => extent.Shape is { } shape ? AdafactorKernel.ColumnLength(shape) : 0 },
            new("variance") { Invariant = StateInvariant.NonNegative, Length = static (extent, _) => extent.Shape is { Length: >= 2 } ? 0 : extent.Length },
        ],
        []);

    /// <summary>Updates each parameter of a group at its own step count.</summary>
    private protected override void StepGroup(ParameterGroup<T, AdafactorOptions> group, double learningRate, double? momentum)
    {
        var options = group.Options;
        foreach (var parameter in group.ParameterList)
        {
            var scalars = AdafactorKernel.Scalars<T>.Unchecked(
                learningRate, options.Beta2Decay, options.Epsilon1, options.Epsilon2, options.D, options.WeightDecay, options.Maximize, parameter.StepCount + 1);
            var block = parameter.Block;
            AdafactorKernel.Apply(
                scalars,
                parameter.Value.Span,
                parameter.Gradient.Span,
                block.Buffer<T>(RowSlot),
                block.Buffer<T>(ColumnSlot),
                block.Buffer<T>(VarianceSlot),
                parameter.Shape);
            parameter.StepCount++;
        }
    }
}
