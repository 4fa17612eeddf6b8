using Obscura.Data;

namespace Obscura.Engine.Schema;

/// <summary>What <c>obscura schema sync</c> works on.</summary>
public sealed record SchemaSyncOptions
{
    /// <summary>The database whose schema is wanted.</summary>
    public required DatabaseUri Source { get; init; }
    /// <summary>The database to create or update.</summary>
    public required DatabaseUri Target { get; init; }
    /// <summary>Only these source tables (empty: all; then target tables the source lacks count as extra).</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];
    /// <summary>Plan only: print the DDL, change nothing.</summary>
    public bool DryRun { get; init; }
    /// <summary>Also drop what the source lacks and make changes that can lose data (narrowing types).</summary>
    public bool AllowDrop { get; init; }
}

/// <summary>One change to the target: its kind, the table, why, and the statements in the target's SQL.</summary>
/// <param name="Kind">create_schema, create_table, add_column, alter_column, add_primary_key, add_unique, add_index, add_foreign_key, drop_foreign_key, drop_index, drop_unique, drop_column, drop_table.</param>
/// <param name="Table">The target table (or schema) it concerns.</param>
/// <param name="Reason">A human sentence: what differs.</param>
/// <param name="Statements">The DDL, in order.</param>
public sealed record SchemaSyncStep(string Kind, string Table, string Reason, IReadOnlyList<string> Statements);

/// <summary>The ordered changes a sync makes, and what it leaves alone and why.</summary>
public sealed record SchemaSyncPlan
{
    /// <summary>Source provider.</summary>
    public required string SourceProvider { get; init; }
    /// <summary>Target provider.</summary>
    public required string TargetProvider { get; init; }
    /// <summary>Changes in the order they run: schemas, drops of extra constraints, tables, columns, keys and indexes, foreign keys, drops of columns and tables.</summary>
    public required IReadOnlyList<SchemaSyncStep> Steps { get; init; }
    /// <summary>Target objects the source lacks (or narrowing changes) left in place because --allow-drop was not given.</summary>
    public required IReadOnlyList<string> Kept { get; init; }
    /// <summary>Differences the sync cannot make safely or the engine cannot make in place (with the reason and what to do).</summary>
    public required IReadOnlyList<string> NotApplied { get; init; }
    /// <summary>Lossy type mappings and other notes (never values).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>True when the target already matches: nothing to run.</summary>
    public bool IsEmpty => Steps.Count == 0;
}

/// <summary>The outcome: the plan, how many steps ran, and the failure if one did not.</summary>
/// <param name="Plan">The plan.</param>
/// <param name="StepsRun">Steps that ran and stayed applied (0 for a dry run, and after a rolled-back transaction).</param>
/// <param name="Failure">Why the run stopped, or null.</param>
public sealed record SchemaSyncResult(SchemaSyncPlan Plan, int StepsRun, Exception? Failure)
{
    /// <summary>True when every step ran (or, for a dry run, the plan was made).</summary>
    public bool Succeeded => Failure is null;
}
