namespace Obscura.Service.Store;

/// <summary>
/// One indexed audit line: the log (<c>MACHINE:PATH</c>) and position in its chain, its hash, and the line as written.
/// <see cref="Log"/> and <see cref="Line"/> are null for lines indexed before the store kept them.
/// </summary>
public sealed record AuditExcerptLine(string? Log, long Sequence, string Hash, string? Line);
