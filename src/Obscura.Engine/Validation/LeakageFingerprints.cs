using System.Globalization;
using System.Security.Cryptography;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;
using Obscura.Engine.Uniqueness;
using Obscura.Engine.Validation.Internal;

namespace Obscura.Engine.Validation;

/// <summary>
/// Keyed fingerprints of original values (SipHash-2-4 with a random key made for this instance and never stored), held in
/// bounded memory (<see cref="FingerprintSet"/> shards that spill to a temporary file). Values are normalized and trivial
/// ones skipped by <see cref="LeakageRules"/>. In-place runs fill one with <see cref="AddOriginal"/> (thread-safe) or
/// <see cref="CollectAsync"/> before overwriting anything, and pass it in <see cref="ValidationOptions.OriginalFingerprints"/>.
/// </summary>
public sealed class LeakageFingerprints : IDisposable
{
    private const int ShardBits = 4;
    private const int Shards = 1 << ShardBits;
    // Numeric runs are matched as their digits whatever the original's token count: phone numbers are written many ways.
    private const int NumericRunTokens = 8;
    private const ulong LoneWord = 0x9E3779B97F4A7C15UL;

    [ThreadStatic]
    private static TextTokens? _scratch;

    private readonly SipHash _hash;
    private readonly FingerprintSet[] _sets = new FingerprintSet[Shards];
    private readonly Lock[] _locks = new Lock[Shards];
    private long _skipped;
    private int _maxTextTokens;
    private int _maxNumericTokens;
    // Bit i: some original (with letters / digits only) has a normalized length of i characters; bit 63: 63 or more.
    private ulong _textLengths;
    private ulong _digitLengths;
    private volatile bool _sealed;
    private bool _spilled;

    /// <summary>Creates an empty set with a fresh random key.</summary>
    public LeakageFingerprints(LeakageRules? rules = null, long memoryBytes = FingerprintSet.DefaultMemoryBytes)
    {
        Rules = rules ?? LeakageRules.Default;
        _hash = new SipHash(RandomNumberGenerator.GetBytes(SipHash.KeySize));
        for (var i = 0; i < Shards; i++)
        {
            _sets[i] = new FingerprintSet(memoryBytes / Shards);
            _locks[i] = new Lock();
        }
    }

    /// <summary>The rules values were filtered and normalized by.</summary>
    public LeakageRules Rules { get; }

