using Obscura.Core.Schema;

namespace Obscura.Engine.Discovery;

/// <summary>
/// The verdict on one column: the kind of personal data it holds (null when none), how sure the scan is, why, and how
/// many rows were sampled. <see cref="Evidence"/> names rules and shares of values, never a value.
/// </summary>
/// <param name="Table">The table.</param>
/// <param name="Column">The column's name.</param>
/// <param name="Kind">Report name of the kind (<c>email</c>, <c>first_name</c>, <c>date_of_birth</c>...; see <see cref="Core.Discovery.Detection.ColumnKinds"/>), or null.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Evidence">Name rule, shares of sampled values per validator, or the key it follows.</param>
/// <param name="Sampled">Rows sampled from the table.</param>
public sealed record ColumnFinding(TableName Table, string Column, string? Kind, double Confidence, string Evidence, int Sampled)
{
    /// <summary>True when the column holds personal data.</summary>
    public bool IsPii => Kind is not null;
}
