namespace Obscura.Service.Operations;

/// <summary>
/// The body of <c>POST /api/database-operations</c> (snake_case JSON), in the shape users already write. Never holds
/// a password: data sources are named by environment, name or id.
/// </summary>
public sealed record OperationRequest
{
    /// <summary>copy_full, copy_filtered, sync_schema, dump, scan, profile.</summary>
    public string? OperationType { get; init; }
    /// <summary>The source data source: its environment (when only one is in it), name or id.</summary>
    public string? SourceEnv { get; init; }
    /// <summary>The target data source (copy and sync_schema).</summary>
    public string? TargetEnv { get; init; }
    /// <summary>Only these tables; empty or absent: all.</summary>
    public IReadOnlyList<string>? Tables { get; init; }
    /// <summary>Apply the config's strategies (needs <see cref="Config"/>).</summary>
    public bool Anonymize { get; init; }
    /// <summary>copy_filtered: a SQL predicate per table in the source's dialect; referenced rows follow (docs/subset.md).</summary>
    public IReadOnlyDictionary<string, string>? Filter { get; init; }
    /// <summary>Tables loaded at once.</summary>
    public int? ParallelWorkers { get; init; }
    /// <summary>Approver roles the requester asks for, on top of the environment rules.</summary>
    public IReadOnlyList<string>? RequiredApprovers { get; init; }
    /// <summary>When to run (UTC); absent: as soon as it is executed.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }
    /// <summary>The obscura.yaml text.</summary>
    public string? Config { get; init; }
    /// <summary>dump: sql (default), csv or parquet.</summary>
    public string? Format { get; init; }
    /// <summary>copy: replace target tables that already hold rows.</summary>
    public bool DropExisting { get; init; }
    /// <summary>generate_sample: rows per table, scale, seed and locale.</summary>
    public GenerateSampleRequest? Generate { get; init; }
    /// <summary>sample: the table, size, mix, strata and seed.</summary>
    public SampleRequest? Sample { get; init; }
    /// <summary>A recurring refresh: a five-field cron expression (UTC); each due occurrence runs as its own operation.</summary>
    public string? Cron { get; init; }
    /// <summary>copy: validate the target after the copy and keep the validation report (default true).</summary>
    public bool? Validate { get; init; }
    /// <summary>Set by the service on each run of a recurring operation (the definition's id); refused in requests.</summary>
    public long? RunOf { get; init; }
}
