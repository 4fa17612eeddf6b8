using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Engine.Uniqueness;

namespace Obscura.Engine.Copy;

/// <summary>
/// Wraps a source reader and applies a table's transformers on each <see cref="ReadAsync(CancellationToken)"/>, so
/// the target's native bulk API consumes it directly. Pass-through columns delegate to the source reader with
/// no copy or boxing; transformed columns are computed once per row into one reused buffer.
/// </summary>
public sealed class TransformingDataReader : DbDataReader, IRawFieldReader
{
    private readonly DbDataReader _inner;
    private readonly IReadOnlyList<Column> _columns;
    private readonly IColumnTransformer?[] _transformers;
    private readonly int[] _transformed;
    private readonly int[] _needed;
    private readonly RowContext? _context;
    private readonly object?[] _values;
    private readonly IReadOnlyList<UniqueGuard> _guards;
    private readonly object?[]? _originals;
    private readonly Func<int, object?>? _valueAt;
    private readonly Func<int, object?>? _retry;
    private UniqueGuard? _checking;
    private readonly Func<object?, bool>? _observe;
    private object? _nudgeBase;
    private long _rows;

    // Text columns transformed on their UTF-8 wire bytes (see IUtf8TextTransformer): the output bytes per column, their
    // length for the current row (-1: this row took the ordinary path), and a marker in _values until a string is asked for.
    private static readonly object Utf8Pending = new();
    private readonly IRawFieldReader? _raw;
    private readonly IUtf8TextTransformer?[] _utf8;
    private readonly byte[][] _utf8Output;
    private readonly int[] _utf8Length;

    /// <summary>Creates the reader. <paramref name="transformers"/> has one slot per column; null means pass-through.</summary>
    /// <exception cref="Core.Diagnostics.ObscuraConfigException">Row-aware transformers read each other in a cycle.</exception>
    /// <param name="inner">The source rows.</param>
    /// <param name="sourceColumns">The source table's columns, in reader order.</param>
    /// <param name="transformers">One slot per column; null means pass-through.</param>
    /// <param name="guards">Unique constraints to keep unique while transforming (see <see cref="UniqueGuard"/>); owned by the caller.</param>
    /// <param name="observeOriginal">Sees each original value of a transformed column (in-place runs remember them for the leakage scan).</param>
    public TransformingDataReader(DbDataReader inner, IReadOnlyList<Column> sourceColumns, IColumnTransformer?[] transformers, IReadOnlyList<UniqueGuard>? guards = null,
        Func<object?, bool>? observeOriginal = null)
    {
        _observe = observeOriginal;
        _inner = inner;
        _columns = sourceColumns;
        _transformers = transformers;
        _values = new object?[transformers.Length];
        _guards = guards ?? [];
        _utf8 = new IUtf8TextTransformer?[transformers.Length];
        _utf8Output = new byte[transformers.Length][];
        _utf8Length = new int[transformers.Length];
        _raw = inner as IRawFieldReader;
        // Only where nothing else needs the original or output values as objects (no guards, no leakage observer, no row-aware strategies).
        if (_raw is not null && _guards.Count == 0 && observeOriginal is null && !transformers.OfType<IRowAwareTransformer>().Any())
        {
            for (var i = 0; i < transformers.Length; i++)
            {
                if (transformers[i] is IUtf8TextTransformer utf8 && _raw.IsUtf8Text(i))
                {
                    _utf8[i] = utf8;
                    _utf8Output[i] = new byte[256];
                }
            }
        }
        if (_guards.Count > 0 || observeOriginal is not null) _originals = new object?[transformers.Length];
        if (_guards.Count > 0)
        {
            _valueAt = ValueForGuard;
            _retry = RetryForGuard;
        }
        var rowAware = transformers.OfType<IRowAwareTransformer>().ToList();
        if (rowAware.Count == 0)
        {
            _transformed = Enumerable.Range(0, transformers.Length).Where(i => transformers[i] is not null).ToArray();
            _needed = [];
            return;
        }
        // Row-aware transformers read other columns: load those originals, and transform a column's inputs first.
        _context = new RowContext(sourceColumns);
        var needed = new SortedSet<int>(Enumerable.Range(0, transformers.Length).Where(i => transformers[i] is not null));
        var dependsOn = new Dictionary<int, List<int>>();
        for (var i = 0; i < transformers.Length; i++)
        {
            if (transformers[i] is not IRowAwareTransformer r) continue;
            var inputs = new List<int>();
            foreach (var name in r.ReadsColumns)
            {
                var index = _context.IndexOf(name);
                if (index < 0) throw new Core.Diagnostics.ObscuraConfigException($"column {sourceColumns[i].Name} reads column '{name}', which the table does not have");
                needed.Add(index);
                if (index != i && transformers[index] is not null) inputs.Add(index);
            }
            dependsOn[i] = inputs;
        }
        _needed = needed.ToArray();
        _transformed = TopologicalOrder(transformers, dependsOn, sourceColumns);
    }

