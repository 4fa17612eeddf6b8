namespace Obscura.Engine.InPlace;

/// <summary>The outcome of <c>obscura anonymize</c>: per database and table, never a value.</summary>
public sealed record AnonymizeResult
{
    /// <summary>succeeded, planned (dry run), skipped (already complete with --resume), failed.</summary>
    public required string Status { get; init; }
    /// <summary>The run's id (recorded in each database's state table).</summary>
    public required string RunId { get; init; }
    /// <summary>SHA-256 of the normalized configuration.</summary>
    public required string ConfigFingerprint { get; init; }
    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; init; }
    /// <summary>Seconds reading, transforming and staging the new values (all databases).</summary>
    public double StageSeconds { get; init; }
    /// <summary>Seconds switching the data in the databases' transactions, checks and commits included.</summary>
    public double SwitchSeconds { get; init; }
    /// <summary>Seconds validating after the commit (leakage scan included).</summary>
    public double ValidationSeconds { get; init; }
    /// <summary>Per database.</summary>
    public IReadOnlyList<AnonymizedDatabase> Databases { get; init; } = [];
    /// <summary>The error, when the run failed (every database was left as it was).</summary>
    public string? Error { get; init; }
}

/// <summary>One database's outcome.</summary>
public sealed record AnonymizedDatabase(string Name, string Uri, string Status, IReadOnlyList<AnonymizedTable> Tables);

/// <summary>One table's outcome (rows changed, method, seconds to stage).</summary>
public sealed record AnonymizedTable(string Table, string Method, string Reason, long RowEstimate, IReadOnlyList<string> Columns, long Rows, double Seconds);
