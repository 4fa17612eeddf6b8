using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Uniqueness;

/// <summary>
/// Keeps one unique constraint of a table unique while its rows are transformed by a strategy that is not an exact
/// bijection (faker, template, hash of text, date_shift, ...): fingerprints each output tuple and, when one was
/// written before, asks the column's transformer for attempt 1, 2, ... (<see cref="ICollisionRetry"/>) or moves the
/// value to a neighbour (<see cref="CollisionNudge"/>). On keys (a primary key or a referenced column) outputs
/// must stay a pure function of the input, so a collision there is reported instead of retried.
/// Fingerprints fold case and trailing spaces, because MariaDB's default collations compare text that way.
/// </summary>
public sealed class UniqueGuard : IDisposable
{
    /// <summary>Alternatives tried before giving up on a value.</summary>
    public const int MaxAttempts = 100;

    private readonly SipHash _hash;
    private readonly FingerprintSet _seen;
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>Creates a guard over <paramref name="ordinals"/> (the constraint's columns in the row).</summary>
    public UniqueGuard(string table, IReadOnlyList<Column> columns, int[] ordinals, int retryOrdinal, long memoryBytes)
    {
        Table = table;
        Columns = columns;
        Ordinals = ordinals;
        RetryOrdinal = retryOrdinal;
        _seen = new FingerprintSet(memoryBytes);
        // A random key per run: the fingerprints (even in the spill file) cannot be matched against guessed values.
        Span<byte> key = stackalloc byte[SipHash.KeySize];
        RandomNumberGenerator.Fill(key);
        _hash = new SipHash(key);
    }

    /// <summary>Table name (for messages).</summary>
    public string Table { get; }
    /// <summary>The constraint's columns, in the order of <see cref="Ordinals"/>.</summary>
    public IReadOnlyList<Column> Columns { get; }
    /// <summary>Ordinals of the constraint's columns in the row.</summary>
    public int[] Ordinals { get; }
    /// <summary>The transformed column that may take another value, or -1 when collisions can only be reported.</summary>
    public int RetryOrdinal { get; }
    /// <summary>Collisions resolved so far.</summary>
    public long Resolved { get; private set; }
    /// <summary>Fingerprints held.</summary>
    public long Count => _seen.Count;
    /// <summary>True once fingerprints spilled to a temporary file.</summary>
    public bool Spilled => _seen.Spilled;

    /// <summary>
    /// Checks the row and, on a collision, replaces the retry column's value through <paramref name="retry"/>
    /// (attempt → new value, or null when there is none).
    /// </summary>
    /// <exception cref="ObscuraException">No distinct value could be found, or a key collided.</exception>
    public void Check(Func<int, object?> valueAt, Func<int, object?>? retry, long row)
    {
        ArgumentNullException.ThrowIfNull(valueAt);
        if (!Fingerprint(valueAt, out var fp)) return;
        if (_seen.Add(fp)) return;
        if (RetryOrdinal < 0 || retry is null)
        {
            throw new ObscuraException(
                $"{Table}: row {row.ToString(CultureInfo.InvariantCulture)} would repeat a value of unique {Describe()}, which is a key whose references follow it, so another value cannot be chosen; use a strategy that is a bijection here (hash of an integer, fpe, tokenize, remap) or a longer hash ('length', 'alphabet: base62')");
        }
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (retry(attempt) is null) continue;
            if (!Fingerprint(valueAt, out fp) || _seen.Add(fp))
            {
                Resolved++;
                return;
            }
        }
        throw new ObscuraException(
            $"{Table}: row {row.ToString(CultureInfo.InvariantCulture)}: no distinct value for unique {Describe()} after {MaxAttempts} alternatives; the strategy has too few possible values for this table (e.g. a faker kind with a short list); choose one with more (hash, fpe, faker email/username) or widen the column");
    }

