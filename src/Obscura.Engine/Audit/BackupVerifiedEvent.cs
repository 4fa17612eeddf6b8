using System.Text.Json;
using Obscura.Data;
using Obscura.Engine.Audit.Internal;

namespace Obscura.Engine.Audit;

/// <summary><c>backup_verified</c>: the per-table row counts and checksums a backup was checked against.</summary>
public sealed record BackupVerifiedEvent : AuditEvent
{
    /// <summary>Creates the event.</summary>
    public BackupVerifiedEvent(DatabaseUri database, string location, bool passed, IReadOnlyList<TableChecksum> tables, string method = "listed")
    {
        Method = AuditText.Bounded(method, "method");
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(tables);
        Database = database.ToString();
        Location = AuditText.Bounded(location, "location");
        Passed = passed;
        foreach (var t in tables) AuditText.Digest(t.Checksum, "checksum");
        Tables = tables;
    }

    /// <summary>The database (URI without password).</summary>
    public string Database { get; }
    /// <summary>Where the backup is.</summary>
    public string Location { get; }
    /// <summary>How it was checked: restored (into a scratch database, compared table by table), copied (SQLite file, compared table by table) or listed (readable and complete only).</summary>
    public string Method { get; }
    /// <summary>True when every table matched.</summary>
    public bool Passed { get; }
    /// <summary>Per table: rows and checksum (hex).</summary>
    public IReadOnlyList<TableChecksum> Tables { get; }

    /// <inheritdoc />
    public override string Type => "backup_verified";

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("database", Database);
        writer.WriteString("location", Location);
        writer.WriteString("method", Method);
        writer.WriteBoolean("passed", Passed);
        writer.WriteStartArray("tables");
        foreach (var t in Tables)
        {
            writer.WriteStartObject();
            writer.WriteString("table", AuditText.Bounded(t.Table.ToString(), "table", 256));
            writer.WriteNumber("rows", t.Rows);
            writer.WriteString("checksum", t.Checksum);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
