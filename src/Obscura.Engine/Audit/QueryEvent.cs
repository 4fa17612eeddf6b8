using System.Text.Json;
using Obscura.Engine.Audit.Internal;

namespace Obscura.Engine.Audit;

/// <summary>
/// <c>query</c>: one private query (or one <c>svt</c> run) — who asked (user and roles), the fingerprint of its SQL with the
/// literals removed, the tables and columns it touched, the mechanism, how it ended (<c>answered</c>, <c>rejected</c>,
/// <c>refused</c>, or <c>failed</c> when the database gave no answer), the ε and δ spent (0 unless answered), the reason's
/// code and message (with the query's literals redacted) and the duration. Never the SQL text, a literal or an answer.
/// </summary>
public sealed record QueryEvent : AuditEvent
{
    /// <summary>Creates the event.</summary>
    public QueryEvent(string command, string user, IReadOnlyList<string> roles, string outcome, double epsilon, double delta, string sqlFingerprint,
        IReadOnlyList<string> tables, IReadOnlyList<string> columns, string mechanism, string? reasonCode, string? reason, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(columns);
        Command = AuditText.Identifier(command, "command");
        User = AuditText.Bounded(user, "user", 200);
        Roles = roles.Select(r => AuditText.Bounded(r, "roles", 200)).ToList();
        Outcome = AuditText.Identifier(outcome, "outcome");
        Epsilon = epsilon;
        Delta = delta;
        SqlFingerprint = AuditText.Digest(sqlFingerprint, "sql_fingerprint");
        Tables = tables.Select(t => AuditText.Bounded(t, "tables", 400)).ToList();
        Columns = columns.Select(c => AuditText.Bounded(c, "columns", 400)).ToList();
        Mechanism = AuditText.Bounded(mechanism, "mechanism", 200);
        ReasonCode = reasonCode is null ? null : AuditText.Bounded(reasonCode, "reason_code", 16);
        Reason = reason is null ? null : AuditText.Bounded(reason.Length > 1000 ? reason[..1000] : reason, "reason");
        Elapsed = elapsed;
    }

    /// <summary><c>query</c> or <c>svt</c>.</summary>
    public string Command { get; }
    /// <summary>The user who asked.</summary>
    public string User { get; }
    /// <summary>The user's roles (empty when the user has none).</summary>
    public IReadOnlyList<string> Roles { get; }
    /// <summary>answered, rejected, refused or failed.</summary>
    public string Outcome { get; }
    /// <summary>ε spent (0 unless answered).</summary>
    public double Epsilon { get; }
    /// <summary>δ spent (0 unless answered).</summary>
    public double Delta { get; }
    /// <summary>16 hex digits identifying the query's shape (see Obscura.Core.Query.QueryFingerprint).</summary>
    public string SqlFingerprint { get; }
    /// <summary>Tables touched (empty when the query was rejected before they were resolved).</summary>
    public IReadOnlyList<string> Tables { get; }
    /// <summary>Columns touched (table.column).</summary>
    public IReadOnlyList<string> Columns { get; }
    /// <summary>The mechanism (laplace, gaussian, ..., none).</summary>
    public string Mechanism { get; }
    /// <summary>The OBS code of a rejection or refusal.</summary>
    public string? ReasonCode { get; }
    /// <summary>Why it was rejected or refused (literals of the query replaced by ?).</summary>
    public string? Reason { get; }
    /// <summary>Wall-clock duration.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc />
    public override string Type => "query";

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("command", Command);
        writer.WriteString("user", User);
        writer.WriteStartArray("roles");
        foreach (var r in Roles) writer.WriteStringValue(r);
        writer.WriteEndArray();
        writer.WriteString("outcome", Outcome);
        writer.WriteNumber("epsilon", Epsilon);
        writer.WriteNumber("delta", Delta);
        writer.WriteString("sql_fingerprint", SqlFingerprint);
        writer.WriteStartArray("tables");
        foreach (var t in Tables) writer.WriteStringValue(t);
        writer.WriteEndArray();
        writer.WriteStartArray("columns");
        foreach (var c in Columns) writer.WriteStringValue(c);
        writer.WriteEndArray();
        writer.WriteString("mechanism", Mechanism);
        if (ReasonCode is not null) writer.WriteString("reason_code", ReasonCode);
        if (Reason is not null) writer.WriteString("reason", Reason);
        writer.WriteNumber("seconds", Seconds(Elapsed));
    }
}
