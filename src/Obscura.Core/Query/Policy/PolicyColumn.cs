namespace Obscura.Core.Query.Policy;

/// <summary>A column of a policy table: its type, bounds (numbers), whether it identifies the person, and an optional public domain.</summary>
public sealed record PolicyColumn
{
    /// <summary>The column name as written in the policy.</summary>
    public required string Name { get; init; }
    /// <summary>The declared type.</summary>
    public PolicyColumnType Type { get; init; } = PolicyColumnType.String;
    /// <summary>Lower bound of a numeric column (values below are clamped).</summary>
    public double? Lower { get; init; }
    /// <summary>Upper bound of a numeric column (values above are clamped).</summary>
    public double? Upper { get; init; }
    /// <summary>True for a column that identifies a person: never in the output, nor grouped or aggregated (except COUNT(DISTINCT)).</summary>
    public bool PrivateId { get; init; }
    /// <summary>
    /// The column's public domain (every value it may take), when declared: GROUP BY keys from it are released for every
    /// value (missing ones with a noisy zero) instead of only above the τ-threshold.
    /// </summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>True for a numeric column with both bounds.</summary>
    public bool IsBounded => Lower is not null && Upper is not null;
    /// <summary>True for int and float columns.</summary>
    public bool IsNumeric => Type is PolicyColumnType.Int or PolicyColumnType.Float;
}
