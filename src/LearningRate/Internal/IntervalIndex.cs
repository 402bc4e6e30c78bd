using System.Diagnostics;

namespace LearningRate.Internal;

/// <summary>
/// Half-open intervals <c>[start, end)</c>, each in the coordinates of one owner (an integer) and tagged with an
/// id, no two of one owner overlapping. Adding one and finding the ones that overlap a query take O(log n).
/// </summary>
/// <remarks>
/// Because the intervals of one owner are disjoint, sorted by start they are sorted by end too: the ones that
/// overlap <c>[start, end)</c> are a run that ends at the interval with the greatest start below <c>end</c>, so one
/// predecessor lookup decides whether there is any. The intervals are kept in a treap keyed by (owner, start):
/// random priorities give it an expected depth of O(log n) whatever order the intervals come in. Its nodes are
/// structs in one array (no object per interval, so a million intervals cost the collector nothing).
/// </remarks>
internal sealed class IntervalIndex
{
    private const int Nil = -1;

    private Node[] _nodes = [];
    private int _root = Nil;

    // xorshift32: the priorities only need to be independent of the keys, not unpredictable.
    private uint _random = 0x9E3779B9;

    /// <summary>Gets the number of intervals.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <c>[start, end)</c> of <paramref name="owner"/>, tagged <paramref name="id"/>.</summary>
    /// <remarks>The caller guarantees that the interval is not empty and overlaps no interval of the same owner.</remarks>
    public void Add(int owner, ulong start, ulong end, int id)
    {
        Debug.Assert(start < end, "An empty interval overlaps nothing and is never added.");
        Debug.Assert(SmallestOverlappingId(owner, start, end) < 0, "The intervals of one owner are disjoint.");
        if (Count == _nodes.Length)
        {
            Array.Resize(ref _nodes, Math.Max(16, Count * 2));
        }

        var node = Count++;
        _nodes[node] = new Node { Owner = owner, Start = start, End = end, Id = id, Left = Nil, Right = Nil, Priority = NextPriority() };
        _root = Insert(_root, node);
    }

    /// <summary>Returns the smallest id among the intervals of <paramref name="owner"/> that overlap <c>[start, end)</c>, or -1 when none does.</summary>
    public int SmallestOverlappingId(int owner, ulong start, ulong end)
    {
        var smallest = -1;
        if (start >= end)
        {
            return smallest;
        }

        // Walk the overlapping run backwards from its last interval: one lookup when nothing overlaps, as registration mostly finds.
        for (var n = Predecessor(owner, end); n != Nil && _nodes[n].Owner == owner && _nodes[n].End > start; n = Predecessor(owner, _nodes[n].Start))
        {
            var id = _nodes[n].Id;
            smallest = smallest < 0 ? id : Math.Min(smallest, id);
        }

        return smallest;
    }

    /// <summary>Returns the node with the greatest key below (<paramref name="owner"/>, <paramref name="start"/>), or <see cref="Nil"/>.</summary>
    private int Predecessor(int owner, ulong start)
    {
        var best = Nil;
        var n = _root;
        while (n != Nil)
        {
            ref readonly var node = ref _nodes[n];
            if (node.Owner < owner || (node.Owner == owner && node.Start < start))
            {
                best = n;
                n = node.Right;
            }
            else
            {
                n = node.Left;
            }
        }

        return best;
    }

    private int Insert(int root, int node)
    {
        if (root == Nil)
        {
            return node;
        }

        ref readonly var key = ref _nodes[node];
        ref var parent = ref _nodes[root];
        if (key.Owner < parent.Owner || (key.Owner == parent.Owner && key.Start < parent.Start))
        {
            var left = Insert(parent.Left, node);
            parent.Left = left;
            return _nodes[left].Priority > parent.Priority ? RotateRight(root) : root;
        }

        var right = Insert(parent.Right, node);
        parent.Right = right;
        return _nodes[right].Priority > parent.Priority ? RotateLeft(root) : root;
    }

    private int RotateRight(int root)
    {
        var left = _nodes[root].Left;
        _nodes[root].Left = _nodes[left].Right;
        _nodes[left].Right = root;
        return left;
    }

    private int RotateLeft(int root)
    {
        var right = _nodes[root].Right;
        _nodes[root].Right = _nodes[right].Left;
        _nodes[right].Left = root;
        return right;
    }

    private uint NextPriority()
    {
        var x = _random;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return _random = x;
    }

    private struct Node
    {
        public ulong Start;
        public ulong End;
        public int Owner;
        public int Id;
        public int Left;
        public int Right;
        public uint Priority;
    }
}
