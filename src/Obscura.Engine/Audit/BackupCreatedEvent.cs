using System.Text.Json;
using Obscura.Data;
using Obscura.Engine.Audit.Internal;

namespace Obscura.Engine.Audit;

/// <summary><c>backup_created</c>: which database was backed up, how, where, and how much.</summary>
public sealed record BackupCreatedEvent : AuditEvent
{
    /// <summary>Creates the event; <paramref name="method"/> is an identifier such as pg_dump, mariadb-dump, copy, file.</summary>
    public BackupCreatedEvent(DatabaseUri database, string method, string location, int tables, long rows, long bytes, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database.ToString();
        Method = AuditText.Identifier(method, "method");
        Location = AuditText.Bounded(location, "location");
        Tables = tables;
        Rows = rows;
        Bytes = bytes;
        Elapsed = elapsed;
    }

    /// <summary>The database (URI without password).</summary>
    public string Database { get; }
    /// <summary>pg_dump, mariadb-dump, copy, file...</summary>
    public string Method { get; }
    /// <summary>Where the backup is (a directory or file path).</summary>
    public string Location { get; }
    /// <summary>Tables in the backup.</summary>
    public int Tables { get; }
    /// <summary>Rows in the backup.</summary>
    public long Rows { get; }
    /// <summary>Size on disk.</summary>
    public long Bytes { get; }
    /// <summary>Time taken.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc />
    public override string Type => "backup_created";

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("database", Database);
        writer.WriteString("method", Method);
        writer.WriteString("location", Location);
        writer.WriteNumber("tables", Tables);
        writer.WriteNumber("rows", Rows);
        writer.WriteNumber("bytes", Bytes);
        writer.WriteNumber("seconds", Seconds(Elapsed));
    }
}
