namespace Obscura.Engine.Sampling.Internal;

/// <summary>
/// The <c>capacity</c> best items by (<c>rank</c> ascending, then hash ascending), in bounded memory: a heap whose root is
/// the worst kept item. Ranking by the seeded hash on ties makes the result independent of the order rows arrive in.
/// </summary>
internal sealed class TopK<T>
{
    private readonly PriorityQueue<T, (double Rank, ulong Hash)> _heap;
    private readonly int _capacity;

    public TopK(int capacity)
    {
        _capacity = Math.Max(0, capacity);
        // Root = worst kept: the largest (rank, hash) comes out first.
        _heap = new PriorityQueue<T, (double, ulong)>(Comparer<(double Rank, ulong Hash)>.Create(static (a, b) =>
        {
            var c = b.Rank.CompareTo(a.Rank);
            return c != 0 ? c : b.Hash.CompareTo(a.Hash);
        }));
    }

    public int Count => _heap.Count;

    /// <summary>Whether an item of this rank would be kept (call before building the item).</summary>
    public bool Accepts(double rank, ulong hash)
    {
        if (_heap.Count < _capacity) return !double.IsNaN(rank);
        // Full (or capacity 0: the worst is -infinity, so nothing passes); the worst kept item is cached.
        return rank < _worstRank || (rank == _worstRank && hash < _worstHash);
    }

    /// <summary>Keeps <paramref name="item"/> if <see cref="Accepts"/>; drops the worst when full.</summary>
    public void Add(double rank, ulong hash, T item)
    {
        if (!Accepts(rank, hash)) return;
        if (_heap.Count < _capacity) _heap.Enqueue(item, (rank, hash));
        else _heap.EnqueueDequeue(item, (rank, hash));
        if (_heap.Count == _capacity)
        {
            _heap.TryPeek(out _, out var worst);
            (_worstRank, _worstHash) = worst;
        }
    }

    private double _worstRank = double.NegativeInfinity;
    private ulong _worstHash;

    /// <summary>The kept items, best first.</summary>
    public List<(T Item, double Rank)> Best()
    {
        var items = _heap.UnorderedItems.Select(e => (e.Element, e.Priority)).ToList();
        items.Sort(static (a, b) =>
        {
            var c = a.Priority.Rank.CompareTo(b.Priority.Rank);
            return c != 0 ? c : a.Priority.Hash.CompareTo(b.Priority.Hash);
        });
        return items.ConvertAll(e => (e.Element, e.Priority.Rank));
    }
}
