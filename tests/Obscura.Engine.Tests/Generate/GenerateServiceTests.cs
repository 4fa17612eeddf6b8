using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Validation;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Generate;
using Obscura.Engine.Tests.Copy;

namespace Obscura.Engine.Tests.Generate;

/// <summary>Generation into the real engines: every constraint enabled and checked, counts exact, runs reproducible.</summary>
public sealed class GenerateServiceTests
{
    private static readonly ObscuraRuntime Runtime = ObscuraRuntime.CreateDefault();

    private static async Task<GenerateResult> GenerateAsync(GenerationSchema schema, DatabaseUri target, IReadOnlyDictionary<string, long>? rows = null, double? scale = null, long seed = 11, string locale = "en")
    {
        var result = await new GenerateService(Runtime).RunAsync(new GenerateOptions
        {
            Target = target, Schema = schema, Rows = rows ?? new Dictionary<string, long>(), Scale = scale, Seed = seed, Locale = locale, Jobs = 2,
        });
        Assert.True(result.Succeeded, result.Summary.Error);
        return result;
    }

    /// <summary>Rows of every unique key (primary keys, unique constraints, unique indexes) that repeat: must be none.</summary>
    private static async Task AssertUniquesHoldAsync(DatabaseUri uri)
    {
        var d = TestDatabases.Registry.Resolve(uri).Dialect;
        var catalog = await TargetChecks.InspectAsync(uri);
        var keys = 0;
        foreach (var t in catalog.Tables)
        {
            var uniques = t.UniqueKeys.Select(u => u.Columns).Concat(t.Indexes.Where(i => i.IsUnique && i.Columns.Count > 0).Select(i => i.Columns));
            if (t.PrimaryKey is { } pk) uniques = uniques.Append(pk.Columns);
            foreach (var cols in uniques)
            {
                var list = string.Join(", ", cols.Select(d.Quote));
                var notNull = string.Join(" AND ", cols.Select(c => d.Quote(c) + " IS NOT NULL"));
                var repeats = await TestDatabases.CountAsync(uri, $"SELECT COUNT(*) FROM (SELECT {list} FROM {d.Qualify(t.Name)} WHERE {notNull} GROUP BY {list} HAVING COUNT(*) > 1) x");
                Assert.True(repeats == 0, $"{t.Name}({list}) repeats");
                keys++;
            }
        }
        Assert.True(keys > 0);
    }

    private static async Task AssertNoOrphansAsync(DatabaseUri uri, int expectedForeignKeys)
    {
        var orphans = await TargetChecks.OrphansAsync(uri);
        Assert.Equal(expectedForeignKeys, orphans.Count);
        Assert.All(orphans, o => Assert.True(o.Value == 0, $"{o.Key}: {o.Value} orphans"));
    }

