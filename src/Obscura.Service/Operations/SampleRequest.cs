namespace Obscura.Service.Operations;

/// <summary>The <c>sample</c> part of a <c>sample</c> request, as the options of <c>obscura sample</c>.</summary>
public sealed record SampleRequest
{
    /// <summary>The table to sample (<c>schema.table</c> or a unique bare name).</summary>
    public string? Table { get; init; }
    /// <summary>Rows to pick.</summary>
    public int? Size { get; init; }
    /// <summary>Share of each strategy, as <c>--mix</c> (e.g. <c>anomaly=30,boundary=20,risk=10,random=40</c>).</summary>
    public string? Mix { get; init; }
    /// <summary>A column whose values get proportional shares, as <c>--stratify</c>.</summary>
    public string? Stratify { get; init; }
    /// <summary>Seed of every random choice (default 0).</summary>
    public long? Seed { get; init; }
    /// <summary>Files written without a target: csv (default) or parquet.</summary>
    public string? Format { get; init; }
}
