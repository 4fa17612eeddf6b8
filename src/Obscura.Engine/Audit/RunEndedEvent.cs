using System.Text.Json;
using Obscura.Engine.Audit.Internal;

namespace Obscura.Engine.Audit;

/// <summary><c>run_ended</c>: the outcome, the duration and, on failure, the kind of error (never its message).</summary>
public sealed record RunEndedEvent : AuditEvent
{
    /// <summary>Creates the event; <paramref name="errorKind"/> is an identifier such as config, database, validation, internal.</summary>
    public RunEndedEvent(string command, AuditOutcome outcome, TimeSpan elapsed, string? errorKind = null)
    {
        Command = AuditText.Identifier(command, "command");
        Outcome = outcome;
        Elapsed = elapsed;
        ErrorKind = errorKind is null ? null : AuditText.Identifier(errorKind, "error_kind");
    }

    /// <summary>The command that ran.</summary>
    public string Command { get; }
    /// <summary>How it ended.</summary>
    public AuditOutcome Outcome { get; }
    /// <summary>Wall-clock duration.</summary>
    public TimeSpan Elapsed { get; }
    /// <summary>config, database, validation, internal... or null.</summary>
    public string? ErrorKind { get; }

    /// <inheritdoc />
    public override string Type => "run_ended";

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("command", Command);
        writer.WriteString("outcome", AuditText.Snake(Outcome));
        writer.WriteNumber("seconds", Seconds(Elapsed));
        if (ErrorKind is not null) writer.WriteString("error_kind", ErrorKind);
    }
}
