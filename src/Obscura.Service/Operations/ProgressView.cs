namespace Obscura.Service.Operations;

/// <summary>
/// <c>GET /api/database-operations/{id}/progress</c>. <see cref="BytesTransferred"/> is an estimate (rows times a row
/// width worked out from the source's column types), flagged by <see cref="BytesEstimated"/>.
/// </summary>
public sealed record ProgressView
{
    /// <summary>The operation's status.</summary>
    public required string Status { get; init; }
    /// <summary>What the run is doing ("loading rows", "building indexes"...).</summary>
    public string? Phase { get; init; }
    /// <summary>Tables finished loading.</summary>
    public int TablesCompleted { get; init; }
    /// <summary>Tables to load (0 until the run has planned them).</summary>
    public int TablesTotal { get; init; }
    /// <summary>Rows written so far.</summary>
    public long RowsCopied { get; init; }
    /// <summary>Rows expected (the source's estimates until a table finishes, then its exact count).</summary>
    public long RowsTotal { get; init; }
    /// <summary>0 to 100.</summary>
    public double Percent { get; init; }
    /// <summary>A table loading now, or null.</summary>
    public string? CurrentTable { get; init; }
    /// <summary>Estimated bytes moved so far.</summary>
    public long BytesTransferred { get; init; }
    /// <summary>Always true: bytes are estimated, not counted on the wire.</summary>
    public bool BytesEstimated { get; init; } = true;
    /// <summary>Rows per second since loading began.</summary>
    public double RowsPerSecond { get; init; }
    /// <summary>Seconds left at the current rate, or null when unknown.</summary>
    public double? EtaSeconds { get; init; }
    /// <summary>Per table.</summary>
    public IReadOnlyList<TableProgressView> Tables { get; init; } = [];
}

/// <summary>One table's progress.</summary>
public sealed record TableProgressView(string Table, string Status, long RowsCopied, long RowsTotal, double Percent, string? Error);
