namespace Obscura.Core.Strategies;

/// <summary>
/// Implemented by a <see cref="StrategyDefinition"/> whose transformers need a look at the whole source column first
/// (e.g. value frequencies) or state that outlives one table stream (a token vault, a key mapping shared by every
/// table that references the key). The engine prepares each distinct binding once per run — a key and the foreign keys
/// that follow it share one binding, so they share one <see cref="IPreparedColumn"/> — before any row is written.
/// </summary>
public interface IColumnPreparation
{
    /// <summary>Prepares one binding: may query the source column and open stores. Runs before anything is written.</summary>
    Task<IPreparedColumn> PrepareAsync(StrategyBinding binding, IColumnSource source, CancellationToken cancellationToken);
}

/// <summary>Set-based questions about one source column, answered by the source database (never by reading the table into memory).</summary>
public interface IColumnSource
{
    /// <summary>Each distinct value of the column with its number of rows, only those with at least <paramref name="minCount"/> rows (GROUP BY ... HAVING in the source).</summary>
    IAsyncEnumerable<(object? Value, long Count)> ValueCountsAsync(long minCount, CancellationToken cancellationToken);
}

/// <summary>A prepared binding: creates the per-stream transformers and finishes the run's shared state.</summary>
public interface IPreparedColumn : IAsyncDisposable
{
    /// <summary>A transformer for one table stream (streams run in parallel: shared state must be thread-safe).</summary>
    IColumnTransformer CreateTransformer();

    /// <summary>Called once after every table loaded successfully (e.g. to commit new vault entries); not called on failure.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}
