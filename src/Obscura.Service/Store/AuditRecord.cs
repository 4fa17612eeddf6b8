namespace Obscura.Service.Store;

/// <summary>
/// One service action as indexed for <c>GET /api/audit</c>; the authoritative copy is the line
/// <see cref="AuditSequence"/> (hash <see cref="AuditHash"/>) of the hash-chained audit log.
/// </summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string? Role, string Action, string? Target,
    string? RemoteAddress, string Outcome, long AuditSequence, string AuditHash)
{
    /// <summary>The log line itself, byte for byte as written (null for lines indexed before the store kept them).</summary>
    public string? Line { get; init; }

    /// <summary>Which log (chain) the line belongs to: <c>MACHINE:PATH</c> of the file (null for lines indexed before the store kept it).</summary>
    public string? Log { get; init; }
}
