namespace Obscura.Service.Store;

/// <summary>The store's copy of the audit lines about one target, for an operation's audit excerpt (every process's lines, no log file read).</summary>
public interface IAuditExcerptStore
{
    /// <summary>The indexed audit lines whose target is <paramref name="target"/>, by log then sequence number (one indexed query).</summary>
    IAsyncEnumerable<AuditExcerptLine> ReadAuditLinesAsync(string target, CancellationToken cancellationToken);
}
