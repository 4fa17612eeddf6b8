using Obscura.Data;

namespace Obscura.Engine.Query;

/// <summary>One private query: where, under which policy, for whom, at what cost.</summary>
public sealed record QueryOptions
{
    /// <summary>The database to answer from.</summary>
    public required DatabaseUri Source { get; init; }
    /// <summary>The user asking (must have a role in the policy).</summary>
    public required string User { get; init; }
    /// <summary>The SQL.</summary>
    public required string Sql { get; init; }
    /// <summary>Total ε for the query (default: the role's epsilon_per_query).</summary>
    public double? Epsilon { get; init; }
    /// <summary>δ for the query (default: the role's delta_per_query).</summary>
    public double? Delta { get; init; }
}
