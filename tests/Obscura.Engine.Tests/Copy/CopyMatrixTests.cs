using System.Collections.Concurrent;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Tests.Copy;

/// <summary>
/// Each of the three engines to each of the three, on the matrix schema, with keys and PII transformed:
/// untransformed columns equal row for row, transformed ones changed, every join still reaches the same row.
/// </summary>
public sealed class CopyMatrixTests
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<DatabaseUri>>> Sources = new();

    /// <summary>The matrix source for an engine, built once per test run.</summary>
    internal static Task<DatabaseUri> SourceFor(string provider) =>
        Sources.GetOrAdd(provider, p => new Lazy<Task<DatabaseUri>>(() => MatrixSchema.CreateSourceAsync(p))).Value;

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in new[] { "sqlite", "postgres", "mysql" })
            foreach (var t in new[] { "sqlite", "postgres", "mysql" })
                data.Add(s, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Copy_keeps_untransformed_values_changes_transformed_ones_and_keeps_every_join(string sourceProvider, string targetProvider)
    {
        var source = await SourceFor(sourceProvider);
        var target = await TestDatabases.CreateAsync(targetProvider, "matrix_dst");
        var runtime = ObscuraRuntime.CreateDefault();
        var result = await new CopyService(runtime).RunAsync(new CopyOptions
        {
            Source = source,
            Target = target,
            Config = ConfigLoader.Parse(MatrixSchema.Config),
            Secret = RunSecret.FromText("matrix-test-secret-0123456789"),
            Jobs = 3,
        });
        Assert.True(result.Succeeded, result.Summary.Error);
        Assert.Equal(4, result.Summary.Tables.Count);

        var src = await Snapshot.ReadAsync(source);
        var dst = await Snapshot.ReadAsync(target, src);
        var transformed = new Dictionary<string, string[]>
        {
            ["employee"] = ["emp_id", "surname", "email", "first_name", "photo", "dept_id", "boss_id"],
            ["department"] = ["dept_id", "manager_id"],
            ["project"] = ["dept_id"],
            ["assignment"] = ["emp_id", "dept_id"],
        };
        foreach (var (table, identity) in MatrixSchema.IdentityColumn)
        {
            var s = src.Tables[table];
            var d = dst.Tables[table];
            Assert.Equal(s.Rows.Count, d.Rows.Count);
            Assert.Equal(s.ForeignKeyCount, d.ForeignKeyCount);
            var byIdentity = d.Rows.ToDictionary(r => d.Key(r, identity));
            var changed = new Dictionary<string, int>();
            foreach (var row in s.Rows)
            {
                var other = byIdentity[s.Key(row, identity)];
                foreach (var column in s.Columns)
                {
                    var a = s.Value(row, column.Name);
                    var b = d.Value(other, column.Name);
                    if (!transformed[table].Contains(column.Name))
                    {
                        ValueAssert.Same(a, b, column.TypeClass, $"{sourceProvider}→{targetProvider} {table}.{column.Name} at {identity}={s.Key(row, identity)}");
                    }
                    else if (a is null) Assert.Null(b);
                    else if (!ValueAssert.AreSame(a, b, column.TypeClass)) changed[column.Name] = changed.GetValueOrDefault(column.Name) + 1;
                }
            }
            foreach (var column in transformed[table])
            {
                var nonNull = s.Rows.Count(r => s.Value(r, column) is not null);
                Assert.True(changed.GetValueOrDefault(column) >= nonNull * 0.9, $"{table}.{column}: only {changed.GetValueOrDefault(column)} of {nonNull} values changed");
            }
        }

        // Every join reaches the same row as in the source (compared through the untransformed identity columns).
        AssertJoin(src, dst, "employee", "badge", ["dept_id"], "department", ["dept_id"], "name");
        AssertJoin(src, dst, "employee", "badge", ["boss_id"], "employee", ["emp_id"], "badge");
        AssertJoin(src, dst, "department", "name", ["manager_id"], "employee", ["emp_id"], "badge");
        AssertJoin(src, dst, "project", "title", ["dept_id"], "department", ["dept_id"], "name");
        AssertJoin(src, dst, "assignment", "seq", ["emp_id"], "employee", ["emp_id"], "badge");
        AssertJoin(src, dst, "assignment", "seq", ["dept_id", "project_no"], "project", ["dept_id", "project_no"], "title");
    }

    private static void AssertJoin(Snapshot src, Snapshot dst, string child, string childIdentity, string[] fk, string parent, string[] pk, string parentIdentity)
    {
        var expected = src.Resolve(child, childIdentity, fk, parent, pk, parentIdentity);
        var actual = dst.Resolve(child, childIdentity, fk, parent, pk, parentIdentity);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (key, parentKey) in expected)
        {
            Assert.True(actual.TryGetValue(key, out var got), $"{child} {childIdentity}={key}: missing in target");
            Assert.True(Equals(parentKey, got), $"{child}.{string.Join(",", fk)} at {childIdentity}={key} reaches {parent} {parentIdentity}={got} in the target, {parentKey} in the source");
        }
    }
}