    private string Describe() => Columns.Count == 1 ? $"column {Columns[0].Name}" : $"columns ({string.Join(", ", Columns.Select(c => c.Name))})";

    // False when a column is NULL: SQL unique constraints let NULLs repeat.
    private bool Fingerprint(Func<int, object?> valueAt, out ulong fingerprint)
    {
        _length = 0;
        foreach (var ordinal in Ordinals)
        {
            var value = valueAt(ordinal);
            if (value is null or DBNull)
            {
                fingerprint = 0;
                return false;
            }
            Append(value);
        }
        fingerprint = _hash.Compute(_buffer.AsSpan(0, _length));
        return true;
    }

    private void Append(object value)
    {
        switch (value)
        {
            case string s:
                AppendText(s);
                break;
            case long l:
                AppendTagged(1, (ulong)l);
                break;
            case int i:
                AppendTagged(1, (ulong)(long)i);
                break;
            case decimal d:
                // 1.50 and 1.5 are one value to a unique index: drop trailing zeros first.
                AppendText(d.ToString("0.############################", CultureInfo.InvariantCulture), tag: 2);
                break;
            case double f:
                AppendTagged(3, (ulong)BitConverter.DoubleToInt64Bits(f == 0 ? 0d : f));
                break;
            case DateOnly day:
                AppendTagged(4, (ulong)day.DayNumber);
                break;
            case DateTime t:
                AppendTagged(5, (ulong)t.Ticks);
                break;
            case DateTimeOffset o:
                AppendTagged(5, (ulong)o.UtcTicks);
                break;
            case TimeSpan ts:
                AppendTagged(6, (ulong)ts.Ticks);
                break;
            case Guid g:
                Ensure(17);
                _buffer[_length++] = 7;
                g.TryWriteBytes(_buffer.AsSpan(_length));
                _length += 16;
                break;
            case bool b:
                AppendTagged(8, b ? 1UL : 0UL);
                break;
            case byte[] bytes:
                Ensure(5 + bytes.Length);
                _buffer[_length++] = 9;
                BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), bytes.Length);
                _length += 4;
                bytes.CopyTo(_buffer, _length);
                _length += bytes.Length;
                break;
            default:
                AppendText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, tag: 10);
                break;
        }
    }

    private void AppendTagged(byte tag, ulong bits)
    {
        Ensure(9);
        _buffer[_length++] = tag;
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), bits);
        _length += 8;
    }

    // Upper-cased invariantly with trailing spaces dropped: what a case-insensitive, PAD SPACE collation compares.
    // Folding more than the target does only costs a rare unneeded retry.
    private void AppendText(string text, byte tag = 0)
    {
        // Keys are only checked, never retried: compare them exactly, so case-distinct keys (base62 hashes) never fail a run.
        if (RetryOrdinal < 0)
        {
            Ensure(5 + text.Length * 3);
            _buffer[_length++] = tag;
            var at = _length;
            _length += 4;
            var n = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(at), n);
            _length += n;
            return;
        }
        var span = text.AsSpan().TrimEnd(' ');
        // Accent-insensitive collations (MariaDB's *_general_ci) see 'é' as 'e': compare base letters for non-ASCII text.
        if (!System.Text.Ascii.IsValid(span)) span = StripMarks(span.ToString());
        Ensure(5 + span.Length * 3);
        _buffer[_length++] = tag;
        var lengthAt = _length;
        _length += 4;
        Span<char> upper = span.Length <= 256 ? stackalloc char[span.Length] : new char[span.Length];
        span.ToUpperInvariant(upper);
        var written = Encoding.UTF8.GetBytes(upper, _buffer.AsSpan(_length));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(lengthAt), written);
        _length += written;
    }

    private static string StripMarks(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) builder.Append(c);
        return builder.ToString();
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_length + extra, _buffer.Length * 2));
    }

    /// <inheritdoc />
    public void Dispose() => _seen.Dispose();
}
