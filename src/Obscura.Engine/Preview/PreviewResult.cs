using Obscura.Core.Schema;

namespace Obscura.Engine.Preview;

/// <summary>A masked preview: how each column is shown and the rows (values already masked; withheld columns null).</summary>
/// <param name="Table">The table.</param>
/// <param name="Columns">One entry per column, in table order.</param>
/// <param name="Rows">The rows, one value per column.</param>
public sealed record PreviewResult(TableName Table, IReadOnlyList<PreviewColumn> Columns, IReadOnlyList<object?[]> Rows);
