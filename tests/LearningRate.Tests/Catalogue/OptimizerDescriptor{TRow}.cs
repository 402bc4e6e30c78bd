using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;
using LearningRate.Tests.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary>
/// A descriptor whose configurations are <typeparamref name="TRow"/> values: the library's options record, or a
/// reference's settings record from which <see cref="Create{T}"/> builds the options. A subclass states each fact
/// once, in terms of one configuration; this class turns them into the cases and rows the generic tests read.
/// </summary>
/// <typeparam name="TRow">The type of one configuration.</typeparam>
public abstract class OptimizerDescriptor<TRow> : OptimizerDescriptor
    where TRow : notnull
{
    private OptimizerCase[]? _cases;
    private InvalidOptionCase[]? _invalidOptions;
    private ConvergenceCase[]? _convergence;

    public sealed override IReadOnlyList<OptimizerCase> Cases =>
        _cases ??= [.. Configurations.Select(c => new Case(this, c.Name, c.Options))];

    public sealed override IReadOnlyList<InvalidOptionCase> InvalidOptions => _invalidOptions ??= [.. InvalidConfigurations];

    public sealed override IReadOnlyList<ConvergenceCase> Convergence => _convergence ??= [.. ConvergenceSettings];

    /// <summary>Gets the named configurations: every flag that changes the kernel's branch appears at least once.</summary>
    protected abstract IEnumerable<(string Name, TRow Options)> Configurations { get; }

    /// <summary>Gets the invalid configurations, built with <see cref="OutOfRange"/> or <see cref="Invalid"/>.</summary>
    protected abstract IEnumerable<InvalidOptionCase> InvalidConfigurations { get; }

    /// <summary>Gets the convergence settings, built with <see cref="Converges"/>.</summary>
    protected abstract IEnumerable<ConvergenceCase> ConvergenceSettings { get; }

    /// <summary>Builds the optimizer from <paramref name="options"/> and registers one parameter, named "p" (see <see cref="Registered"/>).</summary>
    public abstract IOptimizer Create<T>(TRow options, Memory<T> value, Memory<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Builds the independent double oracle (Reference/) for <paramref name="length"/> elements.</summary>
    public abstract IReferenceOptimizer Reference(TRow options, int length);

    /// <summary>
    /// Builds the oracle the parity tests hold the optimizer over <typeparamref name="T"/> to: by default the double oracle
    /// of <see cref="Reference(TRow, int)"/>. A rule whose rounding changes its path (quantized state, where one float
    /// rounding can move a value to the next code) returns its same-precision loop in <typeparamref name="T"/> instead.
    /// </summary>
    public virtual IReferenceOptimizer Reference<T>(TRow options, int length)
        where T : unmanaged, IFloatingPointIeee754<T> => Reference(options, length);

    /// <summary>
    /// Builds the same-precision plain loop, if there is one: generic over <typeparamref name="T"/>, the kernel's
    /// order of operations and fused multiply-adds, its per-step scalars formed in double and rounded once.
    /// </summary>
    public virtual SpanUpdate<T>? SamePrecisionReference<T>(TRow options, int length)
        where T : unmanaged, IFloatingPointIeee754<T> => null;

    /// <summary>Builds the public static kernel call (e.g. <c>AdamKernel.Update</c>) over state the delegate owns.</summary>
    public abstract SpanUpdate<T> Functional<T>(TRow options, int length)
        where T : unmanaged, IFloatingPointIeee754<T>;

    public sealed override IOptimizer CreateFromGolden<T>(GoldenKwargs kwargs, Memory<T> x, Memory<T> g)
    {
        var options = FromGolden(kwargs);
        kwargs.ThrowIfAnyUnread(GetType().Name);
        return Create(options, x, g);
    }

    /// <summary>Maps a golden's PyTorch kwargs to a configuration; every kwarg must be read (see <see cref="GoldenKwargs"/>).</summary>
    protected abstract TRow FromGolden(GoldenKwargs kwargs);

    /// <summary>Registers the one parameter "p" every generic test uses.</summary>
    protected static IOptimizer Registered<T, TOptions>(Optimizer<T, TOptions> optimizer, Memory<T> value, Memory<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
    {
        optimizer.Add("p", value, gradient);
        return optimizer;
    }

    /// <summary>A configuration whose construction throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    protected InvalidOptionCase OutOfRange(string paramName, string message, Func<TRow> options) =>
        new(paramName, message, typeof(ArgumentOutOfRangeException), () => Create<float>(options(), new float[1], new float[1]));

    /// <summary>A configuration whose construction throws a plain <see cref="ArgumentException"/> (a rule tying options together).</summary>
    protected InvalidOptionCase Invalid(string paramName, string message, Func<TRow> options) =>
        new(paramName, message, typeof(ArgumentException), () => Create<float>(options(), new float[1], new float[1]));

    protected ConvergenceCase Converges(string name, ConvergenceProblem problem, TRow options, int steps, double accuracy) =>
        new(name, problem, steps, accuracy, (x, g) => Create<double>(options, x, g));

    private sealed class Case(OptimizerDescriptor<TRow> descriptor, string name, TRow options) : OptimizerCase(name, descriptor)
    {
        public override IOptimizer Create<T>(Memory<T> value, Memory<T> gradient) => descriptor.Create(options, value, gradient);

        public override IReferenceOptimizer CreateReference(int length) => descriptor.Reference(options, length);

        public override IReferenceOptimizer CreateReference<T>(int length) => descriptor.Reference<T>(options, length);

        public override SpanUpdate<T>? CreateSamePrecisionReference<T>(int length) => descriptor.SamePrecisionReference<T>(options, length);

        public override SpanUpdate<T> CreateFunctional<T>(int length) => descriptor.Functional<T>(options, length);
    }
}
