namespace Obscura.Service.Operations;

/// <summary>What changed between two versions of an operation's request (<c>GET /api/database-operations/{id}/diff</c>).</summary>
public sealed record RequestDiffView
{
    /// <summary>The operation.</summary>
    public required long OperationId { get; init; }
    /// <summary>The older version compared, or null when there is none (the first version: nothing to compare).</summary>
    public int? From { get; init; }
    /// <summary>The newer version compared.</summary>
    public required int To { get; init; }
    /// <summary>Why <see cref="From"/> was chosen: requested, approved_by_you, approved, previous, or none.</summary>
    public required string FromBasis { get; init; }
    /// <summary>Field-level changes: request fields, required roles and data sources.</summary>
    public required IReadOnlyList<FieldChange> Changes { get; init; }
    /// <summary>The config (obscura.yaml) line diff with a little context; empty when the config did not change.</summary>
    public required IReadOnlyList<ConfigDiffLine> Config { get; init; }
    /// <summary>True when nothing differs.</summary>
    public bool Identical => Changes.Count == 0;
}
