using System.Data.Common;
using Obscura.Data;
using Obscura.Core.Schema;
using Obscura.Engine.Profiling.Internal;

namespace Obscura.Engine.Profiling;

/// <summary>
/// The sketches of every column of one table over one stream (the whole table or one key range): what
/// <see cref="ProfileService"/> runs per partition, public so other hosts (and benchmarks) can profile a reader they
/// already have. Memory is fixed per column (about 40 KiB) whatever the number of rows. Not thread-safe.
/// </summary>
public sealed class TableProfiler
{
    private readonly ColumnAccumulator[] _columns;

    /// <summary>Creates empty sketches for the table's columns.</summary>
    public TableProfiler(Table table)
    {
        Table = table;
        _columns = table.Columns.Select(c => Create(c, IsAloneUnique(table, c.Name))).ToArray();
    }

    /// <summary>The table.</summary>
    public Table Table { get; }

    /// <summary>Rows read.</summary>
    public long Rows { get; private set; }

    /// <summary>Reads every remaining row of <paramref name="reader"/>, whose columns are the table's, in order.</summary>
    /// <param name="reader">The open reader.</param>
    /// <param name="dynamic">Read values as objects (engines whose values carry their own type per row: SQLite).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public async Task ReadAllAsync(DbDataReader reader, bool dynamic, CancellationToken cancellationToken = default)
    {
        var plan = Bind(reader, dynamic);
        var rows = 0L;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows++;
            ReadRow(reader, plan);
        }
        Rows += rows;
    }

    /// <summary>
    /// Reads every remaining row of <paramref name="reader"/> synchronously: the reading pass is CPU-bound, so a thread
    /// of its own that blocks while the driver waits for bytes costs less than an asynchronous continuation per buffer.
    /// </summary>
    /// <param name="reader">The open reader.</param>
    /// <param name="dynamic">Read values as objects (engines whose values carry their own type per row: SQLite).</param>
    /// <param name="cancellationToken">Checked between rows (every few thousand).</param>
    public void ReadAll(DbDataReader reader, bool dynamic, CancellationToken cancellationToken = default)
    {
        var plan = Bind(reader, dynamic);
        var rows = 0L;
        while (reader.Read())
        {
            rows++;
            ReadRow(reader, plan);
            if ((rows & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
        }
        Rows += rows;
    }

    private ReadPlan Bind(DbDataReader reader, bool dynamic)
    {
        var columns = _columns;
        for (var i = 0; i < columns.Length; i++) columns[i].Bind(reader, i, dynamic);
        // Columns whose raw bytes an accumulator reads directly (UTF-8 text from PostgreSQL) skip the driver's decoding.
        var raw = dynamic ? null : reader as IRawFieldReader;
        var direct = new bool[columns.Length];
        for (var i = 0; i < columns.Length; i++) direct[i] = raw is not null && columns[i].BindRaw(raw, i);
        return new ReadPlan(raw, direct);
    }

    private void ReadRow(DbDataReader reader, ReadPlan plan)
    {
        var columns = _columns;
        var direct = plan.Direct;
        for (var i = 0; i < columns.Length; i++)
        {
            if (direct[i] && plan.Raw!.TryGetRaw(i, out var bytes, out var isNull))
            {
                if (isNull) columns[i].AddNull();
                else columns[i].ReadRaw(bytes);
            }
            else
            {
                columns[i].Read(reader, i);
            }
        }
    }

    private sealed record ReadPlan(IRawFieldReader? Raw, bool[] Direct);

    /// <summary>Adds another stream's sketches of the same table (another key range).</summary>
    public void Merge(TableProfiler other)
    {
        Rows += other.Rows;
        for (var i = 0; i < _columns.Length; i++) _columns[i].Merge(other._columns[i]);
    }

    /// <summary>The column profiles; <paramref name="isPii"/> decides which withhold values.</summary>
    public IReadOnlyList<ColumnProfile> ToProfiles(Func<TableName, string, bool> isPii, ProfileOptions options) =>
        _columns.Select(c => c.ToProfile(Rows, isPii(Table.Name, c.Column.Name), options)).ToList();

    private static ColumnAccumulator Create(Column column, bool unique) => column.TypeClass switch
    {
        TypeClass.Integer => new IntegerAccumulator(column, unique),
        TypeClass.Decimal => new DecimalAccumulator(column, unique),
        TypeClass.Float => new FloatAccumulator(column, unique),
        TypeClass.Boolean => new BooleanAccumulator(column, unique),
        TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Time => new TemporalAccumulator(column, unique),
        TypeClass.Uuid => new UuidAccumulator(column, unique),
        TypeClass.Binary => new BinaryAccumulator(column, unique),
        _ => new TextAccumulator(column, unique),
    };

    // Only the primary key and unique constraints count: a unique index may be partial (unique only WHERE ...).
    private static bool IsAloneUnique(Table table, string column)
    {
        if (table.PrimaryKey is { Columns: [var key] } && string.Equals(key, column, StringComparison.Ordinal)) return true;
        foreach (var u in table.UniqueKeys)
        {
            if (u.Columns is [var only] && string.Equals(only, column, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
