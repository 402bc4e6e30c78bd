namespace LearningRate.Schedules;

/// <summary>
/// Pieces joined at milestones: steps [m_{i−1}, m_i) use <c>pieces[i](t − m_{i−1})</c>. Each piece applies its own
/// horizon policy to its local step, so the sequence itself has none.
/// </summary>
internal sealed class SequenceSchedule : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "sequence";

    private readonly Schedule[] _pieces;
    private readonly long[] _milestones;

    private SequenceSchedule(Schedule[] pieces, long[] milestones)
    {
        _pieces = pieces;
        _milestones = milestones;
    }

    private protected override long HorizonCore
    {
        get
        {
            var last = _pieces[^1].Horizon;
            var offset = _milestones.Length == 0 ? 0 : _milestones[^1];
            return last is long horizon && horizon <= long.MaxValue - offset ? offset + horizon : long.MaxValue;
        }
    }

    /// <summary>Validates and builds; <paramref name="milestonesName"/> is the argument that carried the milestones.</summary>
    public static SequenceSchedule Create(Schedule[] pieces, long[] milestones, string milestonesName)
    {
        if (pieces.Length == 0)
        {
            throw new ArgumentException("A sequence needs at least one schedule.", nameof(pieces));
        }

        foreach (var piece in pieces)
        {
            ArgumentNullException.ThrowIfNull(piece, nameof(pieces));
        }

        if (milestones.Length != pieces.Length - 1)
        {
            throw new ArgumentException($"{pieces.Length} schedules need {pieces.Length - 1} milestones; got {milestones.Length}.", milestonesName);
        }

        for (var i = 0; i < milestones.Length; i++)
        {
            var previous = i == 0 ? 0 : milestones[i - 1];
            if (milestones[i] <= previous)
            {
                throw new ArgumentOutOfRangeException(milestonesName, milestones[i], $"Milestones must be positive and strictly increasing; milestone {i} is {milestones[i]} after {previous}.");
            }
        }

        return new SequenceSchedule(pieces, milestones);
    }

    /// <summary>Returns a longer sequence with <paramref name="next"/> starting at step <paramref name="at"/>.</summary>
    public SequenceSchedule Append(Schedule next, long at) =>
        Create([.. _pieces, next], [.. _milestones, at], nameof(at));

    private protected override double Evaluate(long step)
    {
        // Linear search: sequences have a handful of pieces, fewer than a binary search's break-even point.
        var index = 0;
        while (index < _milestones.Length && step >= _milestones[index])
        {
            index++;
        }

        var start = index == 0 ? 0 : _milestones[index - 1];
        return _pieces[index].At(step - start);
    }
}
