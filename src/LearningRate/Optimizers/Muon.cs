using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// Muon (Jordan et al., 2024, "Muon: An optimizer for hidden layers in neural networks"), exactly as torch.optim.Muon:
/// SGD momentum whose update is replaced by the nearest semi-orthogonal matrix, computed by a quintic Newton–Schulz
/// iteration. For each A×B parameter matrix, at every step (<see cref="MuonKernel"/> has the rule in full):
/// <code>
/// B ← lerp(B, g, 1 − μ);   U ← lerp(g, B, μ) if Nesterov, else B
/// X ← U / max(‖U‖_F, ε)  (as the B×A transpose when A &gt; B);   N times: X ← a·X + (b·XXᵀ + c·(XXᵀ)²)·X
/// θ ← θ·(1 − γλ) − γ'·X,   γ' = γ·√max(1, A/B)  (or γ·0.2·√max(A, B))
/// </code>
/// Defaults: γ = 1e-3, λ = 0.1, μ = 0.95, Nesterov, (a, b, c) = (3.4445, −4.775, 2.0315), ε = 1e-7, N = 5
/// (<see cref="MuonOptions"/>). State per parameter: B (<c>momentum_buffer</c>).
/// </summary>
/// <remarks>
/// <para>
/// Muon updates 2-D weight matrices only: register each with its shape, <c>muon.Add(name, w, dw, rows, columns)</c>
/// (a convolution kernel flattened to [out, in·h·w] first). Registering anything else, or a parameter without a shape,
/// throws <see cref="ArgumentException"/> naming <c>shape</c>, as PyTorch's Muon refuses non-2-D parameters; give biases,
/// norms and embeddings to another optimizer (AdamW, as upstream recommends) on the same training step.
/// </para>
/// <para>
/// The Newton–Schulz products run in <typeparamref name="T"/> (upstream casts them to bfloat16:
/// <see cref="MuonOptions.NewtonSchulzInBFloat16"/> does the same), with a blocked i-k-j
/// matrix product whose result does not depend on the SIMD width. The scratch they need (2·r·s + 2·r² elements for the
/// largest r×s = min×max of a registered matrix) is allocated at registration and shared by the parameters, so a step
/// allocates nothing; it is not part of the state.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Muon<T> : Optimizer<T, MuonOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int MomentumSlot = 0;

    private T[] _workspace = [];

    /// <summary>Initializes Muon with PyTorch's defaults.</summary>
    public Muon()
        : this(new MuonOptions())
    {
    }

    /// <summary>Initializes Muon with the given default-group options.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Muon(MuonOptions options)
        : base(options)
    {
    }

    /// <inheritdoc/>
    internal override string ScheduledMomentumRange => "μ in [0, 1)";

    /// <inheritdoc/>
    internal override bool IsValidScheduledMomentum(double momentum) => momentum < 1;

    /// <summary>Slot: B (<c>momentum_buffer</c>).</summary>
    private protected override StateLayout<MuonOptions> Layout { get; } = new("muon", [new("momentum_buffer")], []);

    /// <summary>Refuses every shape but a matrix, and makes the shared scratch large enough for this one.</summary>
    private protected override void ValidateShape(string name, ReadOnlySpan<int> shape)
    {
        if (shape.Length != 2)
        {
            throw new ArgumentException(
                $"Muon updates 2-D matrices only (as torch.optim.Muon); parameter '{name}' has shape [{string.Join(", ", shape.ToArray())}]. Register a matrix with its shape, Add(name, value, gradient, rows, columns), and give vectors to another optimizer such as AdamW.",
                nameof(shape));
        }

        var needed = MuonKernel.WorkspaceLength(shape[0], shape[1]);
        if (needed > Array.MaxLength)
        {
            throw new ArgumentException($"Muon's scratch for parameter '{name}' ({shape[0]}×{shape[1]}) would need {needed} elements, more than an array holds.", nameof(shape));
        }

        if (needed > _workspace.Length)
        {
            _workspace = new T[needed];
        }
    }

    /// <summary>Updates each matrix of a group with μ from the options unless a momentum schedule cycles it.</summary>
    private protected override void StepGroup(ParameterGroup<T, MuonOptions> group, double learningRate, double? momentum)
    {
        var options = group.Options;
        foreach (var parameter in group.ParameterList)
        {
            var shape = parameter.Shape;
            int rows = shape[0], columns = shape[1];
            var scalars = MuonKernel.Scalars<T>.Unchecked(
                learningRate,
                options.WeightDecay,
                momentum ?? options.Momentum,
                options.Nesterov,
                options.NsCoefficientA,
                options.NsCoefficientB,
                options.NsCoefficientC,
                options.Epsilon,
                options.NsSteps,
                MuonKernel.AdjustedLearningRate(learningRate, options.AdjustLearningRate, rows, columns),
                options.Maximize,
                options.NewtonSchulzInBFloat16);
            MuonKernel.Apply(scalars, parameter.Value.Span, parameter.Gradient.Span, parameter.Block.Buffer<T>(MomentumSlot), rows, columns, _workspace);
            parameter.StepCount++;
        }
    }
}
