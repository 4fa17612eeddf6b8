namespace Obscura.Core.Strategies;

/// <summary>
/// A transformer that can offer another output when its first one collides on a unique column. The engine keeps a
/// fingerprint of every value written to the column and asks for attempt 1, 2, ... until one is new, so the choice
/// is deterministic for a given input and read order. Text strategies implement this (a salted re-derivation);
/// numbers, dates and times without it are moved to a neighbouring value by <see cref="CollisionNudge"/>.
/// </summary>
public interface ICollisionRetry
{
    /// <summary>
    /// Alternative number <paramref name="attempt"/> (1, 2, ...) for <paramref name="original"/>, whose output
    /// <paramref name="produced"/> collided; must fit the column like any output. Null when no alternative exists.
    /// <paramref name="row"/> is the row for row-aware transformers (null otherwise).
    /// </summary>
    object? Retry(object? original, object? produced, int attempt, RowContext? row);
}
