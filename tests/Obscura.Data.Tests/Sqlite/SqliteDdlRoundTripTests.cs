using System.Data.Common;
using Obscura.Core.Schema;

namespace Obscura.Data.Tests.Sqlite;

/// <summary>Within SQLite, inspect → BuildTableDdl → load → inspect gives the same structure and the same rows.</summary>
public sealed class SqliteDdlRoundTripTests
{
    /// <summary>Recreates every table of <paramref name="source"/> in a new file with the dialect's DDL and copies the rows.</summary>
    private static async Task<(Catalog Source, Catalog Copy, DatabaseUri Target, List<string> Warnings)> CopyAsync(DatabaseUri source)
    {
        var provider = SqliteTestFiles.Provider;
        var sourceCatalog = await SqliteTestFiles.InspectAsync(source);
        var target = await SqliteTestFiles.NewDatabaseAsync("copy");
        var warnings = new List<string>();
        await using var sds = provider.CreateDataSource(source);
        await using var tds = provider.CreateDataSource(target);
        await using var sconn = await provider.OpenAsync(sds, source, CancellationToken.None);
        await using var tconn = await provider.OpenAsync(tds, target, CancellationToken.None);
        await provider.PrepareForLoadAsync(tconn, CancellationToken.None);
        var ddl = new List<Data.TableDdl>();
        foreach (var table in sourceCatalog.Tables)
        {
            var mapped = table with { Columns = table.Columns.Select(c => provider.Dialect.MapColumn(c, "sqlite", warnings)).ToList() };
            var d = provider.Dialect.BuildTableDdl(mapped, sameProvider: true, warnings);
            Assert.Empty(d.ForeignKeys);
            Assert.Empty(d.Finish);
            await ExecuteAsync(tconn, d.Create);
            ddl.Add(d);
        }
        var writer = provider.CreateBulkWriter();
        foreach (var table in sourceCatalog.Tables)
        {
            await using var reader = await provider.ReadAsync(sconn, provider.Dialect.SelectColumns(table.Name, table.Columns), CancellationToken.None);
            Assert.Equal(table.RowEstimate, await writer.WriteAsync(tconn, table, reader, null, CancellationToken.None));
        }
        foreach (var sql in ddl.SelectMany(d => d.AfterLoad)) await ExecuteAsync(tconn, sql);
        return (sourceCatalog, await provider.InspectAsync(tconn, CancellationToken.None), target, warnings);
    }

    private static async Task ExecuteAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static void AssertSameStructure(Catalog expected, Catalog actual)
    {
        Assert.Equal(expected.Tables.Select(t => t.Name), actual.Tables.Select(t => t.Name));
        for (var i = 0; i < expected.Tables.Count; i++)
        {
            Assert.Equal(SqliteRichSchema.Describe(expected.Tables[i]), SqliteRichSchema.Describe(actual.Tables[i]));
            Assert.Equal(expected.Tables[i].RowEstimate, actual.Tables[i].RowEstimate);
        }
    }

    private static async Task AssertSameRowsAsync(DatabaseUri source, DatabaseUri target, Catalog catalog)
    {
        foreach (var table in catalog.Tables)
        {
            var select = SqliteTestFiles.Provider.Dialect.SelectColumns(table.Name, table.Columns) + " ORDER BY rowid";
            var expected = await Infrastructure.TestDatabases.QueryAsync(source, select);
            var actual = await Infrastructure.TestDatabases.QueryAsync(target, select);
            Assert.Equal(expected.Count, actual.Count);
            for (var r = 0; r < expected.Count; r++) Assert.True(expected[r].SequenceEqual(actual[r], ValueComparer.Instance), $"{table.Name} row {r} differs");
        }
    }

    [Fact]
    public async Task A_rich_schema_is_recreated_with_the_same_structure_and_rows()
    {
        var source = await SqliteTestFiles.NewDatabaseAsync("richsrc");
        await SqliteTestFiles.ExecuteAsync(source, SqliteRichSchema.Statements);
        var (expected, actual, target, warnings) = await CopyAsync(source);
        Assert.Empty(warnings);
        AssertSameStructure(expected, actual);
        await AssertSameRowsAsync(source, target, expected);
    }

    [Fact]
    public async Task The_recreated_schema_still_enforces_its_keys_and_checks()
    {
        var source = await SqliteTestFiles.NewDatabaseAsync("enforce");
        await SqliteTestFiles.ExecuteAsync(source, SqliteRichSchema.Statements);
        var (_, _, target, _) = await CopyAsync(source);
        await Assert.ThrowsAnyAsync<DbException>(() => SqliteTestFiles.ExecuteAsync(target, "INSERT INTO \"Customer\" (\"Email\") VALUES ('a@example.com')"));
        await Assert.ThrowsAnyAsync<DbException>(() => SqliteTestFiles.ExecuteAsync(target, "INSERT INTO \"Customer\" (\"Email\", \"order\") VALUES ('c@example.com', -1)"));
        await Assert.ThrowsAnyAsync<DbException>(() => SqliteTestFiles.ExecuteAsync(target, "INSERT INTO \"Order Header\" VALUES (9, 'eu', 404, NULL)"));
        await SqliteTestFiles.ExecuteAsync(target, "INSERT INTO \"Customer\" (\"Email\") VALUES ('new@example.com')");
        Assert.Equal(3, await Infrastructure.TestDatabases.CountAsync(target, "SELECT \"Id\" FROM \"Customer\" WHERE \"Email\" = 'new@example.com'"));
    }

    [Fact]
    public async Task Chinook_is_recreated_with_the_same_structure_and_rows()
    {
        var source = await SqliteTestFiles.ChinookAsync();
        var (expected, actual, target, warnings) = await CopyAsync(source);
        Assert.Empty(warnings);
        AssertSameStructure(expected, actual);
        await AssertSameRowsAsync(source, target, expected);
    }

    [Fact]
    public async Task Sakila_is_recreated_with_the_same_structure_and_rows()
    {
        var source = await SqliteTestFiles.SakilaAsync();
        var (expected, actual, target, warnings) = await CopyAsync(source);
        Assert.Empty(warnings);
        AssertSameStructure(expected, actual);
        await AssertSameRowsAsync(source, target, expected);
    }

    [Fact]
    public async Task Northwind_is_recreated_with_the_same_structure_and_rows_including_blobs_and_autoincrement()
    {
        var source = await SqliteTestFiles.NorthwindAsync();
        var (expected, actual, target, warnings) = await CopyAsync(source);
        Assert.Empty(warnings);
        AssertSameStructure(expected, actual);
        await AssertSameRowsAsync(source, target, expected);
        Assert.Equal(
            await Infrastructure.TestDatabases.CountAsync(source, "SELECT MAX(\"OrderID\") FROM \"Orders\""),
            await Infrastructure.TestDatabases.CountAsync(target, "SELECT seq FROM sqlite_sequence WHERE name = 'Orders'"));
    }

    /// <summary>Exact equality, with byte arrays compared by content.</summary>
    private sealed class ValueComparer : IEqualityComparer<object?>
    {
        public static readonly ValueComparer Instance = new();

        public new bool Equals(object? x, object? y) => x is byte[] a && y is byte[] b ? a.AsSpan().SequenceEqual(b) : object.Equals(x, y);

        public int GetHashCode(object? obj) => 0;
    }
}
