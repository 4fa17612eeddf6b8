namespace Obscura.Service.Store;

/// <summary>
/// One service action as indexed for <c>GET /api/audit</c>; the authoritative copy is the line
/// <see cref="AuditSequence"/> (hash <see cref="AuditHash"/>) of the hash-chained audit log.
/// </summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string? Role, string Action, string? Target,
    string? RemoteAddress, string Outcome, long AuditSequence, string AuditHash);
