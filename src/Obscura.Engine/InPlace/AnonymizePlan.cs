using Obscura.Core.Config;
using Obscura.Core.Schema;

namespace Obscura.Engine.InPlace;

/// <summary>How one table is changed in place.</summary>
public enum InPlaceMethod
{
    /// <summary>The new values of the transformed columns are staged, then one <c>UPDATE ... FROM</c> joins on the primary key.</summary>
    Update,
    /// <summary>
    /// Whole new rows are staged, then the table's rows are deleted and the staged ones inserted in the same
    /// transaction: used when a changed column is in a primary key or unique constraint (an UPDATE would collide
    /// with values not yet changed) or when the table has no primary key to join on.
    /// </summary>
    Rewrite,
}

/// <summary>One table's part of the plan.</summary>
public sealed record InPlaceTable(Table Table, IReadOnlyList<Core.Strategies.ColumnTransform> Transforms, InPlaceMethod Method)
{
    /// <summary>Why this method (for the dry-run listing).</summary>
    public string Reason => Method == InPlaceMethod.Update
        ? "update joined on the primary key"
        : Table.PrimaryKey is null ? "rewrite: no primary key to join on" : "rewrite: a changed column is part of a key or unique constraint";
}

/// <summary>One database's part of the plan.</summary>
public sealed record InPlaceDatabase(string Name, DatabaseEndpoint Endpoint, Catalog Catalog, TransformPlan Plan, IReadOnlyList<InPlaceTable> Tables);
