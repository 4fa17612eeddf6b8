namespace Obscura.Data.Postgres.Internal;

/// <summary>Re-targets a <c>pg_get_indexdef</c> statement at another (quoted, qualified) table name.</summary>
internal static class IndexDefinition
{
    /// <summary>
    /// Replaces the table in <c>CREATE [UNIQUE] INDEX name ON [ONLY] table USING ...</c> with <paramref name="qualifiedTable"/>
    /// and drops <c>ONLY</c> (the target table is never partitioned). Returns null when the text has another shape.
    /// </summary>
    public static string? Retarget(string definition, string qualifiedTable)
    {
        var position = 0;
        if (!SqlIdentifiers.SkipKeyword(definition, ref position, "CREATE")) return null;
        SqlIdentifiers.SkipKeyword(definition, ref position, "UNIQUE");
        if (!SqlIdentifiers.SkipKeyword(definition, ref position, "INDEX")) return null;
        if (SqlIdentifiers.ReadIdentifier(definition, ref position) is null) return null;
        if (position >= definition.Length || definition[position] != ' ') return null;
        position++;
        if (!SqlIdentifiers.SkipKeyword(definition, ref position, "ON")) return null;
        var head = definition[..position];
        SqlIdentifiers.SkipKeyword(definition, ref position, "ONLY");
        if (SqlIdentifiers.ReadQualifiedName(definition, ref position) is null) return null;
        if (string.Compare(definition, position, " USING ", 0, 7, StringComparison.Ordinal) != 0) return null;
        return head + qualifiedTable + definition[position..];
    }
}
