namespace Obscura.Core.Query.Policy;

/// <summary>A private table of the policy.</summary>
public sealed record PolicyTable
{
    /// <summary>The key as written (<c>schema.table</c> or <c>table</c>).</summary>
    public required string Key { get; init; }
    /// <summary>The schema part of the key, when given.</summary>
    public string? Schema { get; init; }
    /// <summary>The table part of the key.</summary>
    public required string Name { get; init; }
    /// <summary>The column that identifies a person; null for row-level privacy (each row is one person).</summary>
    public string? PrivacyUnit { get; init; }
    /// <summary>Rows per person kept before aggregation.</summary>
    public int MaxContributions { get; init; } = 1;
    /// <summary>The declared columns.</summary>
    public IReadOnlyList<PolicyColumn> Columns { get; init; } = [];
    /// <summary>Line of the key in the policy file.</summary>
    public int Line { get; init; }

    /// <summary>The declared column with this name (case-insensitive, as unquoted SQL names), or null.</summary>
    public PolicyColumn? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True when this entry describes the table <paramref name="schema"/>.<paramref name="name"/>, comparing names the way an
    /// unquoted SQL name resolves (case-insensitively); a key without a schema matches the table in any schema.
    /// </summary>
    public bool Describes(string? schema, string name) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase)
        && (Schema is null || schema is null || string.Equals(Schema, schema, StringComparison.OrdinalIgnoreCase));
}
