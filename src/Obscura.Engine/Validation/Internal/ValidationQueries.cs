using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Data;

namespace Obscura.Engine.Validation.Internal;

/// <summary>The set-based queries behind the checks (ANSI SQL with LIMIT, which every supported engine speaks).</summary>
internal static class ValidationQueries
{
    /// <summary>Keys of up to <paramref name="limit"/> rows whose non-null foreign key has no parent.</summary>
    public static string OrphanExamples(SqlDialect d, TableName child, ForeignKey fk, IReadOnlyList<string> keys, int limit)
    {
        var notNull = string.Join(" AND ", fk.Columns.Select(c => $"c.{d.Quote(c)} IS NOT NULL"));
        var match = string.Join(" AND ", fk.Columns.Zip(fk.ReferencedColumns, (c, p) => $"p.{d.Quote(p)} = c.{d.Quote(c)}"));
        return $"SELECT {Keys(d, keys, "c")} FROM {d.Qualify(child)} c WHERE {notNull} AND NOT EXISTS " +
               $"(SELECT 1 FROM {d.Qualify(fk.ReferencedTable)} p WHERE {match}){OrderBy(d, keys, "c")} LIMIT {N(limit)}";
    }

    /// <summary>Rows beyond the first for every duplicated non-null value of <paramref name="columns"/>.</summary>
    public static string DuplicateCount(SqlDialect d, TableName table, IReadOnlyList<string> columns) =>
        $"SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM {d.Qualify(table)} WHERE {NotNull(d, columns, null)} " +
        $"GROUP BY {List(d, columns, null)} HAVING COUNT(*) > 1) dup";

    /// <summary>Keys of up to <paramref name="limit"/> rows that share their <paramref name="columns"/> value with another row.</summary>
    public static string DuplicateExamples(SqlDialect d, TableName table, IReadOnlyList<string> columns, IReadOnlyList<string> keys, int limit)
    {
        var tuple = columns.Count == 1 ? $"x.{d.Quote(columns[0])}" : $"({List(d, columns, "x")})";
        return $"SELECT {Keys(d, keys, "x")} FROM {d.Qualify(table)} x WHERE {tuple} IN (SELECT {List(d, columns, null)} FROM {d.Qualify(table)} " +
               $"WHERE {NotNull(d, columns, null)} GROUP BY {List(d, columns, null)} HAVING COUNT(*) > 1){OrderBy(d, keys, "x")} LIMIT {N(limit)}";
    }

    /// <summary>NULL cells per column, in one scan: <c>SELECT SUM(CASE WHEN a IS NULL ...), ...</c>.</summary>
    public static string NullCounts(SqlDialect d, TableName table, IReadOnlyList<string> columns) =>
        $"SELECT {string.Join(", ", columns.Select(c => $"COALESCE(SUM(CASE WHEN {d.Quote(c)} IS NULL THEN 1 ELSE 0 END), 0)"))} FROM {d.Qualify(table)}";

    /// <summary>Keys of up to <paramref name="limit"/> rows where <paramref name="column"/> is NULL.</summary>
    public static string NullExamples(SqlDialect d, TableName table, string column, IReadOnlyList<string> keys, int limit) =>
        $"SELECT {Keys(d, keys, "x")} FROM {d.Qualify(table)} x WHERE x.{d.Quote(column)} IS NULL{OrderBy(d, keys, "x")} LIMIT {N(limit)}";

    /// <summary>The non-null values of <paramref name="columns"/> (for relations checked across databases).</summary>
    public static string KeyTuples(SqlDialect d, TableName table, IReadOnlyList<string> keys, IReadOnlyList<string> columns) =>
        $"SELECT {(keys.Count == 0 ? "" : Keys(d, keys, "x") + ", ")}{List(d, columns, "x")} FROM {d.Qualify(table)} x WHERE {NotNull(d, columns, "x")}";

    private static string Keys(SqlDialect d, IReadOnlyList<string> keys, string alias) => keys.Count == 0 ? "1" : List(d, keys, alias);

    private static string OrderBy(SqlDialect d, IReadOnlyList<string> keys, string alias) => keys.Count == 0 ? "" : " ORDER BY " + List(d, keys, alias);

    private static string List(SqlDialect d, IReadOnlyList<string> columns, string? alias) =>
        string.Join(", ", columns.Select(c => alias is null ? d.Quote(c) : $"{alias}.{d.Quote(c)}"));

    private static string NotNull(SqlDialect d, IReadOnlyList<string> columns, string? alias) =>
        string.Join(" AND ", columns.Select(c => (alias is null ? d.Quote(c) : $"{alias}.{d.Quote(c)}") + " IS NOT NULL"));

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
