namespace Obscura.Core.Schema;

/// <summary>The provider-neutral picture of one database: what <c>obscura inspect</c> writes as JSON.</summary>
public sealed record Catalog
{
    /// <summary>Provider name: sqlite, postgres or mysql.</summary>
    public required string Provider { get; init; }
    /// <summary>Server version string.</summary>
    public string? ServerVersion { get; init; }
    /// <summary>Database name (file name for SQLite).</summary>
    public required string Database { get; init; }
    /// <summary>The schema plain table names belong to (public, main, or the database itself).</summary>
    public string? DefaultSchema { get; init; }
    /// <summary>Schemas that hold at least one inspected object.</summary>
    public IReadOnlyList<string> Schemas { get; init; } = [];
    /// <summary>Base tables.</summary>
    public required IReadOnlyList<Table> Tables { get; init; }
    /// <summary>Views (and materialized views), with definitions in the engine's SQL.</summary>
    public IReadOnlyList<DatabaseObject> Views { get; init; } = [];
    /// <summary>Triggers.</summary>
    public IReadOnlyList<DatabaseObject> Triggers { get; init; } = [];
    /// <summary>Functions and procedures.</summary>
    public IReadOnlyList<DatabaseObject> Routines { get; init; } = [];
    /// <summary>Sequences not owned by an identity column (PostgreSQL).</summary>
    public IReadOnlyList<DatabaseObject> Sequences { get; init; } = [];

    /// <summary>Finds a table by name: exact schema+name, or by name alone when unique across schemas.</summary>
    public Table? FindTable(string reference)
    {
        foreach (var t in Tables) if (t.Name.ToString() == reference) return t;
        Table? found = null;
        foreach (var t in Tables)
        {
            if (t.Name.Name != reference) continue;
            if (found is not null)
            {
                // Prefer the default schema when a bare name is ambiguous.
                if (t.Name.Schema == DefaultSchema) found = t;
                else if (found.Name.Schema != DefaultSchema) return null;
                continue;
            }
            found = t;
        }
        return found;
    }

    /// <summary>Finds a table by its exact qualified name.</summary>
    public Table? FindTable(TableName name)
    {
        foreach (var t in Tables) if (t.Name == name) return t;
        return null;
    }
}

/// <summary>A view, trigger, routine or sequence: name, kind and the engine's own definition.</summary>
public sealed record DatabaseObject
{
    /// <summary>Qualified name.</summary>
    public required TableName Name { get; init; }
    /// <summary>view, materialized_view, trigger, function, procedure, sequence.</summary>
    public required string Kind { get; init; }
    /// <summary>For triggers: the table it fires on.</summary>
    public TableName? Table { get; init; }
    /// <summary>Full CREATE statement (or body) in the engine's SQL, when the engine exposes it.</summary>
    public string? Definition { get; init; }
}
