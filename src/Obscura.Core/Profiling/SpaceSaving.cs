using System.Runtime.CompilerServices;

namespace Obscura.Core.Profiling;

/// <summary>
/// The space-saving heavy-hitters summary (Metwally, Agrawal and El Abbadi 2005) with a fixed number of counters.
/// Every value whose true frequency exceeds N / capacity is in the summary, and each estimate overshoots by at most the
/// smallest counter (≤ N / capacity). While fewer distinct values than counters have been seen, counts are exact.
/// </summary>
/// <remarks>
/// Values are identified by their 64-bit hash (<see cref="ProfileHash"/>), so lookups never compare or allocate values;
/// the representative value is kept for display. Memory is fixed at construction. Per value the cost is one probe, rarely
/// two, of a small open-addressing table at most one-eighth full (an evicted value's entry is deleted by shifting its
/// probe run back, so no tombstones accumulate on streams that evict on every value); replacing the
/// minimum uses a pool of the counters at the minimum, rebuilt by a scan when it runs dry (amortized O(1) for the
/// all-distinct streams that replace on every value). <see cref="Merge"/> follows
/// Agarwal et al. ("Mergeable summaries", 2012): a value absent from a full summary may have occurred up to that summary's
/// minimum count, which is added to its estimate and its error.
/// </remarks>
public sealed class SpaceSaving<T>
{
    private readonly int _capacity;
    private readonly ulong[] _keys;
    private readonly T[] _values;
    private readonly long[] _counts;
    private readonly long[] _errors;
    private readonly Entry[] _table; // open addressing (linear probing) from a hash to its counter's slot
    private readonly int _mask;
    private readonly int[] _pool; // slots whose count was the minimum when the pool was built
    private int _poolCount;
    private long _poolMin;
    private int _size;

    /// <summary>Creates a summary with <paramref name="capacity"/> counters (report fewer than that: the tail is least accurate).</summary>
    public SpaceSaving(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _keys = new ulong[capacity];
        _values = new T[capacity];
        _counts = new long[capacity];
        _errors = new long[capacity];
        var tableSize = 8;
        while (tableSize < capacity * 8) tableSize <<= 1;
        _table = new Entry[tableSize];
        _mask = tableSize - 1;
        _pool = new int[capacity];
    }

    /// <summary>Number of counters.</summary>
    public int Capacity => _capacity;

    /// <summary>Number of values offered (the stream length N).</summary>
    public long Total { get; private set; }

    /// <summary>Counters in use.</summary>
    public int Size => _size;

    /// <summary>Counts one occurrence of the value with this hash if it is tracked; false (and nothing counted) otherwise.</summary>
    /// <remarks>Use with <see cref="Insert"/> to build the value only when it is not tracked yet.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryIncrement(ulong hash) => TryIncrement(hash, out _);

    /// <summary>As <see cref="TryIncrement(ulong)"/>, also giving the counter's slot (for <see cref="HasValue"/> and <see cref="SetValue"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryIncrement(ulong hash, out int slot)
    {
        var table = _table;
        var i = (int)hash & _mask;
        while (true)
        {
            ref var entry = ref table[i];
            if (entry.Slot == 0)
            {
                slot = -1;
                return false;
            }
            if (entry.Hash == hash)
            {
                slot = entry.Slot - 1;
                _counts[slot]++;
                Total++;
                return true;
            }
            i = (i + 1) & _mask;
        }
    }

    /// <summary>
    /// Whether a value inserted now could be reported without being seen again: while counters are free or the smallest
    /// count may be at most 1. Otherwise its error (the smallest count, at least 2) exceeds half its count until it is seen
    /// again, so <see cref="InsertWithoutValue"/> may defer building the value to that moment (<see cref="SetValue"/>);
    /// on all-distinct streams that saves building a value per element.
    /// </summary>
    public bool InsertKeepsValue => _size < _capacity || _poolMin <= 1;

    /// <summary>Whether the counter in <paramref name="slot"/> holds its value (see <see cref="InsertWithoutValue"/>).</summary>
    public bool HasValue(int slot) => _values[slot] is not null;

    /// <summary>Gives the counter in <paramref name="slot"/> its value.</summary>
    public void SetValue(int slot, T value) => _values[slot] = value;

    /// <summary>Counts an untracked value whose representative is given later with <see cref="SetValue"/>, when it is seen again.</summary>
    public void InsertWithoutValue(ulong hash) => Insert(hash, default!);

    /// <summary>Counts one occurrence of a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(ulong hash, T value)
    {
        if (!TryIncrement(hash)) Insert(hash, value);
    }

