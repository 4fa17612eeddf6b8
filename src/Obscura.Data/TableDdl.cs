namespace Obscura.Data;

/// <summary>
/// The statements that build one table in a target, split by phase: the engine runs <see cref="Create"/>
/// before loading, <see cref="AfterLoad"/> (primary key, uniques, indexes, checks) after all rows are in,
/// then <see cref="ForeignKeys"/> once every table is built, and <see cref="Finish"/> last (identity/sequence reset).
/// A dialect that cannot add a constraint later (SQLite) declares it inline in <see cref="Create"/> instead.
/// </summary>
public sealed record TableDdl(
    string Create,
    IReadOnlyList<string> AfterLoad,
    IReadOnlyList<string> ForeignKeys,
    IReadOnlyList<string> Finish)
{
    /// <summary>
    /// Index builds that may run at the same time as each other and as other tables' (each takes only a share lock),
    /// run after the load and before <see cref="AfterLoad"/> — which can then attach them as constraints cheaply.
    /// </summary>
    public IReadOnlyList<string> ConcurrentIndexes { get; init; } = [];
}
