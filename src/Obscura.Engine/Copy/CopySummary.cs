using System.Text.Json;
using System.Text.Json.Serialization;

namespace Obscura.Engine.Copy;

/// <summary>The JSON run summary: per table rows, seconds, transformed columns and strategies; never values.</summary>
public sealed record CopySummary
{
    /// <summary>Source URI without password.</summary>
    public required string Source { get; init; }
    /// <summary>Target URI without password.</summary>
    public required string Target { get; init; }
    /// <summary>succeeded, failed or cancelled.</summary>
    public required string Status { get; init; }
    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; init; }
    /// <summary>Total rows written.</summary>
    public long Rows { get; init; }
    /// <summary>Per-table results, in load order.</summary>
    public IReadOnlyList<TableSummary> Tables { get; init; } = [];
    /// <summary>Warnings (type fallbacks, skipped objects).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Views, triggers and routines: recreated or skipped, with why.</summary>
    public IReadOnlyList<ObjectSummary> Objects { get; init; } = [];
    /// <summary>The error, when the run failed (no values, no secrets).</summary>
    public string? Error { get; init; }
    /// <summary>The subset copied: rows kept per table and why; null for a whole-database copy.</summary>
    public Subset.SubsetSummary? Subset { get; init; }

    /// <summary>Serializer settings: snake_case, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The summary as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>One table's result.</summary>
public sealed record TableSummary
{
    /// <summary>Source table name.</summary>
    public required string Source { get; init; }
    /// <summary>Target table name.</summary>
    public required string Target { get; init; }
    /// <summary>copied, failed, or not_started.</summary>
    public required string Status { get; init; }
    /// <summary>Rows written.</summary>
    public long Rows { get; init; }
    /// <summary>Seconds spent loading.</summary>
    public double Seconds { get; init; }
    /// <summary>Rows per second.</summary>
    public double RowsPerSecond { get; init; }
    /// <summary>Columns transformed and how.</summary>
    public IReadOnlyList<TransformedColumnSummary> Transformed { get; init; } = [];
    /// <summary>Outputs on unique columns that repeated an earlier one and were replaced by a distinct alternative.</summary>
    public long CollisionsResolved { get; init; }
}

/// <summary>A transformed column in a summary.</summary>
public sealed record TransformedColumnSummary(string Column, string Strategy, string? PropagatedFrom);

/// <summary>A view, trigger or routine and what happened to it.</summary>
public sealed record ObjectSummary(string Name, string Kind, string Status, string? Reason);
