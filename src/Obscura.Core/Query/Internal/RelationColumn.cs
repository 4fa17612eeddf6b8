using Obscura.Core.Query.Policy;

namespace Obscura.Core.Query.Internal;

/// <summary>A column visible in a FROM scope, with what the policy says about it.</summary>
internal sealed record RelationColumn
{
    /// <summary>The exposed table name or alias that qualifies it.</summary>
    public required string Qualifier { get; init; }
    /// <summary>The column name as the query sees it.</summary>
    public required string Name { get; init; }
    /// <summary>SQL that refers to it in the rewritten FROM (quoted alias.column).</summary>
    public required string Sql { get; init; }
    /// <summary>Bounds (declared or derived), when known.</summary>
    public Interval? Bounds { get; init; }
    /// <summary>Why there are no bounds (for messages).</summary>
    public string? UnboundedReason { get; init; }
    public ValueKind Kind { get; init; } = ValueKind.Other;
    public DataClass Class { get; init; } = DataClass.Confidential;
    /// <summary>True for a person-identifying column (the privacy unit or another private_id).</summary>
    public bool PrivateId { get; init; }
    /// <summary>True for the privacy unit of this scope.</summary>
    public bool IsUnit { get; init; }
    /// <summary>True for a column the query cannot name (the hidden unit of a derived table).</summary>
    public bool Hidden { get; init; }
    /// <summary>Where it comes from (table.column), for messages and the audit.</summary>
    public required string Origin { get; init; }
    /// <summary>The declared public domain, if any.</summary>
    public IReadOnlyList<string>? Domain { get; init; }
    /// <summary>Which restricted rule matched (for messages).</summary>
    public string? RestrictedBy { get; init; }
}
