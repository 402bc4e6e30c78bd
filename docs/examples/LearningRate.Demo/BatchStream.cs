using LearningRate.Training;

namespace LearningRate.Demo;

/// <summary>An endless stream of mini-batches, epoch after epoch, for the range test's callback.</summary>
internal sealed class BatchStream(MiniBatches batches)
{
    private readonly int[] _order = new int[batches.Count];
    private int _epoch = -1;
    private int _position = batches.Count;

    public int[] Next()
    {
        if (_position + batches.BatchSize > _order.Length)
        {
            batches.GetOrder(++_epoch, _order);
            _position = 0;
        }

        var rows = _order.AsSpan(_position, batches.BatchSize).ToArray();
        _position += batches.BatchSize;
        return rows;
    }
}
