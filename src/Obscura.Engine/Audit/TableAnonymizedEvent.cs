using System.Text.Json;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Audit.Internal;

namespace Obscura.Engine.Audit;

/// <summary><c>table_anonymized</c>: one table of one database, the columns changed, rows changed and the time taken.</summary>
public sealed record TableAnonymizedEvent : AuditEvent
{
    /// <summary>Creates the event.</summary>
    public TableAnonymizedEvent(DatabaseUri database, TableName table, IReadOnlyList<string> columns, long rowsChanged, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(columns);
        Database = database.ToString();
        Table = AuditText.Bounded(table.ToString(), "table", 256);
        Columns = columns.Select(c => AuditText.Bounded(c, "columns", 256)).ToList();
        RowsChanged = rowsChanged;
        Elapsed = elapsed;
    }

    /// <summary>The database (URI without password).</summary>
    public string Database { get; }
    /// <summary>The table.</summary>
    public string Table { get; }
    /// <summary>The transformed columns (names only).</summary>
    public IReadOnlyList<string> Columns { get; }
    /// <summary>Rows written.</summary>
    public long RowsChanged { get; }
    /// <summary>Time taken.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc />
    public override string Type => "table_anonymized";

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("database", Database);
        writer.WriteString("table", Table);
        writer.WriteStartArray("columns");
        foreach (var c in Columns) writer.WriteStringValue(c);
        writer.WriteEndArray();
        writer.WriteNumber("rows_changed", RowsChanged);
        writer.WriteNumber("seconds", Seconds(Elapsed));
    }
}
