using System.Reflection;
using LearningRate.Benchmarks.Infrastructure;

namespace LearningRate.Benchmarks.Catalogue;

/// <summary>
/// One kernel configuration of the catalogue benchmark: its name, its memory traffic (the arrays
/// it reads and writes per element, which the roofline copies and the GB/s column counts), the
/// initial value of each state buffer, and the same update three ways over the shared
/// <see cref="KernelArrays{T}"/>: a naive scalar loop (the baseline), the library's public
/// functional kernel, and MathNet.Numerics vector operations.
/// </summary>
/// <remarks>
/// Each delegate is one step at <see cref="KernelArrays{T}.Step"/> and does its own per-step scalar
/// setup (bias corrections, the kernel's <c>Scalars&lt;T&gt;</c>), as the per-optimizer classes'
/// methods do. Write them as <c>static</c> lambdas: the compiler caches those, so a call allocates
/// nothing. The scalar loop must be compiled fully optimized from its first call, as the kernels
/// and the roofline are; the constructor refuses one without
/// <c>[MethodImpl(MethodImplOptions.AggressiveOptimization)]</c>.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class KernelRow<T> : IDeclaresTraffic
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The most state buffers a row may declare (the roofline reads at most five arrays).</summary>
    public const int MaxStates = 3;

    /// <summary>The most 8-bit state arrays a row may declare (Adam's two moments).</summary>
    public const int MaxQuantizedStates = 2;

    /// <param name="name">The row's name in the output (<c>Row</c> column), e.g. <c>Adam</c> or <c>AdamW</c>.</param>
    /// <param name="reads">Arrays read per element: θ, g and every state the kernel reads.</param>
    /// <param name="writes">Arrays written per element: θ and every state the kernel writes; g is never written, so <paramref name="reads"/> = <paramref name="writes"/> + 1.</param>
    /// <param name="states">The initial value of each state buffer S0, S1, S2 (at most three), e.g. <c>[0, 0]</c> for Adam's m and v.</param>
    /// <param name="scalar">The formula as a naive loop, one element at a time, per-step scalars hoisted.</param>
    /// <param name="kernel">The library's public functional kernel (<c>XKernel.Update</c> with a <c>XKernel.Scalars&lt;T&gt;</c> built for the step).</param>
    /// <param name="mathNet">The same update in MathNet vector operations, in place into the shared vectors and scratch vectors.</param>
    /// <param name="quantizedStates">
    /// The 8-bit state arrays (<c>a.Codes0</c>, <c>a.Codes1</c>, each with its block scales <c>a.Scales0</c>, <c>a.Scales1</c>,
    /// one float per <see cref="LearningRate.Kernels.BlockQuantization.DefaultBlockSize"/> elements), read and written besides
    /// the arrays of <paramref name="reads"/> and <paramref name="writes"/>; at most two.
    /// </param>
    /// <exception cref="ArgumentException">The name is empty, the traffic is not one the roofline has, there are too many states, or the scalar loop is not aggressively optimized.</exception>
    public KernelRow(string name, int reads, int writes, double[] states, Action<KernelArrays<T>> scalar, Action<KernelArrays<T>> kernel, Action<KernelArrays<T>> mathNet, int quantizedStates = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(writes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(writes, MaxStates + 1);
        if (reads != writes + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(reads), reads, "The roofline reads θ, g and the written states: reads = writes + 1.");
        }

        ArgumentNullException.ThrowIfNull(states);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(states.Length, MaxStates, nameof(states));
        ArgumentNullException.ThrowIfNull(scalar);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(mathNet);
        ArgumentOutOfRangeException.ThrowIfNegative(quantizedStates);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantizedStates, MaxQuantizedStates);
        if (!scalar.Method.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization))
        {
            throw new ArgumentException($"{name}: mark the scalar loop [MethodImpl(MethodImplOptions.AggressiveOptimization)], as the kernels and the roofline are.", nameof(scalar));
        }

        Name = name;
        Traffic = new TrafficAttribute(reads, writes, quantizedStates, LearningRate.Kernels.BlockQuantization.DefaultBlockSize);
        States = [.. states];
        Scalar = scalar;
        Kernel = kernel;
        MathNet = mathNet;
    }

    /// <summary>Gets the row's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public TrafficAttribute Traffic { get; }

    /// <summary>Gets the initial value of each state buffer.</summary>
    public IReadOnlyList<double> States { get; }

    /// <summary>Gets the naive scalar loop (the baseline).</summary>
    public Action<KernelArrays<T>> Scalar { get; }

    /// <summary>Gets the library's functional kernel.</summary>
    public Action<KernelArrays<T>> Kernel { get; }

    /// <summary>Gets the update in MathNet vector operations.</summary>
    public Action<KernelArrays<T>> MathNet { get; }

    /// <summary>Returns the name: BenchmarkDotNet shows it in the <c>Row</c> column and compares rows by it.</summary>
    public override string ToString() => Name;
}