    private static int[] TopologicalOrder(IColumnTransformer?[] transformers, Dictionary<int, List<int>> dependsOn, IReadOnlyList<Column> columns)
    {
        var order = new List<int>();
        var state = new int[transformers.Length]; // 0 new, 1 visiting, 2 done
        void Visit(int i)
        {
            if (state[i] == 2) return;
            if (state[i] == 1) throw new Core.Diagnostics.ObscuraConfigException($"columns read each other in a cycle through {columns[i].Name}");
            state[i] = 1;
            if (dependsOn.TryGetValue(i, out var inputs)) foreach (var d in inputs) Visit(d);
            state[i] = 2;
            order.Add(i);
        }
        for (var i = 0; i < transformers.Length; i++) if (transformers[i] is not null) Visit(i);
        return order.ToArray();
    }

    /// <inheritdoc />
    public string RawFormat => _raw?.RawFormat ?? string.Empty;

    /// <inheritdoc />
    public string RawType(int ordinal) => _raw?.RawType(ordinal) ?? string.Empty;

    /// <inheritdoc />
    /// <remarks>Untransformed columns of a raw source pass their bytes through; transformed ones must be re-encoded.</remarks>
    public bool TryGetRaw(int ordinal, out ReadOnlySpan<byte> bytes, out bool isNull)
    {
        if (!IsTransformed(ordinal) && _raw is not null) return _raw.TryGetRaw(ordinal, out bytes, out isNull);
        if (_utf8[ordinal] is not null && _utf8Length[ordinal] >= 0)
        {
            bytes = _utf8Output[ordinal].AsSpan(0, _utf8Length[ordinal]);
            isNull = false;
            return true;
        }
        bytes = default;
        isNull = false;
        return false;
    }

    /// <summary>The current row's value of a column as read from the source (canonical), whether or not it is transformed.</summary>
    public object? OriginalValue(int ordinal) => ReadCanonical(ordinal);

    /// <summary>Rows read so far.</summary>
    public long RowsRead => _rows;

