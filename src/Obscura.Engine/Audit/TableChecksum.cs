using Obscura.Core.Schema;

namespace Obscura.Engine.Audit;

/// <summary>A table's row count and content checksum as recorded for a backup (the checksum is a hash, never content).</summary>
public sealed record TableChecksum(TableName Table, long Rows, string Checksum);
