using FsCheck.Xunit;
using Obscura.Core.Profiling;

namespace Obscura.Core.Tests.Profiling;

public sealed class SpaceSavingTests
{
    private static void Offer(SpaceSaving<long> summary, long value) => summary.Offer(ProfileHash.Of(value), value);

    /// <summary>A Zipf-like stream: value v (1-based) occurs about n / v times, shuffled with a fixed seed.</summary>
    private static long[] Zipf(int n, int distinct, int seed)
    {
        var values = new List<long>();
        for (var v = 1; v <= distinct; v++) for (var c = 0; c < Math.Max(1, n / v / 8); c++) values.Add(v);
        var array = values.ToArray();
        new Random(seed).Shuffle(array);
        return array;
    }

    [Fact]
    public void Finds_the_heavy_hitters_of_a_skewed_stream_in_order()
    {
        var stream = Zipf(200_000, 5_000, 1);
        var summary = new SpaceSaving<long>();
        foreach (var v in stream) Offer(summary, v);
        var top = summary.Top(10);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), top.Take(5).Select(t => t.Value));
        var truth = stream.CountBy(v => v).ToDictionary();
        foreach (var item in top) Assert.InRange(truth[item.Value], item.Count - item.Error, item.Count);
    }

    // The text profiler's way: build the value only when it could be reported, else when it is seen again.
    private static void OfferDeferred(SpaceSaving<string> summary, string value, ref int built)
    {
        var hash = ProfileHash.Of(value.AsSpan());
        if (summary.TryIncrement(hash, out var slot))
        {
            if (!summary.HasValue(slot)) { summary.SetValue(slot, value); built++; }
        }
        else if (summary.InsertKeepsValue) { summary.Insert(hash, value); built++; }
        else summary.InsertWithoutValue(hash);
    }

    [Fact]
    public void Values_built_only_when_reportable_give_the_same_summary_and_every_reportable_item_has_its_value()
    {
        // Mostly distinct values, each seen twice so the minimum passes 1, with heavy hitters arriving late.
        var stream = new List<string>();
        for (var i = 0; i < 20_000; i++) stream.Add("once-" + i);
        for (var i = 0; i < 2_000; i++) { stream.Add("twice-" + i); stream.Add("twice-" + i); }
        var random = new Random(7);
        for (var i = 0; i < 30_000; i++) stream.Add(random.Next(4) == 0 ? "late-hot-" + random.Next(3) : "tail-" + i);
        var eager = new SpaceSaving<string>(32);
        var deferred = new SpaceSaving<string>(32);
        var built = 0;
        foreach (var v in stream)
        {
            eager.Offer(ProfileHash.Of(v.AsSpan()), v);
            OfferDeferred(deferred, v, ref built);
        }

        Assert.Equal(eager.Top(32).Select(t => (t.Count, t.Error)), deferred.Top(32).Select(t => (t.Count, t.Error)));
        var reportable = deferred.Top(32).Where(t => t.Error * 2 <= t.Count).ToList();
        Assert.Equal(["late-hot-0", "late-hot-1", "late-hot-2"], reportable.Select(t => t.Value).Order(StringComparer.Ordinal).Take(3));
        Assert.All(reportable, t => Assert.NotNull(t.Value));
        Assert.True(built < stream.Count / 4, $"built {built} values for {stream.Count}");
    }

    [Fact]
    public void Counts_are_exact_while_there_are_no_more_distinct_values_than_counters()
    {
        var summary = new SpaceSaving<long>(16);
        for (var i = 0; i < 1000; i++) Offer(summary, i % 16);
        Assert.All(summary.Top(16), t => { Assert.Equal(1000 / 16 + (t.Value < 1000 % 16 ? 1 : 0), t.Count); Assert.Equal(0, t.Error); });
    }

    [Fact]
    public void A_stream_of_distinct_values_keeps_its_guarantees()
    {
        var summary = new SpaceSaving<long>();
        for (long i = 0; i < 100_000; i++) Offer(summary, i);
        Assert.Equal(100_000, summary.Total);
        Assert.All(summary.Top(64), t => Assert.InRange(1L, t.Count - t.Error, t.Count));
        Assert.Equal(100_000, summary.Top(64).Sum(t => t.Count));
    }

    [Property(MaxTest = 100)]
    public bool True_counts_lie_within_the_reported_bounds(byte[] raw)
    {
        var summary = new SpaceSaving<long>(8);
        foreach (var b in raw) Offer(summary, b % 20);
        var truth = raw.Select(b => (long)(b % 20)).CountBy(v => v).ToDictionary();
        return summary.Top(8).All(t => truth[t.Value] >= t.Count - t.Error && truth[t.Value] <= t.Count)
            && summary.Total == raw.Length;
    }

    [Property(MaxTest = 100)]
    public bool Merged_summaries_keep_the_bounds_and_every_frequent_value(byte[] a, byte[] b)
    {
        var left = new SpaceSaving<long>(8);
        var right = new SpaceSaving<long>(8);
        foreach (var x in a) Offer(left, x % 24);
        foreach (var x in b) Offer(right, (x * 7) % 24);
        left.Merge(right);
        var all = a.Select(x => (long)(x % 24)).Concat(b.Select(x => (long)((x * 7) % 24))).ToList();
        var truth = all.CountBy(v => v).ToDictionary();
        var top = left.Top(8);
        var boundsHold = top.All(t => truth[t.Value] >= t.Count - t.Error && truth[t.Value] <= t.Count);
        // Any value above N / capacity must have survived the merge.
        var frequent = truth.Where(kv => kv.Value > all.Count / 8.0).Select(kv => kv.Key);
        return boundsHold && frequent.All(v => top.Any(t => t.Value == v)) && left.Total == all.Count;
    }

    [Fact]
    public void Merging_partitions_of_a_skewed_stream_finds_the_same_heavy_hitters()
    {
        var stream = Zipf(200_000, 5_000, 2);
        var parts = Enumerable.Range(0, 4).Select(_ => new SpaceSaving<long>()).ToArray();
        for (var i = 0; i < stream.Length; i++) Offer(parts[i % 4], stream[i]);
        for (var p = 1; p < 4; p++) parts[0].Merge(parts[p]);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), parts[0].Top(5).Select(t => t.Value));
    }

    [Property(MaxTest = 300)]
    public bool The_hash_table_finds_exactly_what_a_linear_search_finds(byte capacityByte, byte spreadByte, int seed)
    {
        // Few distinct values (counts stay exact) or many (eviction on most values), skewed so values come back, with
        // hashes as they are or crowded on 4 or 16 neighbouring table positions (long probe runs that deletions must
        // shift back correctly).
        var capacity = 1 + (capacityByte % 24);
        var spread = 1 + spreadByte;
        var random = new Random(seed);
        var crowd = random.Next(3) switch { 0 => 0UL, 1 => 3UL, _ => 15UL };
        var fast = new SpaceSaving<long>(capacity);
        var naive = new NaiveSpaceSaving(capacity);
        for (var n = 0; n < 3000; n++)
        {
            long value = (long)(spread * Math.Pow(random.NextDouble(), 3));
            var hash = crowd == 0 ? ProfileHash.Of(value) : (ProfileHash.Of(value) & ~0xFFUL) | ((ulong)value & crowd);
            fast.Offer(hash, value);
            naive.Offer(hash, value);
        }
        return fast.Total == naive.Total
            && fast.Top(capacity).Select(t => (t.Value, t.Count, t.Error)).SequenceEqual(naive.Top(capacity));
    }

    /// <summary>Space-saving with a linear search for the value and the same choice of the counter to replace.</summary>
    private sealed class NaiveSpaceSaving(int capacity)
    {
        private readonly List<(ulong Hash, long Value, long Count, long Error)> _counters = [];
        private readonly Stack<int> _pool = new();
        private long _poolMin;

        public long Total { get; private set; }

        public void Offer(ulong hash, long value)
        {
            Total++;
            var found = _counters.FindIndex(c => c.Hash == hash);
            if (found >= 0)
            {
                _counters[found] = _counters[found] with { Count = _counters[found].Count + 1 };
                return;
            }
            if (_counters.Count < capacity)
            {
                _counters.Add((hash, value, 1, 0));
                return;
            }
            var victim = TakeMinimum();
            var min = _counters[victim].Count;
            _counters[victim] = (hash, value, min + 1, min);
        }

        // Slots at the minimum, taken from the highest; refilled by a scan when none is left at that minimum.
        private int TakeMinimum()
        {
            while (true)
            {
                while (_pool.Count > 0)
                {
                    var slot = _pool.Pop();
                    if (_counters[slot].Count == _poolMin) return slot;
                }
                _poolMin = _counters.Min(c => c.Count);
                for (var s = 0; s < _counters.Count; s++) if (_counters[s].Count == _poolMin) _pool.Push(s);
            }
        }

        public IEnumerable<(long Value, long Count, long Error)> Top(int k) =>
            _counters.OrderByDescending(c => c.Count).ThenBy(c => c.Hash).Take(k).Select(c => (c.Value, c.Count, c.Error));
    }
}
