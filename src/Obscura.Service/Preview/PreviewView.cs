using Obscura.Engine.Preview;

namespace Obscura.Service.Preview;

/// <summary>The answer of <c>GET /api/data-sources/{id}/preview</c>.</summary>
/// <param name="DataSource">The data source id.</param>
/// <param name="Table">The table previewed.</param>
/// <param name="Classification">The data source's classification.</param>
/// <param name="Masking"><c>operation</c> (the operation's config, with the draft for personal data it leaves in clear where the rules need it) or <c>classification</c> (the scan's draft).</param>
/// <param name="OperationId">The operation whose config applies, or null.</param>
/// <param name="ClearTextGranted">True when the caller's role may see personal data of this classification in clear.</param>
/// <param name="Limit">Rows asked for, after the cap.</param>
/// <param name="Capped">True when the request asked for more than the cap.</param>
/// <param name="Columns">How each column is shown.</param>
/// <param name="Rows">The rows, one value per column.</param>
public sealed record PreviewView(
    string DataSource, string Table, string? Classification, string Masking, long? OperationId, bool ClearTextGranted, int Limit, bool Capped,
    IReadOnlyList<PreviewColumn> Columns, IReadOnlyList<object?[]> Rows);
