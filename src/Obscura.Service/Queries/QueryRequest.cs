namespace Obscura.Service.Queries;

/// <summary>The body of <c>POST /api/query</c>: the SQL, the data source to answer from, and optionally its cost.</summary>
public sealed record QueryRequest
{
    /// <summary>The data source by id or name.</summary>
    public string? DataSource { get; init; }
    /// <summary>The SQL (the query engine's dialect, as <c>obscura query</c>).</summary>
    public string? Sql { get; init; }
    /// <summary>Total ε for this query (default: the role's <c>epsilon_per_query</c>).</summary>
    public double? Epsilon { get; init; }
    /// <summary>δ for this query (default: the role's <c>delta_per_query</c>).</summary>
    public double? Delta { get; init; }
}