    /// <summary>Distinct original values held.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < Shards; i++)
            {
                lock (_locks[i]) total += _sets[i].Count;
            }
            return total;
        }
    }

    /// <summary>Originals skipped as trivial (NULL, empty, too short, small numbers).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The most tokens of a held original with letters (n-grams of the target reach this far).</summary>
    public int MaxTokens => Math.Max(Volatile.Read(ref _maxTextTokens), 1);

    /// <summary>
    /// Adds one original value of a transformed column (any canonical or driver value; booleans and bytes are ignored).
    /// Returns true when it is held, false when it was skipped as trivial. Thread-safe.
    /// </summary>
    /// <exception cref="InvalidOperationException">The set is already being used for a scan.</exception>
    public bool AddOriginal(object? value)
    {
        if (!TryFingerprint(value, _scratch ??= new TextTokens(), out var fingerprint)) return false;
        Add(fingerprint);
        return true;
    }

    /// <summary>
    /// The fingerprint an original is held as (normalized, lone words in their own domain), recording its length and
    /// token count; false for values never tracked and for trivial ones (counted).
    /// </summary>
    internal bool TryFingerprint(object? value, TextTokens tokens, out ulong fingerprint)
    {
        if (_sealed) throw new InvalidOperationException("original values must all be added before the leakage scan starts");
        fingerprint = 0;
        var text = OriginalText(value);
        if (text is null)
        {
            if (value is not null and not DBNull) Interlocked.Increment(ref _skipped);
            return false;
        }
        tokens.Load(text);
        if (IsTrivial(tokens))
        {
            Interlocked.Increment(ref _skipped);
            return false;
        }
        var count = tokens.Count;
        var numeric = !tokens.HasLetters;
        if (count == 1 && !numeric && tokens.DigitCount == 0)
        {
            // A lone word (a first name, a city) is also an ordinary word inside other text ("Port Vimala", "asha_worker"):
            // it counts only as a whole value, in its own fingerprint domain.
            fingerprint = tokens.Whole(_hash) ^ LoneWord;
            return true;
        }
        if (count <= Rules.MaxTokens)
        {
            if (numeric) RaiseMax(ref _maxNumericTokens, count);
            else RaiseMax(ref _maxTextTokens, count);
        }
        var length = tokens.CompareLength(0, count, numeric);
        if (numeric) MarkLength(ref _digitLengths, length);
        else MarkLength(ref _textLengths, length);
        fingerprint = tokens.Whole(_hash);
        return true;
    }

    /// <summary>Adds fingerprints from <see cref="TryFingerprint"/>, taking each shard's lock once per call.</summary>
    internal void AddRange(Span<ulong> fingerprints)
    {
        // Group by shard in place (a counting sort on the top bits), then one lock per shard.
        Span<int> counts = stackalloc int[Shards + 1];
        foreach (var f in fingerprints) counts[(int)(f >> (64 - ShardBits)) + 1]++;
        for (var i = 1; i <= Shards; i++) counts[i] += counts[i - 1];
        var sorted = new ulong[fingerprints.Length];
        Span<int> next = stackalloc int[Shards];
        counts[..Shards].CopyTo(next);
        foreach (var f in fingerprints) sorted[next[(int)(f >> (64 - ShardBits))]++] = f;
        for (var shard = 0; shard < Shards; shard++)
        {
            var from = counts[shard];
            var to = counts[shard + 1];
            if (from == to) continue;
            lock (_locks[shard])
            {
                for (var i = from; i < to; i++) _sets[shard].Add(sorted[i]);
            }
        }
    }

    /// <summary>Reads every original value of every transformed column of <paramref name="catalog"/>'s tables (before an in-place run).</summary>
    public static Task<LeakageFingerprints> CollectAsync(
        DatabaseEndpoint source, Catalog catalog, Core.Config.TransformPlan plan, ValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(plan);
        options ??= new ValidationOptions();
        return LeakageScanner.CollectAsync(source, catalog.Tables.Where(t => plan.For(t.Name).Count > 0).ToList(), plan, options, cancellationToken);
    }

    /// <summary>True when <paramref name="text"/>, or a run of its tokens, is a held original.</summary>
    public bool Matches(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = _scratch ??= new TextTokens();
        tokens.Load(text);
        return Matches(tokens);
    }

    /// <summary>Stops further adds so lookups can skip the shard locks (unless a shard spilled to disk).</summary>
    internal void Seal()
    {
        if (_sealed) return;
        for (var i = 0; i < Shards; i++)
        {
            lock (_locks[i]) _spilled |= _sets[i].Spilled;
        }
        _sealed = true;
    }

    /// <summary>True when the loaded text, or a run of its tokens, is a held original.</summary>
    internal bool Matches(TextTokens tokens)
    {
        var count = tokens.Count;
        if (count == 0) return false;
        var maxText = Volatile.Read(ref _maxTextTokens);
        var maxNumeric = Math.Max(NumericRunTokens, Volatile.Read(ref _maxNumericTokens));
        var textLengths = Volatile.Read(ref _textLengths);
        var digitLengths = Volatile.Read(ref _digitLengths);
        for (var first = 0; first < count; first++)
        {
            var limit = Math.Min(count - first, Math.Max(maxText, maxNumeric));
            var numeric = true;
            for (var n = 1; n <= limit; n++)
            {
                numeric &= tokens.IsNumeric(first + n - 1);
                // Past the longest original with letters only all-digit runs can still match.
                if (n > maxText && !numeric) break;
                // No original has this length: skip the hash and the memory probe (most n-grams end here).
                if (!HasLength(numeric ? digitLengths : textLengths, tokens.CompareLength(first, n, numeric))) continue;
                if (Contains(tokens.Fingerprint(_hash, first, n, numeric))) return true;
            }
        }
        // Originals longer than any n-gram reach are found as whole values; lone words only as whole values.
        if (count > Math.Max(maxText, 1) && Contains(tokens.Whole(_hash))) return true;
        return count == 1 && Contains(tokens.Whole(_hash) ^ LoneWord);
    }

    /// <summary>True when one of <paramref name="values"/> (the strings of a JSON document) is, as a whole, a held lone-word original.</summary>
    internal bool MatchesLoneWord(IReadOnlyList<string> values, TextTokens tokens)
    {
        foreach (var value in values)
        {
            tokens.Load(value);
            if (tokens.Count == 1 && Contains(tokens.Whole(_hash) ^ LoneWord)) return true;
        }
        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var set in _sets) set.Dispose();
    }

    internal bool IsTrivial(TextTokens tokens) =>
        tokens.Count == 0 || (tokens.HasLetters ? tokens.Length < Rules.MinLength : tokens.DigitCount < Rules.MinDigits);

    private void Add(ulong fingerprint)
    {
        var shard = (int)(fingerprint >> (64 - ShardBits));
        lock (_locks[shard]) _sets[shard].Add(fingerprint);
    }

    private bool Contains(ulong fingerprint)
    {
        if (fingerprint == 0) fingerprint = 1;
        var shard = (int)(fingerprint >> (64 - ShardBits));
        if (_sealed && !_spilled) return _sets[shard].Contains(fingerprint);
        lock (_locks[shard]) return _sets[shard].Contains(fingerprint);
    }

    private static void MarkLength(ref ulong mask, int length)
    {
        var bit = 1UL << Math.Min(length, 63);
        if ((Volatile.Read(ref mask) & bit) == 0) Interlocked.Or(ref mask, bit);
    }

    private static bool HasLength(ulong mask, int length) => (mask & (1UL << Math.Min(length, 63))) != 0;

    private static void RaiseMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>The text an original is compared as: dates without a time of day as dates; null for values never tracked.</summary>
    private static string? OriginalText(object? value) => value switch
    {
        null or DBNull or bool or byte[] => null,
        string s => s,
        DateTime { TimeOfDay.Ticks: 0 } d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => ValueCoercion.ToText(value),
    };
}
