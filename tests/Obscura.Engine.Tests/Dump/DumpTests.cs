using System.Globalization;
using System.IO.Compression;
using System.Text;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;
using Obscura.Engine.Dump;
using Obscura.Engine.Tests.Copy;
using Parquet;
using Parquet.Schema;

namespace Obscura.Engine.Tests.Dump;

/// <summary>
/// A dump, loaded with the engine's own client tool, holds exactly what a direct copy of the same source with the same
/// config and secret writes: every row and value of the matrix schema (composite and self-referencing keys, unicode,
/// NULLs, every common type, blobs, 100,000-character text), keys and foreign keys included.
/// </summary>
public sealed class DumpTests
{
    private static readonly RunSecret Secret = RunSecret.FromText("matrix-test-secret-0123456789");

    public static TheoryData<string, string> Dialects() => new()
    {
        { "sqlite", "sqlite" }, { "postgres", "postgres" }, { "mysql", "mysql" },
        { "mysql", "postgres" }, { "postgres", "mysql" }, { "postgres", "sqlite" },
    };

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Sql_dump_loads_with_the_client_tool_and_matches_a_direct_copy_row_for_row(string sourceProvider, string dialect)
    {
        var source = await CopyMatrixTests.SourceFor(sourceProvider);
        var copied = await CopyAsync(source, dialect);
        var file = TempPath(".sql");
        var result = await Run(new DumpOptions { Source = source, Output = file, Dialect = dialect, Config = ConfigLoader.Parse(MatrixSchema.Config), Secret = Secret });
        Assert.True(result.Succeeded, result.Summary.Error);
        Assert.Equal(MatrixSchema.Employees, result.Summary.Tables.Single(t => t.Source.EndsWith("employee", StringComparison.Ordinal)).Rows);

        var loaded = await TestDatabases.CreateAsync(dialect, "dump_load");
        await ClientTools.LoadAsync(loaded, file);
        await AssertSameDatabaseAsync(copied, loaded, $"{sourceProvider} dumped as {dialect}");
    }

