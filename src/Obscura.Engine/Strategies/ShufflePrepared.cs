using Obscura.Core.Diagnostics;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Strategies;

/// <summary>
/// The histogram of one column as a Fenwick tree of remaining counts: each draw picks a keyed pseudo-random position
/// among the values still left and finds its value in O(log distinct values).
/// </summary>
internal sealed class ShufflePrepared : IPreparedColumn, IColumnTransformer
{
    private readonly object[] _values;
    private readonly long[] _tree;
    private readonly string _where;
    private long _remaining;
    private ulong _state;

    public ShufflePrepared(List<(object Value, long Count)> entries, ulong seed, string where)
    {
        _values = new object[entries.Count];
        _tree = new long[entries.Count + 1];
        _where = where;
        _state = seed;
        for (var i = 0; i < entries.Count; i++)
        {
            _values[i] = entries[i].Value;
            Add(i, entries[i].Count);
            _remaining += entries[i].Count;
        }
    }

    /// <summary>One table stream reads the column, so the prepared state is the transformer.</summary>
    public IColumnTransformer CreateTransformer() => this;

    public object? Transform(object? value)
    {
        if (value is null) return null;
        if (_remaining == 0)
            throw new ObscuraException($"{_where} has more values than when it was counted (the source changed during the run); run the copy again");
        var target = (long)(Next() % (ulong)_remaining);
        var index = Find(target);
        Add(index, -1);
        _remaining--;
        return _values[index];
    }

    public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // SplitMix64: a deterministic stream from the keyed seed.
    private ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private void Add(int index, long delta)
    {
        for (var i = index + 1; i < _tree.Length; i += i & -i) _tree[i] += delta;
    }

    /// <summary>The value index holding the <paramref name="target"/>-th remaining item (0-based).</summary>
    private int Find(long target)
    {
        var position = 0;
        for (var step = HighestPowerOfTwo(_tree.Length - 1); step > 0; step >>= 1)
        {
            var next = position + step;
            if (next < _tree.Length && _tree[next] <= target)
            {
                position = next;
                target -= _tree[next];
            }
        }
        return position;
    }

    private static int HighestPowerOfTwo(int n)
    {
        var p = 1;
        while (p <= n / 2) p <<= 1;
        return n == 0 ? 0 : p;
    }
}
