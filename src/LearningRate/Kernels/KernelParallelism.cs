using LearningRate.Kernels.Simd;

namespace LearningRate.Kernels;

/// <summary>
/// Whether, and on how many cores, one large update runs. A kernel call on a span of at least
/// <see cref="MinimumLength"/> elements is split into chunks whose boundaries sit on 64-byte
/// cache-line boundaries of the parameters and run on up to <see cref="MaxDegreeOfParallelism"/>
/// cores: the calling thread and dedicated background workers, woken without allocating. Every
/// rule is element-wise and every path performs the same operations, so the result is bit for bit
/// the one-core result, whatever the number of cores.
/// </summary>
/// <remarks>
/// The settings are process-wide and may be changed at any time; a call in progress keeps the
/// values it started with. When another thread's call already uses the workers, a call runs on
/// its own thread rather than wait.
/// </remarks>
public static class KernelParallelism
{
    private static volatile int s_maxDegreeOfParallelism = 1;
    private static volatile int s_minimumLength = ParallelRunner.DefaultMinimumLength;

    /// <summary>
    /// Gets or sets the most threads one kernel call uses (the calling thread and
    /// <c>MaxDegreeOfParallelism − 1</c> workers); 1 keeps every update on the calling thread.
    /// Default: 1, so the library starts no thread unless asked: on the 2-core machine it was
    /// measured on, shared with other work, the second core sometimes helped and sometimes, when the
    /// worker was descheduled, made a step slower (docs/performance.md). Set it to
    /// <see cref="Environment.ProcessorCount"/> on a machine whose cores are yours. More threads
    /// than cores only adds switching.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegreeOfParallelism
    {
        get => s_maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_maxDegreeOfParallelism = value;
        }
    }

    /// <summary>
    /// Gets or sets the span length (elements) from which a kernel call may use several cores.
    /// Default: 1,048,576 elements (4 MB of float parameters), the size from which a step is long
    /// (a millisecond or more) against the few microseconds it takes to wake a worker; see
    /// docs/performance.md for the measurements.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MinimumLength
    {
        get => s_minimumLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_minimumLength = value;
        }
    }
}
