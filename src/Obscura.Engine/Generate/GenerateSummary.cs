using System.Text.Json;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Generate;

/// <summary>The JSON run summary of <c>generate</c>: the shape of <see cref="CopySummary"/> plus the seed and locale; never values.</summary>
public sealed record GenerateSummary
{
    /// <summary>Where the schema came from (file name, or URI without password).</summary>
    public required string Source { get; init; }
    /// <summary>Target URI without password.</summary>
    public required string Target { get; init; }
    /// <summary>succeeded, failed or cancelled.</summary>
    public required string Status { get; init; }
    /// <summary>The seed that reproduces these rows.</summary>
    public long Seed { get; init; }
    /// <summary>The faker locale.</summary>
    public string Locale { get; init; } = "en";
    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; init; }
    /// <summary>Total rows written.</summary>
    public long Rows { get; init; }
    /// <summary>Per-table results (status <c>generated</c>, <c>failed</c>, <c>not_generated</c> or <c>dropped</c>).</summary>
    public IReadOnlyList<TableSummary> Tables { get; init; } = [];
    /// <summary>Warnings (type fallbacks, constraints not created, CHECKs not understood).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The error, when the run failed (no values).</summary>
    public string? Error { get; init; }

    /// <summary>The summary as JSON (snake_case, indented, as copy's).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CopySummary.JsonOptions);
}

/// <summary>The outcome of a generation: the summary and, when it failed, why.</summary>
public sealed record GenerateResult(GenerateSummary Summary, Exception? Failure)
{
    /// <summary>True when every table was generated and verified.</summary>
    public bool Succeeded => Failure is null;
}
