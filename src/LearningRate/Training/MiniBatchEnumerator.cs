namespace LearningRate.Training;

/// <summary>Enumerates the batches of one epoch of <see cref="MiniBatches"/> as spans of row indices, without allocating.</summary>
public ref struct MiniBatchEnumerator
{
    private readonly ReadOnlySpan<int> _order;
    private readonly int _batchSize;
    private readonly int _batches;
    private int _index;

    internal MiniBatchEnumerator(ReadOnlySpan<int> order, int batchSize, int batches)
    {
        _order = order;
        _batchSize = batchSize;
        _batches = batches;
        _index = -1;
    }

    /// <summary>Gets the current batch's row indices.</summary>
    public readonly ReadOnlySpan<int> Current
    {
        get
        {
            var start = _index * _batchSize;
            return _order.Slice(start, Math.Min(_batchSize, _order.Length - start));
        }
    }

    /// <summary>Gets the number of batches in the epoch.</summary>
    public readonly int Count => _batches;

    /// <summary>Returns this enumerator, so that an epoch can be the subject of <c>foreach</c>.</summary>
    /// <returns>This enumerator.</returns>
    public readonly MiniBatchEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next batch.</summary>
    /// <returns><see langword="true"/> while a batch remains.</returns>
    public bool MoveNext() => ++_index < _batches;
}