    [Fact]
    public async Task Compressed_dump_is_valid_gzip_of_a_loadable_script()
    {
        var source = await CopyMatrixTests.SourceFor("sqlite");
        var file = TempPath(".sql");
        var result = await Run(new DumpOptions { Source = source, Output = file, Compress = true, Config = ConfigLoader.Parse(MatrixSchema.Config), Secret = Secret });
        Assert.True(result.Succeeded, result.Summary.Error);
        Assert.False(File.Exists(file));
        var gz = file + ".gz";
        Assert.Equal([gz], result.Summary.Files);
        var head = new byte[2];
        await using (var f = File.OpenRead(gz)) await f.ReadExactlyAsync(head);
        Assert.Equal(new byte[] { 0x1f, 0x8b }, head);

        var plain = TempPath(".sql");
        await using (var input = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress))
        await using (var output = File.Create(plain))
        {
            await input.CopyToAsync(output);
        }
        var loaded = await TestDatabases.CreateAsync("sqlite", "dump_gz");
        await ClientTools.LoadAsync(loaded, plain);
        var copied = await CopyAsync(source, "sqlite");
        await AssertSameDatabaseAsync(copied, loaded, "gzip dump");
    }

    [Fact]
    public async Task Csv_dump_round_trips_every_value_as_its_invariant_text_with_null_and_empty_apart()
    {
        var source = await CopyMatrixTests.SourceFor("postgres");
        // An empty string next to NULLs, quotes, commas and line breaks in one column.
        var extra = await TestDatabases.CreateAsync("postgres", "dump_csv");
        await TestDatabases.ExecuteAsync(extra,
            "CREATE TABLE notes (id int PRIMARY KEY, body text)",
            "INSERT INTO notes VALUES (1, ''), (2, NULL), (3, 'say \"hi\", then\r\nleave'), (4, 'plain'), (5, ' x ')");
        var dir = TempPath("");
        var result = await Run(new DumpOptions { Source = extra, Output = dir, Format = DumpFormat.Csv });
        Assert.True(result.Succeeded, result.Summary.Error);
        var notes = ReadCsv(Path.Combine(dir, "notes.csv"));
        Assert.Equal(["id", "body"], notes[0].Select(f => f!).ToArray());
        Assert.Equal(new string?[] { "", null, "say \"hi\", then\r\nleave", "plain", " x " }, notes.Skip(1).Select(r => r[1]).ToList());

        var copied = await CopyAsync(source, "postgres");
        var expected = await Snapshot.ReadAsync(copied);
        dir = TempPath("");
        result = await Run(new DumpOptions { Source = source, Output = dir, Format = DumpFormat.Csv, Config = ConfigLoader.Parse(MatrixSchema.Config), Secret = Secret });
        Assert.True(result.Succeeded, result.Summary.Error);
        foreach (var (table, identity) in MatrixSchema.IdentityColumn)
        {
            var rows = ReadCsv(Path.Combine(dir, table + ".csv"));
            var t = expected.Tables[table];
            Assert.Equal(t.Columns.Select(c => c.Name), rows[0].Select(f => f!));
            Assert.Equal(t.Rows.Count, rows.Count - 1);
            var id = Array.IndexOf(rows[0], identity);
            var byIdentity = rows.Skip(1).ToDictionary(r => r[id]!);
            foreach (var row in t.Rows)
            {
                var csv = byIdentity[t.Key(row, identity)];
                for (var i = 0; i < t.Columns.Count; i++)
                {
                    var want = t.Value(row, t.Columns[i].Name);
                    var got = csv[i] is null ? null : ValueCoercion.ToCanonical(csv[i], t.Columns[i].TypeClass);
                    if (t.Columns[i].TypeClass == TypeClass.Binary && csv[i] is not null) got = Convert.FromHexString(csv[i]!);
                    ValueAssert.Same(want, got, t.Columns[i].TypeClass, $"csv {table}.{t.Columns[i].Name}");
                }
            }
        }
    }

    [Fact]
    public async Task Parquet_dump_reads_back_with_typed_columns_and_the_copied_values()
    {
        var source = await CopyMatrixTests.SourceFor("postgres");
        var copied = await CopyAsync(source, "postgres");
        var expected = await Snapshot.ReadAsync(copied);
        var dir = TempPath("");
        var result = await Run(new DumpOptions { Source = source, Output = dir, Format = DumpFormat.Parquet, Config = ConfigLoader.Parse(MatrixSchema.Config), Secret = Secret });
        Assert.True(result.Succeeded, result.Summary.Error);

        foreach (var (table, identity) in MatrixSchema.IdentityColumn)
        {
            var t = expected.Tables[table];
            await using var reader = await ParquetReader.CreateAsync(Path.Combine(dir, table + ".parquet"));
            var fields = reader.Schema.DataFields;
            Assert.Equal(t.Columns.Select(c => c.Name), fields.Select(f => f.Name));
            var columns = new List<object?[]>();
            foreach (var field in fields) columns.Add(await ReadColumnAsync(reader, field));
            Assert.Equal(t.Rows.Count, columns[0].Length);
            if (table == "employee")
            {
                Assert.IsType<DecimalDataField>(fields.Single(f => f.Name == "salary"));
                Assert.Equal(typeof(long), fields.Single(f => f.Name == "emp_id").ClrType);
                Assert.IsType<DateTimeDataField>(fields.Single(f => f.Name == "last_login"));
                Assert.Contains(fields.Single(f => f.Name == "photo").ClrType, new[] { typeof(byte[]), typeof(ReadOnlyMemory<byte>) });
                Assert.IsType<TimeDataField>(fields.Single(f => f.Name == "shift_start"));
            }
            var id = fields.ToList().FindIndex(f => f.Name == identity);
            var byIdentity = new Dictionary<string, int>();
            for (var r = 0; r < columns[id].Length; r++) byIdentity[ValueCoercion.ToText(ValueCoercion.ToCanonical(columns[id][r], t.Columns[id].TypeClass)!)] = r;
            foreach (var row in t.Rows)
            {
                var r = byIdentity[t.Key(row, identity)];
                for (var i = 0; i < t.Columns.Count; i++)
                {
                    var type = t.Columns[i].TypeClass;
                    // TIME(MICROS) reads back as microseconds since midnight.
                    var got = type == TypeClass.Time && columns[i][r] is long micros ? TimeSpan.FromMicroseconds(micros) : ValueCoercion.ToCanonical(columns[i][r], type);
                    ValueAssert.Same(t.Value(row, t.Columns[i].Name), got, type, $"parquet {table}.{t.Columns[i].Name}");
                }
            }
        }
    }

    [Fact]
    public async Task Unknown_table_or_dialect_and_an_unwritable_output_fail_before_anything_is_written()
    {
        var source = await CopyMatrixTests.SourceFor("sqlite");
        var file = TempPath(".sql");
        var ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => Run(new DumpOptions { Source = source, Output = file, Tables = ["employee", "no_such_table"] }));
        Assert.Contains("no_such_table", ex.ToString(), StringComparison.Ordinal);
        ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => Run(new DumpOptions { Source = source, Output = file, Dialect = "oracle" }));
        Assert.Contains("unknown dialect 'oracle'", ex.Message, StringComparison.Ordinal);
        ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => Run(new DumpOptions { Source = source, Output = TempPath(""), Format = DumpFormat.Csv, Dialect = "postgres" }));
        Assert.Contains("--dialect applies to SQL dumps only", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(file));

        // A path below a regular file can never be created (whoever runs the test, root included).
        var blocker = TempPath(".txt");
        await File.WriteAllTextAsync(blocker, "not a directory");
        ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => Run(new DumpOptions { Source = source, Output = Path.Combine(blocker, "out.sql") }));
        Assert.Contains("cannot write the dump output", ex.Message, StringComparison.Ordinal);
        ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => Run(new DumpOptions { Source = source, Output = Path.Combine(blocker, "csv"), Format = DumpFormat.Csv }));
        Assert.Contains("cannot create the dump directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dump_that_fails_midway_leaves_no_file_behind()
    {
        // MariaDB has no infinity: the second row cannot be written as a MariaDB literal.
        var source = await TestDatabases.CreateAsync("sqlite", "dump_fail");
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE m (id INTEGER PRIMARY KEY, x REAL)", "INSERT INTO m VALUES (1, 1.5), (2, 9e999)");
        var dir = TempPath("");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "m.sql");
        var result = await Run(new DumpOptions { Source = source, Output = file, Dialect = "mysql" });
        Assert.False(result.Succeeded);
        Assert.Contains("column \"x\"", result.Summary.Error, StringComparison.Ordinal);
        Assert.Empty(result.Summary.Files);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Theory]
    [InlineData(DumpFormat.Sql)]
    [InlineData(DumpFormat.Csv)]
    [InlineData(DumpFormat.Parquet)]
    public async Task A_cancelled_dump_leaves_no_file_behind(DumpFormat format)
    {
        var source = await CopyMatrixTests.SourceFor("postgres");
        var dir = TempPath("");
        Directory.CreateDirectory(dir);
        using var cancel = new CancellationTokenSource();
        var progress = new CancelOnTable("employee", cancel);
        var output = format == DumpFormat.Sql ? Path.Combine(dir, "dump.sql") : Path.Combine(dir, "out");
        var result = await new DumpService(ObscuraRuntime.CreateDefault()).RunAsync(new DumpOptions { Source = source, Output = output, Format = format }, progress, cancel.Token);
        Assert.True(progress.Cancelled, "the dump never reached the employee table");
        Assert.False(result.Succeeded);
        Assert.Equal("cancelled", result.Summary.Status);
        Assert.Empty(Directory.GetFiles(dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Compressed_csv_is_gzip_of_the_plain_csv()
    {
        var source = await CopyMatrixTests.SourceFor("sqlite");
        var plain = TempPath("");
        var packed = TempPath("");
        Assert.True((await Run(new DumpOptions { Source = source, Output = plain, Format = DumpFormat.Csv, Tables = ["project"] })).Succeeded);
        var result = await Run(new DumpOptions { Source = source, Output = packed, Format = DumpFormat.Csv, Tables = ["project"], Compress = true });
        Assert.True(result.Succeeded, result.Summary.Error);
        Assert.Equal([Path.Combine(packed, "project.csv.gz")], result.Summary.Files);
        await using var input = new GZipStream(File.OpenRead(Path.Combine(packed, "project.csv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(plain, "project.csv")), await reader.ReadToEndAsync());
    }

    /// <summary>Cancels the run when a table starts (after the output files exist and others were written).</summary>
    private sealed class CancelOnTable(string table, CancellationTokenSource cancel) : ICopyProgress
    {
        public bool Cancelled { get; private set; }
        public void Phase(string description) { }
        public void TableStarted(TableName name, long estimatedRows)
        {
            if (name.Name != table) return;
            Cancelled = true;
            cancel.Cancel();
        }
        public void RowsCopied(TableName name, long rows) { }
        public void TableFinished(TableName name, long rows, TimeSpan elapsed) { }
        public void TableFailed(TableName name, string message) { }
    }

    private static Task<DumpResult> Run(DumpOptions options) => new DumpService(ObscuraRuntime.CreateDefault()).RunAsync(options);

    private static async Task<DatabaseUri> CopyAsync(DatabaseUri source, string targetProvider)
    {
        var target = await TestDatabases.CreateAsync(targetProvider, "dump_copy");
        var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Config = ConfigLoader.Parse(MatrixSchema.Config), Secret = Secret, Jobs = 2,
        });
        Assert.True(result.Succeeded, result.Summary.Error);
        return target;
    }

    /// <summary>Same tables, same keys, same rows and values (matched through each table's untransformed identity column).</summary>
    private static async Task AssertSameDatabaseAsync(DatabaseUri expectedUri, DatabaseUri actualUri, string what)
    {
        var expected = await Snapshot.ReadAsync(expectedUri);
        var actual = await Snapshot.ReadAsync(actualUri, expected);
        var expectedCatalog = await TargetChecks.InspectAsync(expectedUri);
        var actualCatalog = await TargetChecks.InspectAsync(actualUri);
        foreach (var (table, identity) in MatrixSchema.IdentityColumn)
        {
            var e = expected.Tables[table];
            var a = actual.Tables[table];
            Assert.Equal(e.Columns.Select(c => c.Name), a.Columns.Select(c => c.Name));
            Assert.Equal(e.Rows.Count, a.Rows.Count);
            Assert.Equal(e.ForeignKeyCount, a.ForeignKeyCount);
            var et = expectedCatalog.Tables.Single(t => t.Name.Name == table);
            var at = actualCatalog.Tables.Single(t => t.Name.Name == table);
            Assert.Equal(et.PrimaryKey?.Columns, at.PrimaryKey?.Columns);
            Assert.Equal(et.UniqueKeys.Count, at.UniqueKeys.Count);
            var byIdentity = a.Rows.ToDictionary(r => a.Key(r, identity));
            foreach (var row in e.Rows)
            {
                var other = byIdentity[e.Key(row, identity)];
                foreach (var column in e.Columns)
                {
                    ValueAssert.Same(e.Value(row, column.Name), a.Value(other, column.Name), column.TypeClass, $"{what}: {table}.{column.Name} at {identity}={e.Key(row, identity)}");
                }
            }
        }
        Assert.All((await TargetChecks.OrphansAsync(actualUri)).Values, n => Assert.Equal(0, n));
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetReader reader, DataField field)
    {
        var result = new List<object?>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
            {
                var values = new string?[n];
                await group.ReadAsync(field, values.AsMemory());
                result.AddRange(values);
            }
            else if (field.ClrType == typeof(byte[]) || field.ClrType == typeof(ReadOnlyMemory<byte>))
            {
                var values = new byte[]?[n];
                await group.ReadAsync(field, values.AsMemory());
                result.AddRange(values);
            }
            else
            {
                result.AddRange(await ReadStructsAsync(group, field, n));
            }
        }
        return result.ToArray();
    }

    private static async Task<IEnumerable<object?>> ReadStructsAsync(ParquetRowGroupReader group, DataField field, int n)
    {
        async Task<IEnumerable<object?>> Read<T>() where T : struct
        {
            var values = new T?[n];
            await group.ReadAsync(field, values.AsMemory());
            return values.Select(v => v.HasValue ? (object?)v.Value : null);
        }
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(long)) return await Read<long>();
        if (type == typeof(decimal)) return await Read<decimal>();
        if (type == typeof(double)) return await Read<double>();
        if (type == typeof(bool)) return await Read<bool>();
        if (type == typeof(DateTime)) return await Read<DateTime>();
        if (type == typeof(DateOnly)) return await Read<DateOnly>();
        if (type == typeof(TimeSpan)) return await Read<TimeSpan>();
        if (type == typeof(TimeOnly)) return await Read<TimeOnly>();
        throw new InvalidOperationException($"unexpected parquet column type {type} for {field.Name}");
    }

    /// <summary>RFC 4180 records; an unquoted empty field is null, a quoted empty one the empty string.</summary>
    private static List<string?[]> ReadCsv(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var rows = new List<string?[]>();
        var row = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (field.Length == 0 && !quoted && c == '"')
            {
                quoted = true;
                i++;
                while (true)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; }
                    else if (text[i] == '"') { i++; break; }
                    else field.Append(text[i++]);
                }
                continue;
            }
            if (c == ',' || c == '\r')
            {
                row.Add(field.Length == 0 && !quoted ? null : field.ToString());
                field.Clear();
                quoted = false;
                if (c == '\r')
                {
                    Assert.Equal('\n', text[i + 1]);
                    rows.Add(row.ToArray());
                    row.Clear();
                    i += 2;
                    continue;
                }
                i++;
                continue;
            }
            Assert.False(quoted, "text after a closing quote");
            field.Append(c);
            i++;
        }
        Assert.Empty(row);
        return rows;
    }

    private static string TempPath(string extension)
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-tests");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, TestDatabases.UniqueName("dump") + extension);
    }
}
