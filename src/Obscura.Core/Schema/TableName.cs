namespace Obscura.Core.Schema;

/// <summary>A schema-qualified table name. <see cref="Schema"/> is null where the engine has no schemas.</summary>
public readonly record struct TableName(string? Schema, string Name) : IComparable<TableName>
{
    /// <summary>"schema.name", or "name" when there is no schema. Used in config keys, logs and reports.</summary>
    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";

    /// <inheritdoc />
    public int CompareTo(TableName other)
    {
        var c = string.CompareOrdinal(Schema, other.Schema);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }
}
