using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Obscura.Engine.Uniqueness;

/// <summary>
/// A set of 64-bit fingerprints with bounded memory: an open-addressing table in memory up to a byte budget, then a
/// temporary SQLite file for the rest (deleted on dispose). A false "seen" (two values with one fingerprint) only
/// costs an unneeded retry, so 64 bits are enough; a missed duplicate cannot happen. Once it spills, a Bloom filter of
/// the spilled fingerprints (half the budget again) answers most lookups of absent values without touching the file.
/// </summary>
public sealed class FingerprintSet : IDisposable
{
    /// <summary>Default memory budget: 128 MiB holds about 12 million fingerprints before spilling (tables grow into it).</summary>
    public const long DefaultMemoryBytes = 128L << 20;

    private const double MaxLoad = 0.75;
    private const int SpillBatch = 100_000;

    private readonly long _memoryBytes;
    private readonly string? _spillDirectory;
    private ulong[] _slots;
    private int _mask;
    private long _inMemory;
    private SqliteConnection? _spill;
    private SqliteCommand? _insert;
    private SqliteParameter? _value;
    private DbTransaction? _batch;
    private int _batchCount;
    private string? _spillPath;
    private SqliteCommand? _lookup;
    private SqliteParameter? _lookupValue;
    private ulong[]? _bloom;
    private ulong _bloomMask;
    private const int BloomHashes = 7;

    /// <summary>Creates an empty set that keeps at most <paramref name="memoryBytes"/> of fingerprints in memory.</summary>
    public FingerprintSet(long memoryBytes = DefaultMemoryBytes, string? spillDirectory = null)
    {
        _memoryBytes = Math.Max(memoryBytes, 1024);
        _spillDirectory = spillDirectory;
        var initial = 1 << 12;
        while (initial * 8L > _memoryBytes) initial >>= 1;
        _slots = new ulong[initial];
        _mask = initial - 1;
    }

    /// <summary>Fingerprints added so far.</summary>
    public long Count { get; private set; }

    /// <summary>True once the in-memory table is full and new fingerprints go to the temporary file.</summary>
    public bool Spilled => _spill is not null;

    /// <summary>Bytes of the in-memory table.</summary>
    public long MemoryBytes => _slots.LongLength * sizeof(ulong);

    /// <summary>Adds a fingerprint; false when it was already present.</summary>
    public bool Add(ulong fingerprint)
    {
        // 0 marks an empty slot; folding it onto 1 can only cause an extra retry.
        if (fingerprint == 0) fingerprint = 1;
        if (InMemory(fingerprint)) return false;
        if (_inMemory + 1 > _slots.Length * MaxLoad && !Grow())
        {
            if (!AddToSpill(fingerprint)) return false;
            Count++;
            return true;
        }
        Insert(_slots, _mask, fingerprint);
        _inMemory++;
        Count++;
        return true;
    }

    /// <summary>
    /// True when the fingerprint was added (in memory or spilled). Safe to call from several threads at once while
    /// nothing is being added, as long as the set has not spilled; callers that may spill serialize calls.
    /// </summary>
    public bool Contains(ulong fingerprint)
    {
        if (fingerprint == 0) fingerprint = 1;
        return InMemory(fingerprint) || (_spill is not null && MaybeSpilled(fingerprint) && InSpill(fingerprint));
    }

    // Bloom filter positions by double hashing: with ~10+ bits per spilled value about 1% of absent values reach the file.
    private void MarkSpilled(ulong fingerprint)
    {
        var (h1, h2) = DoubleHash(fingerprint);
        for (var i = 0; i < BloomHashes; i++)
        {
            var bit = (h1 + (ulong)i * h2) & _bloomMask;
            _bloom![bit >> 6] |= 1UL << (int)(bit & 63);
        }
    }

    private bool MaybeSpilled(ulong fingerprint)
    {
        var (h1, h2) = DoubleHash(fingerprint);
        for (var i = 0; i < BloomHashes; i++)
        {
            var bit = (h1 + (ulong)i * h2) & _bloomMask;
            if ((_bloom![bit >> 6] & (1UL << (int)(bit & 63))) == 0) return false;
        }
        return true;
    }

    private static (ulong H1, ulong H2) DoubleHash(ulong fingerprint) => (Mix(fingerprint), (fingerprint * 0x9E3779B97F4A7C15UL) | 1);

