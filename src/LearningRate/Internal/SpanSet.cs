namespace LearningRate.Internal;

/// <summary>
/// Validates the spans of one kernel call as a set: started with the parameters, each added span must
/// have the parameters' length and must not overlap any span added before it. Up to five spans, no
/// allocation; the first failure throws an <see cref="ArgumentException"/> naming the added span.
/// </summary>
internal ref struct SpanSet<T>
{
    private const int Capacity = 5;

    private readonly ReadOnlySpan<T> _span0;
    private readonly string _name0;
    private ReadOnlySpan<T> _span1;
    private string? _name1;
    private ReadOnlySpan<T> _span2;
    private string? _name2;
    private ReadOnlySpan<T> _span3;
    private string? _name3;
    private int _count;

    /// <summary>Starts the set with the span every other one is measured against.</summary>
    public SpanSet(ReadOnlySpan<T> parameters, string name)
    {
        _span0 = parameters;
        _name0 = name;
        _count = 1;
    }

    /// <summary>Checks <paramref name="span"/>'s length, then its overlap with each earlier span in order, then adds it.</summary>
    public void Add(ReadOnlySpan<T> span, string name)
    {
        if (span.Length != _span0.Length)
        {
            Guard.ThrowArgument(name, $"{name} has {span.Length} elements; expected {_span0.Length}, the length of {_name0}.");
        }

        Disjoint(_span0, _name0, span, name);
        if (_count > 1)
        {
            Disjoint(_span1, _name1!, span, name);
        }

        if (_count > 2)
        {
            Disjoint(_span2, _name2!, span, name);
        }

        if (_count > 3)
        {
            Disjoint(_span3, _name3!, span, name);
        }

        switch (_count++)
        {
            case 1:
                _span1 = span;
                _name1 = name;
                break;
            case 2:
                _span2 = span;
                _name2 = name;
                break;
            case 3:
                _span3 = span;
                _name3 = name;
                break;
            case Capacity - 1:
                // The last span is only checked: nothing is added after it.
                break;
            default:
                throw new InvalidOperationException($"A span set holds at most {Capacity} spans.");
        }
    }

    private static void Disjoint(ReadOnlySpan<T> earlier, string earlierName, ReadOnlySpan<T> span, string name)
    {
        if (earlier.Overlaps(span))
        {
            Guard.ThrowArgument(name, $"{name} overlaps {earlierName}; every span must be a separate buffer.");
        }
    }
}
