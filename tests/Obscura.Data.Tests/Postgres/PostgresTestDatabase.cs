using System.Data.Common;
using Obscura.Core.Schema;
using Obscura.Data.Postgres;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.Postgres;

/// <summary>Helpers for PostgreSQL tests: fresh databases, statements, inspection, reads and loads through the provider.</summary>
internal static class PostgresTestDatabase
{
    /// <summary>The provider under test, as the registry resolves it.</summary>
    public static DatabaseProvider Provider { get; } = TestDatabases.Registry.Providers.Single(p => p.Name == "postgres");

    /// <summary>The dialect under test.</summary>
    public static PostgresDialect Dialect { get; } = (PostgresDialect)Provider.Dialect;

    /// <summary>A fresh, empty database.</summary>
    public static Task<DatabaseUri> CreateAsync(string prefix) => TestDatabases.CreateAsync("postgres", prefix);

    /// <summary>A fresh database with <paramref name="statements"/> run in it.</summary>
    public static async Task<DatabaseUri> CreateAsync(string prefix, IEnumerable<string> statements)
    {
        var uri = await CreateAsync(prefix);
        await TestDatabases.ExecuteAsync(uri, statements.ToArray());
        return uri;
    }

    /// <summary>Inspects a database.</summary>
    public static async Task<Catalog> InspectAsync(DatabaseUri uri)
    {
        await using var ds = Provider.CreateDataSource(uri);
        await using var conn = await Provider.OpenAsync(ds, uri, CancellationToken.None);
        return await Provider.InspectAsync(conn, CancellationToken.None);
    }

    /// <summary>Runs statements on an open connection.</summary>
    public static async Task ExecuteAsync(DbConnection connection, IEnumerable<string> statements)
    {
        foreach (var sql in statements)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Loads rows into an existing table through the provider's bulk writer.</summary>
    public static async Task<long> LoadAsync(DatabaseUri uri, Table table, DbDataReader rows, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var ds = Provider.CreateDataSource(uri);
        await using var conn = await Provider.OpenAsync(ds, uri, cancellationToken);
        return await Provider.CreateBulkWriter().WriteAsync(conn, table, rows, progress, cancellationToken);
    }

    /// <summary>Reads a table through the dialect's SELECT and the provider's reader, values made canonical for each column's class.</summary>
    public static async Task<List<object?[]>> ReadCanonicalAsync(DatabaseUri uri, Table table, string orderBy)
    {
        await using var ds = Provider.CreateDataSource(uri);
        await using var conn = await Provider.OpenAsync(ds, uri, CancellationToken.None);
        var sql = Dialect.SelectColumns(table.Name, table.Columns) + " ORDER BY " + orderBy;
        await using var reader = await Provider.ReadAsync(conn, sql, CancellationToken.None);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = ValueCoercion.ToCanonical(reader.IsDBNull(i) ? null : reader.GetValue(i), table.Columns[i].TypeClass);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// Copies the tables of <paramref name="source"/> into <paramref name="target"/> the way the copy command does within
    /// one engine: same-provider DDL, streaming read, bulk load, constraints after load, foreign keys, sequence reset.
    /// </summary>
    public static async Task CopyAsync(DatabaseUri source, DatabaseUri target, IReadOnlyList<Table>? tables = null)
    {
        var catalog = await InspectAsync(source);
        tables ??= catalog.Tables;
        var warnings = new List<string>();
        var ddl = tables.ToDictionary(t => t.Name, t => Dialect.BuildTableDdl(t, sameProvider: true, warnings));

        await using var sds = Provider.CreateDataSource(source);
        await using var tds = Provider.CreateDataSource(target);
        await using var tconn = await Provider.OpenAsync(tds, target, CancellationToken.None);
        await ExecuteAsync(tconn, tables.Select(t => t.Name.Schema!).Distinct().Select(s => Dialect.CreateSchemaIfMissing(s)!));
        await ExecuteAsync(tconn, tables.Select(t => ddl[t.Name].Create));
        foreach (var table in tables)
        {
            await using var sconn = await Provider.OpenAsync(sds, source, CancellationToken.None);
            await using var reader = await Provider.ReadAsync(sconn, Dialect.SelectColumns(table.Name, table.Columns), CancellationToken.None);
            await Provider.CreateBulkWriter().WriteAsync(tconn, table, reader, null, CancellationToken.None);
        }
        await ExecuteAsync(tconn, tables.SelectMany(t => ddl[t.Name].ConcurrentIndexes.Concat(ddl[t.Name].AfterLoad)));
        await ExecuteAsync(tconn, tables.SelectMany(t => ddl[t.Name].ForeignKeys));
        await ExecuteAsync(tconn, tables.SelectMany(t => ddl[t.Name].Finish));
    }

    /// <summary>A column for hand-built tables.</summary>
    public static Column Col(string name, string declared, TypeClass type, bool nullable = true, int? bits = null) =>
        new() { Name = name, DeclaredType = declared, TypeClass = type, IsNullable = nullable, IntegerBits = bits };
}
