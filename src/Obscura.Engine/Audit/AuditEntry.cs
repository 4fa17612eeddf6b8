namespace Obscura.Engine.Audit;

/// <summary>One line appended to the audit log: its sequence number in the chain and its hash (hex SHA-256).</summary>
public sealed record AuditEntry(long Sequence, string Type, string Hash);