    private bool InSpill(ulong fingerprint)
    {
        // Lookups read committed rows: close the open insert batch first.
        if (_batch is not null)
        {
            _batch.Commit();
            _batch.Dispose();
            _batch = null;
            _batchCount = 0;
        }
        if (_lookup is null)
        {
            _lookup = _spill!.CreateCommand();
            _lookup.CommandText = "SELECT 1 FROM f WHERE h = $h";
            _lookupValue = _lookup.CreateParameter();
            _lookupValue.ParameterName = "$h";
            _lookup.Parameters.Add(_lookupValue);
            _lookup.Prepare();
        }
        _insert!.Transaction = null;
        _lookupValue!.Value = unchecked((long)fingerprint);
        return _lookup.ExecuteScalar() is not null;
    }

    private bool InMemory(ulong fingerprint)
    {
        for (var i = (int)(Mix(fingerprint) & (ulong)_mask); ; i = (i + 1) & _mask)
        {
            var slot = _slots[i];
            if (slot == fingerprint) return true;
            if (slot == 0) return false;
        }
    }

    private static void Insert(ulong[] slots, int mask, ulong fingerprint)
    {
        var i = (int)(Mix(fingerprint) & (ulong)mask);
        while (slots[i] != 0) i = (i + 1) & mask;
        slots[i] = fingerprint;
    }

    // Fingerprints are already keyed hashes, but callers may pass structured values in tests: mix anyway (cheap).
    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        return x;
    }

    private bool Grow()
    {
        if (_spill is not null) return false;
        var size = (long)_slots.Length * 2;
        if (size * sizeof(ulong) > _memoryBytes || size > Array.MaxLength) return false;
        var next = new ulong[size];
        var mask = (int)(size - 1);
        foreach (var f in _slots) if (f != 0) Insert(next, mask, f);
        _slots = next;
        _mask = mask;
        return true;
    }

    private bool AddToSpill(ulong fingerprint)
    {
        if (_spill is null) OpenSpill();
        if (_batch is null)
        {
            _batch = _spill!.BeginTransaction();
            _insert!.Transaction = (SqliteTransaction)_batch;
        }
        MarkSpilled(fingerprint);
        _value!.Value = unchecked((long)fingerprint);
        var added = _insert!.ExecuteNonQuery() == 1;
        if (++_batchCount >= SpillBatch)
        {
            _batch.Commit();
            _batch.Dispose();
            _batch = null;
            _batchCount = 0;
        }
        return added;
    }

    private void OpenSpill()
    {
        // Half the memory budget again, a power of two of bits (at least 64 KiB).
        var bits = 1L << 19;
        while (bits * 2 / 8 <= _memoryBytes / 2 && bits * 2 / 64 <= Array.MaxLength) bits *= 2;
        _bloom = new ulong[bits / 64];
        _bloomMask = (ulong)bits - 1;
        var dir = _spillDirectory ?? Path.GetTempPath();
        _spillPath = Path.Combine(dir, $"obscura-unique-{Guid.NewGuid():N}.db");
        _spill = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _spillPath, Pooling = false }.ToString());
        _spill.Open();
        using (var setup = _spill.CreateCommand())
        {
            // A scratch file: no journal, no fsync, a page cache of a quarter of the budget (at most 32 MiB; sets that
            // share a budget in shards stay within it together); the integer key is the rowid itself.
            var cacheKiB = Math.Clamp(_memoryBytes / 4 / 1024, 256, 32768);
            setup.CommandText = $"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-{cacheKiB}; CREATE TABLE f(h INTEGER PRIMARY KEY);";
            setup.ExecuteNonQuery();
        }
        _insert = _spill.CreateCommand();
        _insert.CommandText = "INSERT OR IGNORE INTO f(h) VALUES ($h)";
        _value = _insert.CreateParameter();
        _value.ParameterName = "$h";
        _insert.Parameters.Add(_value);
        _insert.Prepare();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _batch?.Dispose();
        _insert?.Dispose();
        _lookup?.Dispose();
        if (_spill is not null)
        {
            _spill.Dispose();
            try
            {
                if (_spillPath is not null) File.Delete(_spillPath);
            }
            catch (IOException)
            {
                // A scratch file left in the temp directory holds only keyed hashes of anonymized values.
            }
        }
    }
}
