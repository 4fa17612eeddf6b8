using System.Buffers.Binary;
using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Npgsql;
using Obscura.Core.Schema;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// Reads a table through <c>COPY (SELECT ...) TO STDOUT (FORMAT BINARY)</c> as raw tuples: each field stays the
/// bytes PostgreSQL sent (<see cref="IRawFieldReader"/>) and is decoded only when someone asks for its value, so
/// columns no strategy touches cross into a PostgreSQL target without a round trip through .NET objects.
/// </summary>
internal sealed class PostgresRawReader : CanonicalValueReader, IRawFieldReader
{
    /// <summary>The format name writers look for.</summary>
    public const string Format = "postgres-binary";

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly NpgsqlRawCopyStream? _copy;
    private readonly Table _table;
    private readonly PostgresType[] _types;
    private readonly int[] _offsets;
    private readonly int[] _lengths;
    private readonly object?[] _decoded;
    private readonly long[] _decodedRow; // the row number a field's _decoded value belongs to
    private long _row;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _headerRead;
    private bool _done;
    private bool _closed;

    private PostgresRawReader(Stream stream, Table table, PostgresType[] types) : base(table.Columns)
    {
        _stream = stream;
        _copy = stream as NpgsqlRawCopyStream;
        _table = table;
        _types = types;
        _offsets = new int[types.Length];
        _lengths = new int[types.Length];
        _decoded = new object?[types.Length];
        _decodedRow = new long[types.Length];
    }

    /// <summary>The wire types of a table's columns, or null when one has no raw path.</summary>
    public static PostgresType[]? RawTypes(Table table)
    {
        var types = new PostgresType[table.Columns.Count];
        for (var i = 0; i < types.Length; i++)
        {
            var c = table.Columns[i];
            // Enums and domains share the text format but are read as text by the ordinary path: keep them there.
            if (c.EnumValues is not null || PostgresTypeNames.IsArray(c.DeclaredType)) return null;
            types[i] = PostgresTypeNames.WireType(c);
            if (!PgBinary.Supports(types[i])) return null;
        }
        return types;
    }

    /// <summary>Starts the COPY; null when the table has a column without a raw path.</summary>
    public static Task<PostgresRawReader?> OpenAsync(NpgsqlConnection connection, Table table, CancellationToken cancellationToken) =>
        OpenAsync(connection, table, null, cancellationToken);

