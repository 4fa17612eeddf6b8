using System.Text.Json;
using Obscura.Data;
using Obscura.Engine.Audit.Internal;

namespace Obscura.Engine.Audit;

/// <summary><c>restore</c>: a database restored from a backup, why, and how it ended.</summary>
public sealed record RestoreEvent : AuditEvent
{
    /// <summary>Creates the event; <paramref name="reason"/> is an identifier such as requested, run_failed, validation_failed.</summary>
    public RestoreEvent(DatabaseUri database, string location, string reason, AuditOutcome outcome, int tables, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database.ToString();
        Location = AuditText.Bounded(location, "location");
        Reason = AuditText.Identifier(reason, "reason");
        Outcome = outcome;
        Tables = tables;
        Elapsed = elapsed;
    }

    /// <summary>The database (URI without password).</summary>
    public string Database { get; }
    /// <summary>The backup restored from.</summary>
    public string Location { get; }
    /// <summary>requested, run_failed, validation_failed, interrupted...</summary>
    public string Reason { get; }
    /// <summary>How the restore ended.</summary>
    public AuditOutcome Outcome { get; }
    /// <summary>Tables restored.</summary>
    public int Tables { get; }
    /// <summary>Time taken.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc />
    public override string Type => "restore";

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("database", Database);
        writer.WriteString("location", Location);
        writer.WriteString("reason", Reason);
        writer.WriteString("outcome", AuditText.Snake(Outcome));
        writer.WriteNumber("tables", Tables);
        writer.WriteNumber("seconds", Seconds(Elapsed));
    }
}
