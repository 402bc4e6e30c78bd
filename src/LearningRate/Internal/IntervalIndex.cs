using System.Diagnostics;

namespace LearningRate.Internal;

/// <summary>
/// Half-open intervals <c>[start, end)</c>, each in the coordinates of one owner (a small non-negative integer) and
/// tagged with an id, no two of one owner overlapping. Adding one and finding the ones that overlap a query take
/// O(log n) expected time; when the intervals of an owner come in increasing order, a query takes O(1) and adding one
/// compares priorities along the treap's right spine only.
/// </summary>
/// <remarks>
/// <para>
/// Because the intervals of one owner are disjoint, sorted by start they are sorted by end too: the ones that
/// overlap <c>[start, end)</c> are a run that ends at the interval with the greatest start below <c>end</c>, so one
/// predecessor lookup decides whether there is any. Each owner's intervals are kept in a treap keyed by start:
/// pseudo-random priorities give it an expected depth of O(log n) whatever order the intervals come in.
/// </para>
/// <para>
/// Registration mostly adds intervals in increasing order (slices of one buffer one after another, or a new array
/// each time), so each owner's last interval is remembered: a query that ends past its start is answered by it
/// alone, and an interval beyond it is appended by walking the treap's right spine by priority only, with no
/// rotation.
/// </para>
/// <para>
/// The nodes are structs in fixed-size pages: no object per interval, so a million intervals cost the collector
/// nothing, and growing adds a page instead of copying every node into an array twice as large.
/// </para>
/// </remarks>
internal sealed class IntervalIndex
{
    private const int Nil = -1;

    // 4,096 nodes of 32 bytes: 128 KiB a page.
    private const int PageBits = 12;
    private const int PageMask = (1 << PageBits) - 1;

    private Node[][] _pages = [];

    // Per owner, the root of its treap and the node with the greatest start, each stored plus one so that 0 is none.
    private int[] _roots = [];
    private int[] _lasts = [];

    /// <summary>Gets the number of intervals.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <c>[start, end)</c> of <paramref name="owner"/>, tagged <paramref name="id"/>.</summary>
    /// <remarks>The caller guarantees that the interval is not empty and overlaps no interval of the same owner.</remarks>
    public void Add(int owner, ulong start, ulong end, int id)
    {
        Debug.Assert(owner >= 0, "Owners index arrays.");
        Debug.Assert(start < end, "An empty interval overlaps nothing and is never added.");
        Debug.Assert(SmallestOverlappingId(owner, start, end) < 0, "The intervals of one owner are disjoint.");
        if (owner >= _roots.Length)
        {
            var owners = Math.Max(owner + 1, Math.Max(4, _roots.Length * 2));
            Array.Resize(ref _roots, owners);
            Array.Resize(ref _lasts, owners);
        }

        var node = NewNode(start, end, id);
        var root = _roots[owner] - 1;
        var last = _lasts[owner] - 1;
        if (last == Nil || start > At(last).Start)
        {
            _roots[owner] = Append(root, node) + 1;
            _lasts[owner] = node + 1;
        }
        else
        {
            _roots[owner] = Insert(root, node) + 1;
        }
    }

    /// <summary>Returns the smallest id among the intervals of <paramref name="owner"/> that overlap <c>[start, end)</c>, or -1 when none does.</summary>
    public int SmallestOverlappingId(int owner, ulong start, ulong end)
    {
        var smallest = -1;
        if (start >= end || owner >= _roots.Length || _roots[owner] == 0)
        {
            return smallest;
        }

        // The owner's last interval is the predecessor of any end past its start: no walk from the root.
        var root = _roots[owner] - 1;
        var last = _lasts[owner] - 1;
        var n = At(last).Start < end ? last : Predecessor(root, end);

        // Walk the overlapping run backwards from its last interval: one lookup when nothing overlaps, as registration mostly finds.
        for (; n != Nil && At(n).End > start; n = Predecessor(root, At(n).Start))
        {
            var id = At(n).Id;
            smallest = smallest < 0 ? id : Math.Min(smallest, id);
        }

        return smallest;
    }

    /// <summary>Returns a node's priority: a bijective mix of its number (MurmurHash3's finalizer), so no two nodes tie.</summary>
    /// <remarks>The priorities only need to be independent of the keys, not unpredictable; none is stored.</remarks>
    private static uint Priority(int node)
    {
        var x = (uint)node;
        x ^= x >> 16;
        x *= 0x85EBCA6B;
        x ^= x >> 13;
        x *= 0xC2B2AE35;
        x ^= x >> 16;
        return x;
    }

    private int NewNode(ulong start, ulong end, int id)
    {
        var page = Count >> PageBits;
        if (page == _pages.Length)
        {
            // The page table only: its size is the node count over 4,096.
            Array.Resize(ref _pages, Math.Max(4, page * 2));
        }

        // The first page starts small and doubles, so that an optimizer with a few parameters does not take 128 KiB.
        var offset = Count & PageMask;
        if (_pages[page] is null || offset == _pages[page].Length)
        {
            Array.Resize(ref _pages[page], page == 0 ? Math.Max(16, offset * 2) : PageMask + 1);
        }

        var node = Count++;
        At(node) = new Node { Start = start, End = end, Id = id, Left = Nil, Right = Nil };
        return node;
    }

    /// <summary>Returns the node with the greatest start below <paramref name="start"/> in the treap at <paramref name="root"/>, or <see cref="Nil"/>.</summary>
    private int Predecessor(int root, ulong start)
    {
        var best = Nil;
        var n = root;
        while (n != Nil)
        {
            ref readonly var node = ref At(n);
            if (node.Start < start)
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

    /// <summary>Adds <paramref name="node"/>, whose start is greater than every other, to the treap at <paramref name="root"/>; returns the new root.</summary>
    /// <remarks>
    /// The node belongs on the right spine, below every node of higher priority: the spine's tail from the first node of
    /// lower priority on holds only smaller starts, so it becomes the node's left subtree. No key is compared.
    /// </remarks>
    private int Append(int root, int node)
    {
        var priority = Priority(node);
        var parent = Nil;
        var n = root;
        while (n != Nil && Priority(n) > priority)
        {
            parent = n;
            n = At(n).Right;
        }

        At(node).Left = n;
        if (parent == Nil)
        {
            return node;
        }

        At(parent).Right = node;
        return root;
    }

    private int Insert(int root, int node)
    {
        if (root == Nil)
        {
            return node;
        }

        ref var parent = ref At(root);
        if (At(node).Start < parent.Start)
        {
            var left = Insert(parent.Left, node);
            parent.Left = left;
            return Priority(left) > Priority(root) ? RotateRight(root) : root;
        }

        var right = Insert(parent.Right, node);
        parent.Right = right;
        return Priority(right) > Priority(root) ? RotateLeft(root) : root;
    }

    private int RotateRight(int root)
    {
        var left = At(root).Left;
        At(root).Left = At(left).Right;
        At(left).Right = root;
        return left;
    }

    private int RotateLeft(int root)
    {
        var right = At(root).Right;
        At(root).Right = At(right).Left;
        At(right).Left = root;
        return right;
    }

    private ref Node At(int node) => ref _pages[node >> PageBits][node & PageMask];

    private struct Node
    {
        public ulong Start;
        public ulong End;
        public int Id;
        public int Left;
        public int Right;
    }
}
