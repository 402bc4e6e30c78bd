using LearningRate.Internal;

namespace LearningRate.Training;

/// <summary>
/// An endless source of mini-batches for code that pulls one batch at a time, such as the
/// <see cref="LearningRateFinder"/>'s callback: the batches of <see cref="MiniBatches"/> epoch
/// <see cref="FirstEpoch"/>, then the next epoch, and so on, each epoch in its own order (reshuffled
/// when <see cref="MiniBatches.Shuffle"/> is set), exactly as <c>MiniBatches.Epoch(e)</c> enumerates them.
/// </summary>
/// <remarks>
/// It keeps its own copy of the current epoch's order, so it does not disturb a loop that enumerates
/// <see cref="MiniBatches.Epoch"/> at the same time. <see cref="Next"/> allocates nothing: it returns a slice of
/// that copy, valid until it moves to the next epoch. The sequence depends only on the
/// <see cref="MiniBatches"/> settings (its seed) and <see cref="FirstEpoch"/>.
/// </remarks>
/// <example>
/// <code>
/// var batches = new EndlessMiniBatches(new MiniBatches(rows, batchSize: 32, seed: 1));
/// var result = finder.Run(rate =&gt; TrainOneBatch(batches.Next()));
/// </code>
/// </example>
public sealed class EndlessMiniBatches
{
    private readonly int[] _order;
    private int _batchInEpoch;

    /// <summary>Initializes an endless source that starts at batch 0 of epoch <paramref name="firstEpoch"/>.</summary>
    /// <param name="batches">The data set's batches (row count, batch size, shuffling, seed).</param>
    /// <param name="firstEpoch">The epoch whose first batch <see cref="Next"/> returns first; 0 by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="batches"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstEpoch"/> is negative.</exception>
    public EndlessMiniBatches(MiniBatches batches, int firstEpoch = 0)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (firstEpoch < 0)
        {
            Guard.ThrowOutOfRange(nameof(firstEpoch), firstEpoch, "must be >= 0");
        }

        Batches = batches;
        FirstEpoch = firstEpoch;
        _order = new int[batches.Count];
        Epoch = firstEpoch - 1;
        _batchInEpoch = batches.StepsPerEpoch;
    }

    /// <summary>Gets the batches it walks through.</summary>
    public MiniBatches Batches { get; }

    /// <summary>Gets the epoch it started at.</summary>
    public int FirstEpoch { get; }

    /// <summary>Gets the epoch of the batch <see cref="Next"/> returned last (<see cref="FirstEpoch"/> − 1 before the first call).</summary>
    public int Epoch { get; private set; }

    /// <summary>Gets how many batches <see cref="Next"/> has returned.</summary>
    public long BatchesServed { get; private set; }

    /// <summary>
    /// Returns the next batch's row indices: batch b of the current epoch is <c>order[b·BatchSize ..]</c>, BatchSize
    /// long (the last one shorter unless <see cref="MiniBatches.DropLast"/>); after the epoch's last batch comes
    /// the first batch of the next epoch, in that epoch's order. Allocates nothing.
    /// </summary>
    /// <returns>The indices, valid until it moves to the next epoch.</returns>
    /// <exception cref="InvalidOperationException">The epoch counter would pass <see cref="int.MaxValue"/>.</exception>
    public ReadOnlySpan<int> Next()
    {
        if (_batchInEpoch == Batches.StepsPerEpoch)
        {
            if (Epoch == int.MaxValue)
            {
                throw new InvalidOperationException("Every epoch up to int.MaxValue has been served.");
            }

            Batches.GetOrder(Epoch + 1, _order);
            Epoch++;
            _batchInEpoch = 0;
        }

        var start = _batchInEpoch * Batches.BatchSize;
        _batchInEpoch++;
        BatchesServed++;
        return _order.AsSpan(start, Math.Min(Batches.BatchSize, _order.Length - start));
    }
}
