namespace Obscura.Engine.Audit;

/// <summary>One line appended to the audit log: its sequence number in the chain and its hash (hex SHA-256).</summary>
public sealed record AuditEntry(long Sequence, string Type, string Hash)
{
    /// <summary>The line exactly as written to the log (UTF-8 JSON, without its newline), so a copy can be re-verified; empty when not known.</summary>
    public string Line { get; init; } = "";
}
