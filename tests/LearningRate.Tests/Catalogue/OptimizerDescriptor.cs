using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Optimizers;

namespace LearningRate.Tests.Catalogue;

/// <summary>
/// One optimizer class of the library as the generic tests see it: its configurations (each with an independent
/// double reference, an optional same-precision reference and the functional-API call), the libtorch goldens it
/// reproduces, its invalid options and its convergence settings. Derive from
/// <see cref="OptimizerDescriptor{TRow}"/>; <see cref="Descriptors"/> finds every descriptor by reflection, so a
/// new optimizer adds one descriptor file and no shared test changes.
/// </summary>
public abstract class OptimizerDescriptor
{
    /// <summary>Gets the library's generic optimizer class, e.g. <c>typeof(Adam&lt;&gt;)</c>.</summary>
    public abstract Type OptimizerType { get; }

    /// <summary>Gets the class name without its arity, e.g. "Adam".</summary>
    public string Name => OptimizerType.Name[..OptimizerType.Name.IndexOf('`', StringComparison.Ordinal)];

    /// <summary>Gets the <c>torch.optim</c> class names (a golden file's <c>"type"</c>) this optimizer reproduces.</summary>
    public abstract IReadOnlyList<string> PyTorchNames { get; }

    /// <summary>Gets the configurations every generic test runs: each branch of the kernel at least once.</summary>
    public abstract IReadOnlyList<OptimizerCase> Cases { get; }

    /// <summary>Gets invalid configurations with the exact exception each must raise.</summary>
    public abstract IReadOnlyList<InvalidOptionCase> InvalidOptions { get; }

    /// <summary>Gets the settings that must reach the minimum of the convergence problems.</summary>
    public abstract IReadOnlyList<ConvergenceCase> Convergence { get; }

    /// <summary>
    /// Gets a value indicating whether the optimizer's groups accept a learning-rate schedule, controllers and the range
    /// test: false where PyTorch uses the learning rate only as an initial step size (Rprop), where binding them throws.
    /// </summary>
    public virtual bool SupportsSchedules => true;

    /// <summary>Gets a value indicating whether a momentum schedule can be bound: false for an optimizer without momentum or β1, where binding one throws.</summary>
    public virtual bool SupportsMomentumSchedule => true;

    /// <summary>
    /// Gets the float golden tolerance relative to max(1, |golden|). Rounding gradient, state and parameters to
    /// float each step perturbs the path by a few ε ≈ 6e-8 per step on a contracting problem; 1e-4 over 300 steps
    /// leaves a margin for rules with divisions by small denominators. Descriptors measured tighter may lower it.
    /// </summary>
    public virtual double GoldenFloatTolerance => 1e-4;

    /// <summary>
    /// Gets the fewest steps after which every branch of the rule has run in every configuration. The span-level
    /// generic tests (kernel parity, functional API, multi-core) run at least this many steps; 1 unless a branch
    /// starts late (RAdam's rectified update first runs at step 6).
    /// </summary>
    public virtual int StepsToReachEveryBranch => 1;

    /// <summary>
    /// Gets a value indicating whether each element's update depends on that element alone (and the step's scalars), so
    /// that a tensor of n elements steps bit for bit as n one-element tensors do. False for a rule that reduces over the
    /// whole tensor (LAMB's trust ratio ‖θ‖/‖u‖) or shares state across elements (block-wise quantized state, whose
    /// elements share their block's scale): the vector-path test then checks that the tensor's bits do not depend
    /// on where it sits in memory, and the same-precision reference pins them at every vector width.
    /// </summary>
    public virtual bool IsElementwise => true;

    /// <summary>
    /// Gets why no libtorch golden trajectory applies to the optimizer, or null when every class of
    /// <see cref="PyTorchNames"/> has goldens. An optimizer without a PyTorch counterpart (8-bit state) says why here and
    /// claims no PyTorch name; its same-precision reference and its convergence rows stand in for the goldens.
    /// </summary>
    public virtual string? WithoutGoldens => null;

    /// <summary>Gets a value indicating whether a large span's update is split over several cores (<c>KernelParallelism</c>).</summary>
    public virtual bool SplitsAcrossCores => true;

    /// <summary>Tells whether the golden's trajectory is one this optimizer reproduces (by default: its PyTorch class is claimed).</summary>
    public virtual bool Reproduces(GoldenCase golden) => PyTorchNames.Contains(golden.Type);

    /// <summary>
    /// Builds the optimizer from a golden's kwargs over <paramref name="x"/> with gradient <paramref name="g"/>;
    /// throws <see cref="InvalidOperationException"/> if a kwarg is left unmapped.
    /// </summary>
    public abstract IOptimizer CreateFromGolden<T>(GoldenKwargs kwargs, Memory<T> x, Memory<T> g)
        where T : unmanaged, IFloatingPointIeee754<T>;

    public override string ToString() => Name;
}