/// <summary>All rows of the matrix tables, canonicalized by each column's type class.</summary>
internal sealed class Snapshot
{
    public required Dictionary<string, TableRows> Tables { get; init; }

    /// <summary>Reads the tables; with <paramref name="typesFrom"/>, values are canonicalized by that snapshot's column types (a target read as the source's types).</summary>
    public static async Task<Snapshot> ReadAsync(DatabaseUri uri, Snapshot? typesFrom = null)
    {
        var provider = TestDatabases.Registry.Resolve(uri);
        await using var ds = provider.CreateDataSource(uri);
        await using var conn = await provider.OpenAsync(ds, uri, CancellationToken.None);
        var catalog = await provider.InspectAsync(conn, CancellationToken.None);
        var tables = new Dictionary<string, TableRows>();
        foreach (var name in MatrixSchema.IdentityColumn.Keys)
        {
            var table = catalog.Tables.Single(t => t.Name.Name == name);
            var rows = new List<object?[]>();
            await using var reader = await provider.ReadAsync(conn, provider.Dialect.SelectColumns(table.Name, table.Columns), CancellationToken.None);
            while (await reader.ReadAsync())
            {
                var row = new object?[table.Columns.Count];
                for (var i = 0; i < row.Length; i++)
                {
                    var type = typesFrom?.Tables[name].Columns.Single(c => c.Name == table.Columns[i].Name).TypeClass ?? table.Columns[i].TypeClass;
                    row[i] = ValueCoercion.ToCanonical(reader.IsDBNull(i) ? null : reader.GetValue(i), type);
                }
                rows.Add(row);
            }
            tables[name] = new TableRows(table.Columns, rows, table.ForeignKeys.Count);
        }
        return new Snapshot { Tables = tables };
    }

    /// <summary>child identity → parent identity reached through the foreign key (null FK → null).</summary>
    public Dictionary<string, string?> Resolve(string child, string childIdentity, string[] fk, string parent, string[] pk, string parentIdentity)
    {
        var c = Tables[child];
        var p = Tables[parent];
        var parents = new Dictionary<string, string>();
        foreach (var row in p.Rows) parents[string.Join("|", pk.Select(k => p.Key(row, k)))] = p.Key(row, parentIdentity);
        var result = new Dictionary<string, string?>();
        foreach (var row in c.Rows)
        {
            if (fk.Any(k => c.Value(row, k) is null)) { result[c.Key(row, childIdentity)] = null; continue; }
            var key = string.Join("|", fk.Select(k => c.Key(row, k)));
            result[c.Key(row, childIdentity)] = parents.TryGetValue(key, out var v) ? v : "<orphan>";
        }
        return result;
    }
}

internal sealed record TableRows(IReadOnlyList<Column> Columns, List<object?[]> Rows, int ForeignKeyCount)
{
    private int Index(string column)
    {
        for (var i = 0; i < Columns.Count; i++) if (Columns[i].Name == column) return i;
        throw new ArgumentException($"no column {column}");
    }

    public object? Value(object?[] row, string column) => row[Index(column)];

    public string Key(object?[] row, string column) => row[Index(column)] is { } v ? ValueCoercion.ToText(v) : "NULL";
}
