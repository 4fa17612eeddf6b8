using System.Text.Json;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Dump;

/// <summary>The JSON summary of a dump: per table rows, seconds, transformed columns; never values.</summary>
public sealed record DumpSummary
{
    /// <summary>Source URI without password.</summary>
    public required string Source { get; init; }
    /// <summary>The script file or the directory of per-table files.</summary>
    public required string Output { get; init; }
    /// <summary>sql, csv or parquet.</summary>
    public required string Format { get; init; }
    /// <summary>The script's dialect (SQL dumps only).</summary>
    public string? Dialect { get; init; }
    /// <summary>succeeded, failed or cancelled.</summary>
    public required string Status { get; init; }
    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; init; }
    /// <summary>Total rows written.</summary>
    public long Rows { get; init; }
    /// <summary>Per-table results, in the order written (target: the table in the script, or its file).</summary>
    public IReadOnlyList<TableSummary> Tables { get; init; } = [];
    /// <summary>The files written (none when the dump failed: partial files are deleted).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
    /// <summary>Warnings (type fallbacks, objects not dumped).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The error, when the run failed (no values, no secrets).</summary>
    public string? Error { get; init; }
    /// <summary>The subset dumped (per table, rows kept and why), or null for whole tables.</summary>
    public Subset.SubsetSummary? Subset { get; init; }

    /// <summary>The summary as JSON (snake_case, indented, as the copy summary).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CopySummary.JsonOptions);
}
