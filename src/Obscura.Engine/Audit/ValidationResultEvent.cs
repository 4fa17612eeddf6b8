using System.Text.Json;
using Obscura.Engine.Audit.Internal;
using Obscura.Engine.Validation;

namespace Obscura.Engine.Audit;

/// <summary><c>validation_result</c>: one check of a validation run, with counts (never the example keys or values).</summary>
public sealed record ValidationResultEvent : AuditEvent
{
    /// <summary>Creates the event.</summary>
    public ValidationResultEvent(string database, ValidationCheckKind check, ValidationStatus status, long checkedCount, long failures)
    {
        Database = AuditText.Bounded(database, "database");
        Check = check;
        Status = status;
        Checked = checkedCount;
        Failures = failures;
    }

    /// <summary>The validated database (URI without password).</summary>
    public string Database { get; }
    /// <summary>Which check.</summary>
    public ValidationCheckKind Check { get; }
    /// <summary>passed, failed or skipped.</summary>
    public ValidationStatus Status { get; }
    /// <summary>How many things were checked (tables, keys, columns, cells: see docs/validation.md).</summary>
    public long Checked { get; }
    /// <summary>How many failed.</summary>
    public long Failures { get; }

    /// <inheritdoc />
    public override string Type => "validation_result";

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("database", Database);
        writer.WriteString("check", AuditText.Snake(Check));
        writer.WriteString("status", AuditText.Snake(Status));
        writer.WriteNumber("checked", Checked);
        writer.WriteNumber("failures", Failures);
    }
}
