namespace Obscura.Engine.Generate.Internal;

/// <summary>
/// A <see cref="FanOutSpec"/> laid over the parents: each parent draws its number of children by weight; the children,
/// in row order, are spread over that sequence (stretched or squeezed so exactly the requested rows fit). Immutable and
/// shared: one checkpoint of the running sum every <see cref="Block"/> parents keeps memory at parents / 64 longs.
/// </summary>
internal sealed class FanOutIndex
{
    private const int Block = 64;
    private readonly int[] _counts;
    private readonly double[] _cumulative;
    private readonly ulong _key;
    private readonly long[] _checkpoints;

    public FanOutIndex(FanOutSpec spec, long parents, long children, ulong key)
    {
        _counts = [.. spec.Counts];
        _cumulative = ChoiceSource.Cumulative(_counts.Length, spec.Weights);
        _key = key;
        Parents = parents;
        Children = children;
        _checkpoints = new long[(parents + Block - 1) / Block + 1];
        var sum = 0L;
        for (long p = 0; p < parents; p++)
        {
            if (p % Block == 0) _checkpoints[p / Block] = sum;
            sum += CountOf(p);
        }
        _checkpoints[^1] = sum;
        Total = sum;
    }

    public long Parents { get; }
    public long Children { get; }
    /// <summary>Children the drawn counts add up to (before stretching to <see cref="Children"/>).</summary>
    public long Total { get; }

    /// <summary>The drawn number of children of parent <paramref name="p"/>.</summary>
    public int CountOf(long p) => _counts.Length == 0 ? 1 : Math.Max(0, _counts[ChoiceSource.Pick(_cumulative, Draw.Unit(Draw.At(_key, p)))]);

    /// <summary>The position of child <paramref name="row"/> in the drawn sequence.</summary>
    public long Position(long row) => Total == 0 ? 0 : (long)((UInt128)(ulong)row * (ulong)Total / (ulong)Math.Max(1, Children));

    /// <summary>The parent holding <paramref name="position"/>, found from the checkpoints.</summary>
    public long ParentAt(long position, out long start)
    {
        int lo = 0, hi = _checkpoints.Length - 2;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_checkpoints[mid] <= position) lo = mid;
            else hi = mid - 1;
        }
        var p = (long)lo * Block;
        start = _checkpoints[lo];
        while (p < Parents - 1)
        {
            var next = start + CountOf(p);
            if (next > position) break;
            start = next;
            p++;
        }
        return p;
    }
}

/// <summary>Children of a <see cref="FanOutIndex"/>; rows asked in order walk forward from the last answer.</summary>
internal sealed class FanOutParents(FanOutIndex index, long fallbackParents, ulong key) : ParentChoice
{
    private long _parent = -1;
    private long _start;
    private long _end;

    public override long ParentOf(long row)
    {
        if (index.Total == 0) return Draw.Below(Draw.At(key, row), fallbackParents);
        var position = index.Position(row);
        if (_parent >= 0 && position >= _start)
        {
            while (position >= _end && _parent < index.Parents - 1)
            {
                _parent++;
                _start = _end;
                _end = _start + index.CountOf(_parent);
            }
            if (position < _end || _parent == index.Parents - 1) return _parent;
        }
        _parent = index.ParentAt(position, out _start);
        _end = _start + index.CountOf(_parent);
        return _parent;
    }
}