    /// <inheritdoc />
    public override async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await _inner.ReadAsync(cancellationToken).ConfigureAwait(false)) return false;
        ApplyTransforms();
        return true;
    }

    /// <inheritdoc />
    public override bool Read()
    {
        if (!_inner.Read()) return false;
        ApplyTransforms();
        return true;
    }

    private void ApplyTransforms()
    {
        _rows++;
        if (_context is null)
        {
            if (_originals is null)
            {
                foreach (var i in _transformed)
                {
                    if (_utf8[i] is { } utf8 && TransformUtf8(i, utf8)) continue;
                    _values[i] = _transformers[i]!.Transform(ReadCanonical(i));
                }
                return;
            }
            foreach (var i in _transformed) _values[i] = _transformers[i]!.Transform(_originals[i] = ReadCanonical(i));
        }
        else
        {
            foreach (var i in _needed) _context.SetOriginal(i, ReadCanonical(i));
            foreach (var i in _transformed)
            {
                var value = _context.Original(i);
                var result = _transformers[i] is IRowAwareTransformer rowAware ? rowAware.Transform(value, _context) : _transformers[i]!.Transform(value);
                _values[i] = result;
                _context.SetCurrent(i, result);
            }
        }
        if (_observe is not null)
        {
            foreach (var i in _transformed) _observe(_context is null ? _originals![i] : _context.Original(i));
        }
        foreach (var guard in _guards)
        {
            _checking = guard;
            _nudgeBase = null;
            guard.Check(_valueAt!, _retry, _rows);
        }
    }

    // Transforms column i's UTF-8 wire bytes straight into its output buffer; false when the value takes the ordinary path.
    private bool TransformUtf8(int i, IUtf8TextTransformer utf8)
    {
        _utf8Length[i] = -1;
        if (!_raw!.TryGetRaw(i, out var input, out var isNull) || isNull) return false;
        var room = utf8.MaxOutputBytes(input.Length);
        if (_utf8Output[i].Length < room) _utf8Output[i] = new byte[Math.Max(room, _utf8Output[i].Length * 2)];
        var written = utf8.TransformUtf8(input, _utf8Output[i]);
        if (written < 0) return false;
        _utf8Length[i] = written;
        _values[i] = Utf8Pending;
        return true;
    }

    // A transformed column's value for this row, building the string of UTF-8 output only when someone asks for it.
    private object? Value(int i)
    {
        var value = _values[i];
        if (!ReferenceEquals(value, Utf8Pending)) return value;
        var text = System.Text.Encoding.UTF8.GetString(_utf8Output[i], 0, _utf8Length[i]);
        _values[i] = text;
        return text;
    }

    // The value the row will be written with: transformed, or the source's (canonical) for pass-through columns.
    private object? ValueForGuard(int ordinal) => IsTransformed(ordinal) ? Value(ordinal) : ReadCanonical(ordinal);

    private object? RetryForGuard(int attempt)
    {
        var i = _checking!.RetryOrdinal;
        var original = _context is null ? _originals![i] : _context.Original(i);
        var produced = Value(i);
        object? next = null;
        if (_transformers[i] is ICollisionRetry retry) next = retry.Retry(original, produced, attempt, _context);
        // Numbers, dates and times without their own retry move to a neighbouring value of the first output.
        if (next is null && _transformers[i] is not ICollisionRetry && CollisionNudge.Supports(_columns[i].TypeClass))
        {
            _nudgeBase ??= produced;
            next = CollisionNudge.Nudge(_nudgeBase, attempt, _columns[i]);
        }
        if (next is null) return null;
        _values[i] = next;
        _context?.SetCurrent(i, next);
        return next;
    }

    private object? ReadCanonical(int i)
    {
        var raw = _inner.IsDBNull(i) ? null : _inner.GetValue(i);
        try
        {
            return ValueCoercion.ToCanonical(raw, _columns[i].TypeClass);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            // Never include the value: name the place only.
            throw new Core.Diagnostics.ObscuraException(
                $"row {_rows.ToString(CultureInfo.InvariantCulture)} of the source: column {_columns[i].Name} holds a value that is not a valid {_columns[i].TypeClass} ({ex.GetType().Name})");
        }
    }

    private bool IsTransformed(int ordinal) => _transformers[ordinal] is not null;

    /// <inheritdoc />
    public override int FieldCount => _inner.FieldCount;
    /// <inheritdoc />
    public override int RecordsAffected => _inner.RecordsAffected;
    /// <inheritdoc />
    public override bool HasRows => _inner.HasRows;
    /// <inheritdoc />
    public override bool IsClosed => _inner.IsClosed;
    /// <inheritdoc />
    public override int Depth => _inner.Depth;
    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);
    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));
    /// <inheritdoc />
    public override bool NextResult() => false;
    /// <inheritdoc />
    public override string GetName(int ordinal) => _inner.GetName(ordinal);
    /// <inheritdoc />
    public override int GetOrdinal(string name) => _inner.GetOrdinal(name);
    /// <inheritdoc />
    public override string GetDataTypeName(int ordinal) => _inner.GetDataTypeName(ordinal);

    /// <inheritdoc />
    [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.PublicProperties)]
    public override Type GetFieldType(int ordinal) =>
        IsTransformed(ordinal) ? CanonicalValueReader.CanonicalType(_columns[ordinal].TypeClass) : _inner.GetFieldType(ordinal);

    /// <inheritdoc />
    public override object GetValue(int ordinal) => IsTransformed(ordinal) ? Value(ordinal) ?? DBNull.Value : _inner.GetValue(ordinal);

    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        var n = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => IsTransformed(ordinal) ? _values[ordinal] is null : _inner.IsDBNull(ordinal);
    /// <inheritdoc />
    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) =>
        IsTransformed(ordinal) ? Task.FromResult(_values[ordinal] is null) : _inner.IsDBNullAsync(ordinal, cancellationToken);

    /// <inheritdoc />
    public override T GetFieldValue<T>(int ordinal)
    {
        if (!IsTransformed(ordinal)) return _inner.GetFieldValue<T>(ordinal);
        var v = Value(ordinal);
        return v is T t ? t : (T)Convert.ChangeType(v, typeof(T), CultureInfo.InvariantCulture)!;
    }

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => IsTransformed(ordinal) ? (bool)Value(ordinal)! : _inner.GetBoolean(ordinal);
    /// <inheritdoc />
    public override byte GetByte(int ordinal) => IsTransformed(ordinal) ? Convert.ToByte(Value(ordinal), CultureInfo.InvariantCulture) : _inner.GetByte(ordinal);
    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        if (!IsTransformed(ordinal)) return _inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
        var b = (byte[])Value(ordinal)!;
        if (buffer is null) return b.Length;
        var n = (int)Math.Min(length, b.Length - dataOffset);
        Array.Copy(b, dataOffset, buffer, bufferOffset, n);
        return n;
    }
    /// <inheritdoc />
    public override char GetChar(int ordinal) => IsTransformed(ordinal) ? GetString(ordinal)[0] : _inner.GetChar(ordinal);
    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        if (!IsTransformed(ordinal)) return _inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
        var s = GetString(ordinal);
        if (buffer is null) return s.Length;
        var n = (int)Math.Min(length, s.Length - dataOffset);
        s.CopyTo((int)dataOffset, buffer, bufferOffset, n);
        return n;
    }
    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => IsTransformed(ordinal)
        ? Value(ordinal) switch { DateTime d => d, DateOnly d => d.ToDateTime(TimeOnly.MinValue), DateTimeOffset o => o.UtcDateTime, var v => (DateTime)v! }
        : _inner.GetDateTime(ordinal);
    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => IsTransformed(ordinal) ? Convert.ToDecimal(Value(ordinal), CultureInfo.InvariantCulture) : _inner.GetDecimal(ordinal);
    /// <inheritdoc />
    public override double GetDouble(int ordinal) => IsTransformed(ordinal) ? Convert.ToDouble(Value(ordinal), CultureInfo.InvariantCulture) : _inner.GetDouble(ordinal);
    /// <inheritdoc />
    public override float GetFloat(int ordinal) => IsTransformed(ordinal) ? Convert.ToSingle(Value(ordinal), CultureInfo.InvariantCulture) : _inner.GetFloat(ordinal);
    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => IsTransformed(ordinal) ? (Guid)Value(ordinal)! : _inner.GetGuid(ordinal);
    /// <inheritdoc />
    public override short GetInt16(int ordinal) => IsTransformed(ordinal) ? Convert.ToInt16(Value(ordinal), CultureInfo.InvariantCulture) : _inner.GetInt16(ordinal);
    /// <inheritdoc />
    public override int GetInt32(int ordinal) => IsTransformed(ordinal) ? Convert.ToInt32(Value(ordinal), CultureInfo.InvariantCulture) : _inner.GetInt32(ordinal);
    /// <inheritdoc />
    public override long GetInt64(int ordinal) => IsTransformed(ordinal) ? Convert.ToInt64(Value(ordinal), CultureInfo.InvariantCulture) : _inner.GetInt64(ordinal);
    /// <inheritdoc />
    public override string GetString(int ordinal) => IsTransformed(ordinal) ? (string)Value(ordinal)! : _inner.GetString(ordinal);
    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
