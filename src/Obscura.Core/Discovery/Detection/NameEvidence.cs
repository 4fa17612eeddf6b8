namespace Obscura.Core.Discovery.Detection;

/// <summary>What a column's name (or comment) says: a kind, how sure the rule is (0..1), and the rule in words.</summary>
/// <param name="Kind">The kind the name points to.</param>
/// <param name="Score">Strength of the rule, 0..1, before any value evidence.</param>
/// <param name="Rule">The rule that matched, for the report (e.g. <c>first+name</c>).</param>
public readonly record struct NameEvidence(ColumnKind Kind, double Score, string Rule);