    /// <summary>Starts the COPY of the rows matching <paramref name="where"/> (all rows when null); null when the table has a column without a raw path.</summary>
    public static async Task<PostgresRawReader?> OpenAsync(NpgsqlConnection connection, Table table, string? where, CancellationToken cancellationToken)
    {
        if (RawTypes(table) is not { } types) return null;
        var dialect = new PostgresDialect();
        var columns = string.Join(", ", table.Columns.Select(c => dialect.Quote(c.Name)));
        var stream = await connection.BeginRawBinaryCopyAsync($"COPY (SELECT {columns} FROM {dialect.Qualify(table.Name)}{(where is null ? "" : " WHERE " + where)}) TO STDOUT (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        return new PostgresRawReader(stream, table, types);
    }

    /// <summary>A reader over a COPY binary stream already at hand (a file written by <c>COPY ... TO ... (FORMAT BINARY)</c>): benchmarks and tests.</summary>
    public static PostgresRawReader Over(Stream stream, Table table) =>
        new(stream, table, RawTypes(table) ?? throw new ArgumentException($"{table.Name} has a column without a raw path", nameof(table)));

    /// <inheritdoc />
    public string RawFormat => Format;

    /// <inheritdoc />
    public bool TryGetRaw(int ordinal, out ReadOnlySpan<byte> bytes, out bool isNull)
    {
        isNull = _lengths[ordinal] < 0;
        bytes = isNull ? default : _buffer.AsSpan(_offsets[ordinal], _lengths[ordinal]);
        return true;
    }

    /// <inheritdoc />
    public string RawType(int ordinal) => _types[ordinal].ToString();

    /// <inheritdoc />
    public bool IsUtf8Text(int ordinal) => _types[ordinal] is PostgresType.Text or PostgresType.Json;

    /// <inheritdoc />
    /// <remarks>
    /// Blocks on the socket when the buffer runs dry: for a CPU-bound consumer on its own thread (the profiler) that
    /// costs less than an asynchronous continuation per buffer, which hops threads and wakes spinning pool workers.
    /// </remarks>
    public override bool Read()
    {
        if (!BeginRow()) return false;
        while (true)
        {
            var parsed = TryParse();
            if (parsed != 0) return Advance(parsed);
            if (!Fill(_end - _start + 1)) throw Truncated();
        }
    }

    /// <inheritdoc />
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        // Most rows are already in the buffer: answer without an async state machine (the Task<bool> results are cached).
        if (_headerRead && !_done)
        {
            _row++;
            var parsed = TryParse();
            if (parsed != 0) return Advance(parsed) ? TrueTask : FalseTask;
        }
        return ReadSlowAsync(cancellationToken);
    }

    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);

    private async Task<bool> ReadSlowAsync(CancellationToken cancellationToken)
    {
        if (_done) return false;
        _row++;
        if (!_headerRead)
        {
            if (!await FillAsync(19, cancellationToken).ConfigureAwait(false)) throw Truncated();
            var extension = ReadHeader();
            if (!await FillAsync(extension, cancellationToken).ConfigureAwait(false)) throw Truncated();
            _start += extension;
            _headerRead = true;
        }
        while (true)
        {
            var parsed = TryParse();
            if (parsed != 0) return Advance(parsed);
            // Incomplete tuple: bring more bytes (growing the buffer for a tuple larger than it).
            if (!await FillAsync(_end - _start + 1, cancellationToken).ConfigureAwait(false)) throw Truncated();
        }
    }

    // Clears the row state and reads the file header on the first row; false once the trailer was read.
    private bool BeginRow()
    {
        if (_done) return false;
        _row++;
        if (!_headerRead)
        {
            if (!Fill(19)) throw Truncated();
            var extension = ReadHeader();
            if (!Fill(extension)) throw Truncated();
            _start += extension;
            _headerRead = true;
        }
        return true;
    }

    // Skips the 19-byte signature, flags and extension length; returns the extension length.
    private int ReadHeader()
    {
        var extension = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 15));
        _start += 19;
        return extension;
    }

    // Moves past a parsed tuple (true) or marks the end at the trailer (false).
    private bool Advance(int parsed)
    {
        if (parsed < 0)
        {
            _done = true;
            return false;
        }
        _start += parsed;
        return true;
    }

    // Bytes consumed by one complete tuple at _start, 0 when incomplete, -1 at the trailer. Offsets point into _buffer.
    private int TryParse()
    {
        var span = _buffer.AsSpan(_start, _end - _start);
        if (span.Length < 2) return 0;
        var count = BinaryPrimitives.ReadInt16BigEndian(span);
        if (count == -1) return -1;
        if (count != _types.Length) throw new InvalidDataException($"COPY of {_table.Name} sent {count} fields for {_types.Length} columns");
        var at = 2;
        for (var i = 0; i < count; i++)
        {
            if (span.Length < at + 4) return 0;
            var length = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
            at += 4;
            _offsets[i] = _start + at;
            _lengths[i] = length;
            if (length > 0)
            {
                if (span.Length < at + length) return 0;
                at += length;
            }
        }
        return at;
    }

    // Ensures at least `needed` unread bytes from _start; false at the end of the stream.
    private bool Fill(int needed)
    {
        while (_end - _start < needed)
        {
            MakeRoom(needed);
            var read = _stream.Read(_buffer.AsSpan(_end));
            if (read == 0) return false;
            _end += read;
        }
        return true;
    }

    // As Fill, without blocking the thread.
    private async Task<bool> FillAsync(int needed, CancellationToken cancellationToken)
    {
        while (_end - _start < needed)
        {
            MakeRoom(needed);
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0) return false;
            _end += read;
        }
        return true;
    }

    // Moves the unread bytes to the front, growing the buffer when `needed` bytes would not fit.
    private void MakeRoom(int needed)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (needed > _buffer.Length) Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
    }

    private InvalidDataException Truncated() => new($"the COPY stream of {_table.Name} ended in the middle of a row");

    /// <inheritdoc />
    protected override object? Value(int ordinal)
    {
        if (_decodedRow[ordinal] == _row) return _decoded[ordinal];
        var value = _lengths[ordinal] < 0 ? null : PgBinary.Decode(_buffer.AsSpan(_offsets[ordinal], _lengths[ordinal]), _types[ordinal]);
        _decoded[ordinal] = value;
        _decodedRow[ordinal] = _row;
        return value;
    }

    /// <inheritdoc />
    public override bool IsClosed => _closed;
    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => _lengths[ordinal] < 0;
    /// <inheritdoc />
    public override double GetDouble(int ordinal) => _types[ordinal] switch
    {
        PostgresType.Double => BinaryPrimitives.ReadDoubleBigEndian(Field(ordinal)),
        PostgresType.Real => BinaryPrimitives.ReadSingleBigEndian(Field(ordinal)),
        _ => base.GetDouble(ordinal),
    };
    /// <inheritdoc />
    public override long GetInt64(int ordinal) => _types[ordinal] switch
    {
        // Typed reads decode straight from the bytes: no boxing on the profiler's hot path.
        PostgresType.Bigint => BinaryPrimitives.ReadInt64BigEndian(Field(ordinal)),
        PostgresType.Integer => BinaryPrimitives.ReadInt32BigEndian(Field(ordinal)),
        PostgresType.Smallint => BinaryPrimitives.ReadInt16BigEndian(Field(ordinal)),
        _ => base.GetInt64(ordinal),
    };
    /// <inheritdoc />
    public override string GetString(int ordinal) =>
        _decodedRow[ordinal] != _row && _types[ordinal] is PostgresType.Text or PostgresType.Json ? Utf8.GetString(Field(ordinal)) : base.GetString(ordinal);
    /// <inheritdoc />
    public override T GetFieldValue<T>(int ordinal)
    {
        // Dates and instants decode straight from the bytes (the JIT removes the casts through object for value types).
        if (_decodedRow[ordinal] != _row && _lengths[ordinal] >= 0)
        {
            if (typeof(T) == typeof(DateOnly) && _types[ordinal] == PostgresType.Date) return (T)(object)PgBinary.DecodeDay(Field(ordinal));
            if (typeof(T) == typeof(DateTimeOffset) && _types[ordinal] == PostgresType.TimestampTz) return (T)(object)PgBinary.DecodeInstant(Field(ordinal));
            if (typeof(T) == typeof(string) && _types[ordinal] is PostgresType.Text or PostgresType.Json) return (T)(object)Utf8.GetString(Field(ordinal));
        }
        return base.GetFieldValue<T>(ordinal);
    }

    private ReadOnlySpan<byte> Field(int ordinal) => _lengths[ordinal] < 0
        ? throw new InvalidCastException($"column {_table.Columns[ordinal].Name} is NULL in this row")
        : _buffer.AsSpan(_offsets[ordinal], _lengths[ordinal]);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_closed) return;
        _closed = true;
        // Leaving a COPY TO early must cancel it, or the connection stays busy.
        if (!_done && _copy is not null)
        {
            try
            {
                await _copy.CancelAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                // The connection is discarded by the caller's failure path anyway.
            }
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed) DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