    /// <summary>Counts one occurrence of a value that <see cref="TryIncrement(ulong)"/> just reported untracked.</summary>
    public void Insert(ulong hash, T value)
    {
        Total++;
        if (_size < _capacity)
        {
            var slot = _size++;
            Set(slot, hash, value, 1, 0);
            return;
        }
        var victim = TakeMinimum();
        var min = _counts[victim];
        Remove(_keys[victim]);
        Set(victim, hash, value, min + 1, min);
    }

    /// <summary>Adds <paramref name="other"/>'s counts into this summary (approximately: see remarks on the type).</summary>
    public void Merge(SpaceSaving<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mineMissing = _size == _capacity ? MinimumCount() : 0;
        var theirsMissing = other._size == other._capacity ? other.MinimumCount() : 0;
        var merged = new Dictionary<ulong, (T Value, long Count, long Error)>(_size + other._size);
        for (var s = 0; s < _size; s++) merged[_keys[s]] = (_values[s], _counts[s] + theirsMissing, _errors[s] + theirsMissing);
        for (var s = 0; s < other._size; s++)
        {
            var key = other._keys[s];
            merged[key] = merged.TryGetValue(key, out var mine)
                ? (mine.Value ?? other._values[s], mine.Count - theirsMissing + other._counts[s], mine.Error - theirsMissing + other._errors[s])
                : (other._values[s], other._counts[s] + mineMissing, other._errors[s] + mineMissing);
        }
        var total = Total + other.Total;
        var keep = merged.OrderByDescending(e => e.Value.Count).ThenBy(e => e.Key).Take(_capacity).ToList();
        Array.Clear(_table);
        Array.Clear(_values);
        _size = 0;
        _poolCount = 0;
        foreach (var (key, (value, count, error)) in keep) Set(_size++, key, value, count, error);
        Total = total;
    }

    /// <summary>The <paramref name="k"/> values with the highest estimated counts, highest first (ties by hash, for stable output).</summary>
    public IReadOnlyList<FrequentItem<T>> Top(int k)
    {
        var order = Enumerable.Range(0, _size).OrderByDescending(s => _counts[s]).ThenBy(s => _keys[s]).Take(k);
        return order.Select(s => new FrequentItem<T>(_values[s], _counts[s], _errors[s])).ToList();
    }

    private void Set(int slot, ulong hash, T value, long count, long error)
    {
        _keys[slot] = hash;
        _values[slot] = value;
        _counts[slot] = count;
        _errors[slot] = error;
        // At most capacity live entries in a table 8 times larger: an empty entry is at most a few steps away.
        var i = (int)hash & _mask;
        while (_table[i].Slot != 0) i = (i + 1) & _mask;
        _table[i] = new Entry(hash, slot + 1);
    }

    /// <summary>
    /// Deletes the entry of a tracked hash, shifting later entries of the probe run back into the gap (Knuth's
    /// algorithm R for linear probing) so no tombstones build up and lookups stay one or two probes long.
    /// </summary>
    private void Remove(ulong hash)
    {
        var gap = (int)hash & _mask;
        while (_table[gap].Hash != hash || _table[gap].Slot == 0) gap = (gap + 1) & _mask;
        var i = gap;
        while (true)
        {
            i = (i + 1) & _mask;
            var entry = _table[i];
            if (entry.Slot == 0) break;
            var home = (int)entry.Hash & _mask;
            // The entry may move into the gap unless its home lies cyclically in (gap, i]: then it would become unreachable.
            var stays = gap <= i ? gap < home && home <= i : gap < home || home <= i;
            if (stays) continue;
            _table[gap] = entry;
            gap = i;
        }
        _table[gap] = default;
    }

    /// <summary>A slot holding the minimum count.</summary>
    private int TakeMinimum()
    {
        while (true)
        {
            while (_poolCount > 0)
            {
                var slot = _pool[--_poolCount];
                // Counts only grow: a pooled slot still at the pool's minimum is a true minimum.
                if (_counts[slot] == _poolMin) return slot;
            }
            _poolMin = MinimumCount();
            for (var s = 0; s < _size; s++) if (_counts[s] == _poolMin) _pool[_poolCount++] = s;
        }
    }

    private long MinimumCount()
    {
        var min = long.MaxValue;
        for (var s = 0; s < _size; s++) if (_counts[s] < min) min = _counts[s];
        return _size == 0 ? 0 : min;
    }

    /// <summary>A table entry: a tracked hash and its counter's slot + 1 (0: empty).</summary>
    private readonly record struct Entry(ulong Hash, int Slot);
}
