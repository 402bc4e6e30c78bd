using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>
/// Mini-batch indices over a data set of <see cref="Count"/> rows: each epoch visits every row once,
/// in an order that is a deterministic function of (<see cref="Seed"/>, epoch) only, so any epoch
/// can be replayed after a resume without replaying the ones before it.
/// </summary>
/// <remarks>
/// <para>
/// The order of epoch e is a Fisher–Yates shuffle of 0..Count−1 (for i from Count−1 down to 1, swap
/// i with j = ⌊draw·(i+1)/2⁶⁴⌋: the high half of a 64×64-bit product, a bias below Count/2⁶⁴) driven by
/// SplitMix64 with the initial state <c>Seed ⊕ (0x9E3779B97F4A7C15·(e+1))</c>: a generator written here,
/// so the order does not change with the .NET version. Without shuffling the order is 0, 1, 2, ….
/// </para>
/// <para>
/// Batches are consecutive slices of that order of <see cref="BatchSize"/> indices; the last one is
/// shorter when <see cref="BatchSize"/> does not divide <see cref="Count"/>, unless
/// <see cref="DropLast"/> drops it (PyTorch's <c>drop_last</c>; those rows are skipped that epoch, and
/// reshuffling gives them their turn in others). Enumerating an epoch allocates nothing: the order lives
/// in one buffer that the next call to <see cref="Epoch"/> overwrites.
/// </para>
/// </remarks>
public sealed class MiniBatches
{
    private readonly int[] _order;

    /// <summary>Initializes the batches of a data set.</summary>
    /// <param name="count">The number of rows, at least 1.</param>
    /// <param name="batchSize">The rows per batch, at least 1.</param>
    /// <param name="shuffle">Whether each epoch visits the rows in a new pseudo-random order (default true).</param>
    /// <param name="dropLast">Whether to skip a last, incomplete batch (default false).</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="batchSize"/> is less than 1, or <paramref name="dropLast"/> is set and <paramref name="batchSize"/> exceeds <paramref name="count"/> (an epoch would be empty).</exception>
    public MiniBatches(int count, int batchSize, bool shuffle = true, bool dropLast = false, ulong seed = 0)
    {
        if (count < 1)
        {
            Guard.ThrowOutOfRange(nameof(count), count, "must be >= 1");
        }

        if (batchSize < 1 || (dropLast && batchSize > count))
        {
            Guard.ThrowOutOfRange(nameof(batchSize), batchSize, dropLast ? $"must be in [1, count = {count}] with dropLast" : "must be >= 1");
        }

        Count = count;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Seed = seed;
        _order = new int[count];
    }

    /// <summary>Gets the number of rows.</summary>
    public int Count { get; }

    /// <summary>Gets the rows per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Gets a value indicating whether epochs are shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Gets a value indicating whether a last, incomplete batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Gets the seed of the shuffles.</summary>
    public ulong Seed { get; }

    /// <summary>Gets the number of batches, hence optimizer steps, per epoch: ⌈Count/BatchSize⌉, or ⌊Count/BatchSize⌋ with <see cref="DropLast"/>.</summary>
    public int StepsPerEpoch => GetStepsPerEpoch(Count, BatchSize, DropLast);

    /// <summary>Returns the number of batches per epoch: ⌈count/batchSize⌉, or ⌊count/batchSize⌋ when dropping the last one.</summary>
    /// <param name="count">The number of rows, at least 1.</param>
    /// <param name="batchSize">The rows per batch, at least 1.</param>
    /// <param name="dropLast">Whether an incomplete last batch is skipped.</param>
    /// <returns>The steps per epoch.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="batchSize"/> is less than 1.</exception>
    public static int GetStepsPerEpoch(int count, int batchSize, bool dropLast)
    {
        if (count < 1)
        {
            Guard.ThrowOutOfRange(nameof(count), count, "must be >= 1");
        }

        if (batchSize < 1)
        {
            Guard.ThrowOutOfRange(nameof(batchSize), batchSize, "must be >= 1");
        }

        return dropLast ? count / batchSize : (int)(((long)count + batchSize - 1) / batchSize);
    }

    /// <summary>
    /// Converts a duration in epochs to optimizer steps, <c>⌊epochs · stepsPerEpoch⌉</c> (rounded to nearest),
    /// to express an epoch-based schedule (a warmup of 5 epochs, a cosine over 90) in the steps that
    /// <see cref="Schedules.ILearningRateSchedule.At"/> counts.
    /// </summary>
    /// <param name="epochs">The duration in epochs, finite and non-negative; may be fractional.</param>
    /// <param name="stepsPerEpoch">The steps per epoch, at least 1.</param>
    /// <returns>The duration in steps.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static long EpochsToSteps(double epochs, int stepsPerEpoch)
    {
        Guard.NonNegative(epochs, nameof(epochs));
        if (stepsPerEpoch < 1)
        {
            Guard.ThrowOutOfRange(nameof(stepsPerEpoch), stepsPerEpoch, "must be >= 1");
        }

        return (long)Math.Round(epochs * stepsPerEpoch, MidpointRounding.AwayFromZero);
    }

    /// <summary>Writes the visiting order of epoch <paramref name="epoch"/> (a permutation of 0..Count−1).</summary>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <param name="destination">At least <see cref="Count"/> elements; the first Count are written.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Count"/>.</exception>
    public void GetOrder(int epoch, Span<int> destination)
    {
        if (epoch < 0)
        {
            Guard.ThrowOutOfRange(nameof(epoch), epoch, "must be >= 0");
        }

        if (destination.Length < Count)
        {
            Guard.ThrowArgument(nameof(destination), $"destination has {destination.Length} elements; it needs Count = {Count}.");
        }

        var order = destination[..Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (!Shuffle)
        {
            return;
        }

        var state = Seed ^ (0x9E3779B97F4A7C15UL * ((ulong)epoch + 1));
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)Math.BigMul(SplitMix64(ref state), (ulong)(i + 1), out _);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>
    /// Returns the batches of epoch <paramref name="epoch"/>, to enumerate with <c>foreach (ReadOnlySpan&lt;int&gt; rows in batches.Epoch(e))</c>.
    /// Allocates nothing; the spans are valid until the next call to this method.
    /// </summary>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <returns>An enumerator over the epoch's batches of row indices.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public MiniBatchEnumerator Epoch(int epoch)
    {
        GetOrder(epoch, _order);
        return new MiniBatchEnumerator(_order, BatchSize, StepsPerEpoch);
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood 2014): a 64-bit counter through a bijective mixer.</summary>
    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
