using System.Text.Json;
using Obscura.Engine.Audit.Internal;

namespace Obscura.Engine.Audit;

/// <summary>
/// <c>service_action</c>: one request to the Obscura service — who (user name, or <c>anonymous</c>), in which role,
/// what (an action identifier such as <c>operation_approve</c>), on what (<c>operation:12</c>), from which address, and the
/// outcome (<c>ok</c>, <c>unauthenticated</c>, <c>forbidden</c>, <c>invalid</c>, <c>conflict</c>, <c>not_found</c>...).
/// Carries no request body, token, password or row value.
/// </summary>
public sealed record ServiceActionEvent : AuditEvent
{
    /// <summary>Creates the event; <paramref name="action"/> and <paramref name="outcome"/> are lower-case identifiers.</summary>
    public ServiceActionEvent(string actor, string? role, string action, string? target, string? remoteAddress, string outcome)
    {
        Actor = AuditText.Bounded(actor, "actor", 200);
        Role = role is null ? null : AuditText.Bounded(role, "role", 200);
        Action = AuditText.Identifier(action, "action");
        Target = target is null ? null : AuditText.Bounded(target, "target", 200);
        RemoteAddress = remoteAddress is null ? null : AuditText.Bounded(remoteAddress, "remote_address", 64);
        Outcome = AuditText.Identifier(outcome, "outcome");
    }

    /// <summary>The user name, or <c>anonymous</c>.</summary>
    public string Actor { get; }
    /// <summary>The role the user acted in (an approver role), or the user's roles joined by commas, or null.</summary>
    public string? Role { get; }
    /// <summary>What was asked.</summary>
    public string Action { get; }
    /// <summary>What it was asked on (<c>operation:12</c>, <c>data_source:ID</c>, <c>user:NAME</c>), or null.</summary>
    public string? Target { get; }
    /// <summary>The client's address.</summary>
    public string? RemoteAddress { get; }
    /// <summary>How it ended.</summary>
    public string Outcome { get; }

    /// <inheritdoc />
    public override string Type => "service_action";

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("actor", Actor);
        if (Role is not null) writer.WriteString("role", Role);
        writer.WriteString("action", Action);
        if (Target is not null) writer.WriteString("target", Target);
        if (RemoteAddress is not null) writer.WriteString("remote_address", RemoteAddress);
        writer.WriteString("outcome", Outcome);
    }
}
