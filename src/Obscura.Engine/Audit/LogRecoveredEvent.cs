using System.Text.Json;
using Obscura.Engine.Audit.Internal;

namespace Obscura.Engine.Audit;

/// <summary>
/// <c>log_recovered</c>: written by <see cref="AuditLog.Open"/> when the file ended in an incomplete line (a crash
/// mid-write). The torn bytes were cut off so the chain can continue; their size and SHA-256 stay on record.
/// </summary>
public sealed record LogRecoveredEvent : AuditEvent
{
    internal LogRecoveredEvent(long discardedBytes, string discardedSha256)
    {
        DiscardedBytes = discardedBytes;
        DiscardedSha256 = discardedSha256;
    }

    /// <summary>Length of the incomplete last line that was removed.</summary>
    public long DiscardedBytes { get; }
    /// <summary>SHA-256 (hex) of the removed bytes.</summary>
    public string DiscardedSha256 { get; }

    /// <inheritdoc />
    public override string Type => "log_recovered";

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteNumber("discarded_bytes", DiscardedBytes);
        writer.WriteString("discarded_sha256", DiscardedSha256);
    }
}