    private static async Task<DatabaseUri> ChinookAsync() =>
        await Datasets.LoadAsync("sqlite", "gen_chinook", "chinook/Chinook_Sqlite.sql");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Chinook_like_the_source_at_a_scale_keeps_every_constraint(string provider)
    {
        var source = await ChinookAsync();
        var schema = await GenerationSchemas.FromDatabaseAsync(Runtime, source, CancellationToken.None);
        var target = await TestDatabases.CreateAsync(provider, "gen_chinook_t");
        await GenerateAsync(schema, target, scale: 0.5);

        var counts = await TargetChecks.CountsAsync(target);
        foreach (var t in schema.Catalog.Tables)
            Assert.Equal((long)Math.Round(t.RowEstimate * 0.5, MidpointRounding.AwayFromZero), counts[t.Name.Name]);
        await AssertNoOrphansAsync(target, 11);
        await AssertUniquesHoldAsync(target);
        // Emails match the customer's name (the classifier found FirstName/LastName/Email by name alone).
        var d = TestDatabases.Registry.Resolve(target).Dialect;
        var customers = await TestDatabases.QueryAsync(target, $"SELECT {d.Quote("FirstName")}, {d.Quote("LastName")}, {d.Quote("Email")} FROM {d.Qualify(new TableName(d.DefaultSchema, "Customer"))}");
        Assert.NotEmpty(customers);
        foreach (var r in customers)
        {
            var first = new string(((string)r[0]!).ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
            Assert.StartsWith(first + ".", (string)r[2]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rows_asked_for_one_table_bring_the_parents_its_not_null_keys_need_in_the_sources_ratio()
    {
        var source = await ChinookAsync();
        var schema = await GenerationSchemas.FromDatabaseAsync(Runtime, source, CancellationToken.None);
        var target = await TestDatabases.CreateAsync("sqlite", "gen_parents");
        await GenerateAsync(schema, target, new Dictionary<string, long> { ["InvoiceLine"] = 1120 });
        var counts = await TargetChecks.CountsAsync(target);
        // InvoiceLine 2240 → Invoice 412 and Track 3503 in the source; half of each here, and Track's parents follow.
        Assert.Equal(1120, counts["InvoiceLine"]);
        Assert.Equal(206, counts["Invoice"]);
        Assert.Equal(1752, counts["Track"]);
        Assert.True(counts.ContainsKey("MediaType") && counts["MediaType"] > 0);
        await AssertNoOrphansAsync(target, (await TargetChecks.InspectAsync(target)).Tables.Sum(t => t.ForeignKeys.Count));
    }

    [Fact]
    public async Task The_demo_schema_from_a_catalog_file_gives_the_same_rows_for_the_same_seed()
    {
        var demo = await TestDatabases.CreateAsync("sqlite", "gen_demo");
        await using (var endpoint = Runtime.Connect(demo))
            await new Demo.HealthRegistryGenerator(beneficiaries: 300).LoadAsync(endpoint, CancellationToken.None);
        var catalog = await TargetChecks.InspectAsync(demo);
        var file = Path.Combine(Path.GetTempPath(), "obscura-tests", TestDatabases.UniqueName("catalog") + ".json");
        await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(catalog, Obscura.Engine.Discovery.ScanFiles.CatalogJsonOptions));
        var schema = await GenerationSchemas.FromCatalogFileAsync(file, CancellationToken.None);

        var rows = new Dictionary<string, long> { ["beneficiary"] = 800, ["visit"] = 2000, ["prescription"] = 3000 };
        var a = await TestDatabases.CreateAsync("postgres", "gen_demo_a");
        var b = await TestDatabases.CreateAsync("postgres", "gen_demo_b");
        var c = await TestDatabases.CreateAsync("postgres", "gen_demo_c");
        await GenerateAsync(schema, a, rows, seed: 5, locale: "en_IND");
        await GenerateAsync(schema, b, rows, seed: 5, locale: "en_IND");
        await GenerateAsync(schema, c, rows, seed: 6, locale: "en_IND");
        await AssertNoOrphansAsync(a, (await TargetChecks.InspectAsync(a)).Tables.Sum(t => t.ForeignKeys.Count));
        await AssertUniquesHoldAsync(a);

        async Task<string> DumpAsync(DatabaseUri uri)
        {
            var text = new System.Text.StringBuilder();
            foreach (var t in (await TargetChecks.InspectAsync(uri)).Tables.OrderBy(t => t.Name.Name, StringComparer.Ordinal))
            {
                var order = string.Join(", ", Enumerable.Range(1, t.Columns.Count(c => c.TypeClass != TypeClass.Binary)));
                var cols = string.Join(", ", t.Columns.Where(c => c.TypeClass != TypeClass.Binary).Select(c => $"\"{c.Name}\"::text"));
                foreach (var r in await TestDatabases.QueryAsync(uri, $"SELECT {cols} FROM \"public\".\"{t.Name.Name}\" ORDER BY {order}"))
                    text.AppendLine(string.Join("|", r));
            }
            return text.ToString();
        }
        var dumpA = await DumpAsync(a);
        Assert.Equal(dumpA, await DumpAsync(b));
        Assert.NotEqual(dumpA, await DumpAsync(c));

        // Indian locale: Aadhaar numbers with valid Verhoeff check digits, in the column the classifier named.
        var ids = await TestDatabases.QueryAsync(a, "SELECT aadhar_no FROM beneficiary WHERE aadhar_no IS NOT NULL");
        Assert.Equal(800, ids.Count);
        Assert.All(ids, r => Assert.True(Aadhaar.IsValid(((string)r[0]!).Replace(" ", "", StringComparison.Ordinal)), "invalid Aadhaar"));
        // Adults: every birth date gives an age of 18 or more at the fixed as-of date.
        Assert.Equal(0, await TestDatabases.CountAsync(a, "SELECT COUNT(*) FROM beneficiary WHERE date_of_birth > DATE '2007-01-01'"));
    }

    private static string[] HandMade(string provider)
    {
        var inline = provider == "sqlite";
        var emp = """
            CREATE TABLE emp (id INTEGER NOT NULL PRIMARY KEY, dept_id INTEGER NOT NULL, boss_id INTEGER NULL,
              email VARCHAR(100) NOT NULL, first_name VARCHAR(40) NOT NULL, last_name VARCHAR(40) NOT NULL,
              level INTEGER NOT NULL, status VARCHAR(10) NOT NULL,
              CONSTRAINT emp_email UNIQUE (email),
              CONSTRAINT emp_level CHECK (level >= 1 AND level <= 7),
              CONSTRAINT emp_status CHECK (status IN ('new', 'active', 'gone')),
              CONSTRAINT emp_dept FOREIGN KEY (dept_id) REFERENCES dept (id),
              CONSTRAINT emp_boss FOREIGN KEY (boss_id) REFERENCES emp (id))
            """;
        var dept = $"""
            CREATE TABLE dept (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL, manager_id INTEGER NULL,
              budget DECIMAL(10,2) NOT NULL, CONSTRAINT dept_name UNIQUE (name),
              CONSTRAINT dept_budget CHECK (budget BETWEEN 1000 AND 5000){(inline ? ", CONSTRAINT dept_manager FOREIGN KEY (manager_id) REFERENCES emp (id)" : "")})
            """;
        return
        [
            dept,
            emp,
            .. inline ? Array.Empty<string>() : ["ALTER TABLE dept ADD CONSTRAINT dept_manager FOREIGN KEY (manager_id) REFERENCES emp (id)"],
            """
            CREATE TABLE project (dept_id INTEGER NOT NULL, code INTEGER NOT NULL, title VARCHAR(60) NOT NULL,
              PRIMARY KEY (dept_id, code), CONSTRAINT project_dept FOREIGN KEY (dept_id) REFERENCES dept (id))
            """,
            """
            CREATE TABLE assignment (emp_id INTEGER NOT NULL, dept_id INTEGER NOT NULL, code INTEGER NOT NULL,
              hours INTEGER NOT NULL, CONSTRAINT assignment_hours CHECK (hours > 0),
              PRIMARY KEY (emp_id, dept_id, code),
              CONSTRAINT assignment_emp FOREIGN KEY (emp_id) REFERENCES emp (id),
              CONSTRAINT assignment_project FOREIGN KEY (dept_id, code) REFERENCES project (dept_id, code))
            """,
        ];
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Composite_keys_self_references_cycles_and_checks_hold_in_the_same_engine(string provider)
    {
        var source = await TestDatabases.CreateAsync(provider, "gen_hand");
        await TestDatabases.ExecuteAsync(source, HandMade(provider));
        var schema = await GenerationSchemas.FromDatabaseAsync(Runtime, source, CancellationToken.None);
        Assert.All(schema.Catalog.Tables, t => Assert.Equal(0, t.RowEstimate));
        var target = await TestDatabases.CreateAsync(provider, "gen_hand_t");
        var result = await GenerateAsync(schema, target, new Dictionary<string, long> { ["dept"] = 20, ["emp"] = 500, ["project"] = 60, ["assignment"] = 2000 });
        Assert.DoesNotContain(result.Summary.Warnings, w => w.Contains("OBS705", StringComparison.Ordinal));

        var counts = await TargetChecks.CountsAsync(target);
        Assert.Equal(20, counts["dept"]);
        Assert.Equal(500, counts["emp"]);
        Assert.Equal(60, counts["project"]);
        Assert.Equal(2000, counts["assignment"]);
        var built = await TargetChecks.InspectAsync(target);
        Assert.Equal(6, built.Tables.Sum(t => t.ForeignKeys.Count));
        Assert.Equal(provider == "mysql" ? 4 : 4, built.Tables.Sum(t => t.Checks.Count));
        await AssertNoOrphansAsync(target, 6);
        await AssertUniquesHoldAsync(target);

        Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM dept WHERE budget < 1000 OR budget > 5000"));
        Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM emp WHERE level < 1 OR level > 7 OR status NOT IN ('new', 'active', 'gone')"));
        Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM assignment WHERE hours <= 0"));
        // The cycle: every department has a manager (a nullable edge, filled), and the manager is an employee.
        Assert.Equal(20, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM dept d JOIN emp e ON e.id = d.manager_id"));
        // The self-reference is a tree: roots without a boss, every boss listed before the employee, and shallow.
        Assert.InRange(await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM emp WHERE boss_id IS NULL"), 1, 20);
        Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM emp WHERE boss_id >= id"));
        Assert.Equal(0, await TestDatabases.CountAsync(target,
            "SELECT COUNT(*) FROM emp e1 JOIN emp e2 ON e2.id = e1.boss_id JOIN emp e3 ON e3.id = e2.boss_id JOIN emp e4 ON e4.id = e3.boss_id JOIN emp e5 ON e5.id = e4.boss_id JOIN emp e6 ON e6.id = e5.boss_id JOIN emp e7 ON e7.id = e6.boss_id"));
        // The three-column key is made of two foreign keys: every combination is distinct and joins.
        Assert.Equal(2000, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM assignment a JOIN project p ON p.dept_id = a.dept_id AND p.code = a.code JOIN emp e ON e.id = a.emp_id"));
    }

    [Fact]
    public async Task Unsatisfiable_constraints_and_bad_counts_are_reported_before_anything_is_written()
    {
        var source = await TestDatabases.CreateAsync("sqlite", "gen_bad");
        await TestDatabases.ExecuteAsync(source, HandMade("sqlite"));
        var schema = await GenerationSchemas.FromDatabaseAsync(Runtime, source, CancellationToken.None);
        var target = await TestDatabases.CreateAsync("postgres", "gen_bad_t");
        var service = new GenerateService(Runtime);

        // A unique column whose CHECK list has three values cannot hold 500 distinct rows.
        var uniqueStatus = schema with
        {
            Catalog = schema.Catalog with
            {
                Tables = schema.Catalog.Tables.Select(t => t.Name.Name == "emp" ? t with { UniqueKeys = [.. t.UniqueKeys, new UniqueKey("emp_status_u", ["status"])] } : t).ToList(),
            },
        };
        var ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => service.RunAsync(new GenerateOptions
        {
            Target = target, Schema = uniqueStatus, Rows = new Dictionary<string, long> { ["dept"] = 5, ["emp"] = 500 },
        }));
        Assert.Contains(ex.Diagnostics, d => d.Code == DiagnosticCodes.GenerateUnsatisfiable && d.Message.Contains("emp.status", StringComparison.Ordinal));

        // More one-to-one children than parents; an unknown table; a NOT NULL parent without a count (no source counts known).
        ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => service.RunAsync(new GenerateOptions
        {
            Target = target, Schema = schema, Rows = new Dictionary<string, long> { ["emp"] = 5, ["dept"] = 2, ["project"] = 4, ["assignment"] = 21 },
        }));
        Assert.Contains(ex.Diagnostics, d => d.Code == DiagnosticCodes.GenerateUnsatisfiable && d.Message.Contains("20 combinations", StringComparison.Ordinal));
        ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => service.RunAsync(new GenerateOptions
        {
            Target = target, Schema = schema, Rows = new Dictionary<string, long> { ["employees"] = 5 },
        }));
        Assert.Contains(ex.Diagnostics, d => d.Code == DiagnosticCodes.GenerateUnknownTable);
        ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => service.RunAsync(new GenerateOptions
        {
            Target = target, Schema = schema with { Catalog = schema.Catalog with { Tables = schema.Catalog.Tables.Select(t => t with { RowEstimate = -1 }).ToList() } },
            Rows = new Dictionary<string, long> { ["emp"] = 5 },
        }));
        Assert.Contains(ex.Diagnostics, d => d.Code == DiagnosticCodes.GenerateNoParents && d.Message.StartsWith("dept needs a row count", StringComparison.Ordinal));

        Assert.Empty((await TargetChecks.InspectAsync(target)).Tables);
    }

    [Fact]
    public async Task A_failed_load_drops_the_tables_it_created()
    {
        var source = await TestDatabases.CreateAsync("sqlite", "gen_fail");
        // A CHECK the generator does not read: the load itself succeeds, the constraint fails when it is added, and the run undoes itself.
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(10) NOT NULL, CONSTRAINT odd CHECK (length(code) = 3 AND code LIKE 'x%'))");
        var schema = await GenerationSchemas.FromDatabaseAsync(Runtime, source, CancellationToken.None);
        var target = await TestDatabases.CreateAsync("sqlite", "gen_fail_t");
        var result = await new GenerateService(Runtime).RunAsync(new GenerateOptions { Target = target, Schema = schema, Rows = new Dictionary<string, long> { ["t"] = 50 } });
        Assert.False(result.Succeeded);
        Assert.Contains(result.Summary.Warnings, w => w.Contains("OBS705", StringComparison.Ordinal));
        Assert.Empty((await TargetChecks.InspectAsync(target)).Tables);
    }
}
