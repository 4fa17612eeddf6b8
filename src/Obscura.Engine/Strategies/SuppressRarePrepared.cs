using Obscura.Core.Strategies;

namespace Obscura.Engine.Strategies;

/// <summary>The frequent values of one column (at most N/k of them), shared read-only by every stream.</summary>
internal sealed class SuppressRarePrepared(HashSet<object> frequent, object? placeholder) : IPreparedColumn
{
    /// <summary>Number of values kept (for tests and summaries).</summary>
    public int FrequentCount => frequent.Count;

    public IColumnTransformer CreateTransformer() => new SuppressRareTransformer(frequent, placeholder);

    public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
