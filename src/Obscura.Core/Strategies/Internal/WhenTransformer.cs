namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>when</c>: tests the condition on the row's original value of the condition column, then applies the inner
/// <c>then</c> or <c>else</c> transformer (null: keep the value). Inner row-aware transformers get the row.
/// </summary>
internal sealed class WhenTransformer : IRowAwareTransformer, ICollisionRetry
{
    private readonly RowColumnSlot _column;
    private readonly WhenPredicate _predicate;
    private readonly IColumnTransformer? _then;
    private readonly IColumnTransformer? _else;

    public WhenTransformer(string column, WhenPredicate predicate, IColumnTransformer? then, IColumnTransformer? otherwise)
    {
        _column = new RowColumnSlot(column);
        _predicate = predicate;
        _then = then;
        _else = otherwise;
        var reads = new List<string> { column };
        foreach (var inner in (ReadOnlySpan<IColumnTransformer?>)[then, otherwise])
        {
            if (inner is not IRowAwareTransformer rowAware) continue;
            foreach (var name in rowAware.ReadsColumns) if (!reads.Contains(name)) reads.Add(name);
        }
        ReadsColumns = reads;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ReadsColumns { get; }

    /// <inheritdoc />
    public object? Transform(object? value) =>
        throw new InvalidOperationException("strategy 'when' reads another column: call it with the row");

    /// <inheritdoc />
    /// <remarks>Asks the branch that produced the value; a kept value (no branch) has no alternative.</remarks>
    public object? Retry(object? original, object? produced, int attempt, RowContext? row)
    {
        if (row is null) return null;
        var inner = _predicate.Test(_column.Original(row)) ? _then : _else;
        return inner is ICollisionRetry retry ? retry.Retry(original, produced, attempt, row) : null;
    }

    /// <inheritdoc />
    public object? Transform(object? value, RowContext row)
    {
        var inner = _predicate.Test(_column.Original(row)) ? _then : _else;
        return inner switch
        {
            null => value,
            IRowAwareTransformer rowAware => rowAware.Transform(value, row),
            _ => inner.Transform(value),
        };
    }
}
