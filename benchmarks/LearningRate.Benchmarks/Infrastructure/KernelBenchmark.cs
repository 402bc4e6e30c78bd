namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// Arrays shared by the per-optimizer benchmarks: parameters in [-1, 1), gradients in [-0.5, 0.5),
/// state buffers filled with a value, and MathNet vectors over the very same arrays.
/// </summary>
public abstract class KernelBenchmark<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    protected T[] P { get; private set; } = [];

    protected T[] G { get; private set; } = [];

    protected T[] S0 { get; private set; } = [];

    protected T[] S1 { get; private set; } = [];

    protected T[] S2 { get; private set; } = [];

    /// <summary>The step counter of the kernel call (1 at the first update).</summary>
    protected long StepNumber { get; set; }

    /// <summary>
    /// Uniform values in [low, high): a 64K-element random block, repeated (16M-element setups
    /// would otherwise spend seconds in the random generator; the kernels do not care).
    /// </summary>
    protected static T[] Random(int length, int seed, double low, double high)
    {
        var random = new Random(seed);
        var values = GC.AllocateUninitializedArray<T>(length);
        var block = Math.Min(length, 1 << 16);
        for (var i = 0; i < block; i++)
        {
            values[i] = T.CreateTruncating(low + ((high - low) * random.NextDouble()));
        }

        for (var start = block; start < length; start += block)
        {
            values.AsSpan(0, Math.Min(block, length - start)).CopyTo(values.AsSpan(start));
        }

        return values;
    }

    protected static T[] Filled(int length, double value)
    {
        var values = GC.AllocateUninitializedArray<T>(length);
        values.AsSpan().Fill(T.CreateTruncating(value));
        return values;
    }

    protected static MathNet.Numerics.LinearAlgebra.Vector<T> Wrap(T[] values) =>
        MathNet.Numerics.LinearAlgebra.Vector<T>.Build.Dense(values);

    protected static T N(double value) => T.CreateTruncating(value);

    /// <summary>
    /// Allocates p, g and <paramref name="states"/> state arrays (zero-filled unless <paramref name="initial"/>),
    /// and keeps kernels on one core: the per-optimizer figures are single-thread figures.
    /// </summary>
    protected void Allocate(int length, int states, double initial = 0)
    {
        LearningRate.Kernels.KernelParallelism.MaxDegreeOfParallelism = 1;
        P = Random(length, 1, -1, 1);
        G = Random(length, 2, -0.5, 0.5);
        S0 = states > 0 ? Filled(length, initial) : [];
        S1 = states > 1 ? Filled(length, initial) : [];
        S2 = states > 2 ? Filled(length, initial) : [];
        StepNumber = 0;
    }
}
