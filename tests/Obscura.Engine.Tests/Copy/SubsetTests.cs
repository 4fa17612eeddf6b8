using System.Globalization;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;
using Obscura.Engine.Subset;

namespace Obscura.Engine.Tests.Copy;

/// <summary>
/// Subset copies (docs/subset.md): the exact semantics on a small hand-built schema with a self-reference, a cycle
/// through nullable keys, a composite key and a keyless child, on every source engine; then real datasets.
/// </summary>
public sealed class SubsetTests
{
    private static readonly RunSecret Secret = RunSecret.FromText("subset-test-secret-0123456789");

    /// <summary>
    /// region ← customer (self: referrer) ← orders ← order_line ← shipment (composite FK); customer ← note (no key);
    /// employee (self: manager) ⇄ dept (nullable both ways); tag stands alone.
    /// </summary>
    private static async Task<DatabaseUri> SourceAsync(string provider)
    {
        var uri = await TestDatabases.CreateAsync(provider, "subset_src");
        var sqlite = provider == "sqlite";
        var statements = new List<string>
        {
            "CREATE TABLE region (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL)",
            """
            CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, region_id INTEGER NOT NULL, referrer_id INTEGER NULL, name VARCHAR(20) NOT NULL,
              CONSTRAINT fk_customer_region FOREIGN KEY (region_id) REFERENCES region (id),
              CONSTRAINT fk_customer_referrer FOREIGN KEY (referrer_id) REFERENCES customer (id))
            """,
            """
            CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL, total INTEGER NOT NULL,
              CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id))
            """,
            """
            CREATE TABLE order_line (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, qty INTEGER NOT NULL, PRIMARY KEY (order_id, line_no),
              CONSTRAINT fk_line_order FOREIGN KEY (order_id) REFERENCES orders (id))
            """,
            """
            CREATE TABLE shipment (id INTEGER NOT NULL PRIMARY KEY, order_id INTEGER NOT NULL, line_no INTEGER NOT NULL,
              CONSTRAINT fk_shipment_line FOREIGN KEY (order_id, line_no) REFERENCES order_line (order_id, line_no))
            """,
            """
            CREATE TABLE note (customer_id INTEGER NULL, body VARCHAR(40) NOT NULL,
              CONSTRAINT fk_note_customer FOREIGN KEY (customer_id) REFERENCES customer (id))
            """,
            sqlite
                ? """
                  CREATE TABLE employee (id INTEGER NOT NULL PRIMARY KEY, manager_id INTEGER NULL, dept_id INTEGER NULL, name VARCHAR(20) NOT NULL,
                    CONSTRAINT fk_employee_manager FOREIGN KEY (manager_id) REFERENCES employee (id),
                    CONSTRAINT fk_employee_dept FOREIGN KEY (dept_id) REFERENCES dept (id))
                  """
                : """
                  CREATE TABLE employee (id INTEGER NOT NULL PRIMARY KEY, manager_id INTEGER NULL, dept_id INTEGER NULL, name VARCHAR(20) NOT NULL,
                    CONSTRAINT fk_employee_manager FOREIGN KEY (manager_id) REFERENCES employee (id))
                  """,
            """
            CREATE TABLE dept (id INTEGER NOT NULL PRIMARY KEY, head_id INTEGER NULL,
              CONSTRAINT fk_dept_head FOREIGN KEY (head_id) REFERENCES employee (id))
            """,
            "CREATE TABLE tag (id INTEGER NOT NULL PRIMARY KEY, label VARCHAR(20) NOT NULL)",
        };
        if (!sqlite) statements.Add("ALTER TABLE employee ADD CONSTRAINT fk_employee_dept FOREIGN KEY (dept_id) REFERENCES dept (id)");

        statements.Add("INSERT INTO region (id, name) VALUES (1, 'north'), (2, 'south'), (3, 'east')");
        // customer i: region (i % 3) + 1; even customers were referred by the one before.
        statements.Add("INSERT INTO customer (id, region_id, referrer_id, name) VALUES " + string.Join(", ",
            Enumerable.Range(1, 10).Select(i => $"({i}, {(i % 3) + 1}, {(i % 2 == 0 ? (i - 1).ToString(CultureInfo.InvariantCulture) : "NULL")}, 'c{i}')")));
        // order i belongs to customer ((i - 1) % 10) + 1; two lines each; shipment j ships line ((j - 1) % 2) + 1 of order ((j - 1) / 2) + 1.
        statements.Add("INSERT INTO orders (id, customer_id, total) VALUES " + string.Join(", ", Enumerable.Range(1, 20).Select(i => $"({i}, {((i - 1) % 10) + 1}, {i * 10})")));
        statements.Add("INSERT INTO order_line (order_id, line_no, qty) VALUES " + string.Join(", ", Enumerable.Range(1, 20).SelectMany(i => new[] { $"({i}, 1, 1)", $"({i}, 2, 2)" })));
        statements.Add("INSERT INTO shipment (id, order_id, line_no) VALUES " + string.Join(", ", Enumerable.Range(1, 40).Select(j => $"({j}, {((j - 1) / 2) + 1}, {((j - 1) % 2) + 1})")));
        statements.Add("INSERT INTO note (customer_id, body) VALUES " + string.Join(", ", Enumerable.Range(1, 10).Select(i => $"({i}, 'n{i}')")) + ", (NULL, 'orphan-free')");
        // Manager chain 5 → 4 → 3 → 2 → 1, and 6 → 1; employee 1 works in dept 1, employee 6 in dept 2; dept 1 is headed by 3, dept 2 by 6.
        statements.Add("INSERT INTO employee (id, manager_id, dept_id, name) VALUES (1, NULL, NULL, 'e1'), (2, 1, NULL, 'e2'), (3, 2, NULL, 'e3'), (4, 3, NULL, 'e4'), (5, 4, NULL, 'e5'), (6, 1, NULL, 'e6')");
        statements.Add("INSERT INTO dept (id, head_id) VALUES (1, 3), (2, 6)");
        statements.Add("UPDATE employee SET dept_id = 1 WHERE id = 1");
        statements.Add("UPDATE employee SET dept_id = 2 WHERE id = 6");
        statements.Add("INSERT INTO tag (id, label) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");
        await TestDatabases.ExecuteAsync(uri, [.. statements]);
        return uri;
    }

    private static async Task<(CopyResult Result, DatabaseUri Target)> CopyAsync(
        DatabaseUri source, string targetProvider, SubsetOptions subset, string? config = null)
    {
        var target = await TestDatabases.CreateAsync(targetProvider, "subset_dst");
        var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Config = config is null ? ObscuraConfig.Empty : ConfigLoader.Parse(config), Secret = Secret, Jobs = 2, Subset = subset,
        });
        Assert.True(result.Succeeded, result.Summary.Error);
        var orphans = await TargetChecks.OrphansAsync(target);
        Assert.NotEmpty(orphans);
        Assert.All(orphans, o => Assert.True(o.Value == 0, $"{o.Key}: {o.Value} orphaned rows"));
        return (result, target);
    }

    private static SubsetOptions Where(params string[] filters) =>
        new() { Filters = [.. filters.Select(f => SubsetOptions.ParseOption("--where", f))] };

    private static async Task<string> IdsAsync(DatabaseUri target, string table, string column = "id")
    {
        var rows = await TestDatabases.QueryAsync(target, $"SELECT {column} FROM {table} ORDER BY {column}");
        return string.Join(",", rows.Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture)));
    }

    private static async Task<long> CountAsync(DatabaseUri target, string table) => await TestDatabases.CountAsync(target, $"SELECT COUNT(*) FROM {table}");

    [Theory]
    [InlineData("sqlite", "sqlite")]
    [InlineData("postgres", "postgres")]
    [InlineData("mysql", "sqlite")]
    [InlineData("postgres", "mysql")]
    public async Task Filtering_a_parent_restricts_its_children_and_lifts_what_they_reference(string sourceProvider, string targetProvider)
    {
        var source = await SourceAsync(sourceProvider);
        var (result, target) = await CopyAsync(source, targetProvider, Where("customer=id <= 2"));

        Assert.Equal("1,2", await IdsAsync(target, "customer"));
        Assert.Equal("1,2,11,12", await IdsAsync(target, "orders"));
        Assert.Equal(8, await CountAsync(target, "order_line"));
        Assert.Equal(8, await CountAsync(target, "shipment"));
        // The keyless child keeps its rows of kept customers and its row that references nothing.
        Assert.Equal(3, await CountAsync(target, "note"));
        Assert.Equal("2,3", await IdsAsync(target, "region"));
        // Tables nothing reaches are copied whole.
        Assert.Equal(6, await CountAsync(target, "employee"));
        Assert.Equal(2, await CountAsync(target, "dept"));
        Assert.Equal(5, await CountAsync(target, "tag"));

        var subset = result.Summary.Subset!;
        var customer = subset.Tables.Single(t => t.Table.EndsWith("customer", StringComparison.Ordinal));
        Assert.Equal(2, customer.Rows);
        Assert.StartsWith("filter: where (--where)", customer.Reasons[0].Reason, StringComparison.Ordinal);
        var region = subset.Tables.Single(t => t.Table.EndsWith("region", StringComparison.Ordinal));
        Assert.Contains(region.Reasons, r => r.Reason.StartsWith("referenced by kept rows of", StringComparison.Ordinal) && r.Rows == 2);
        Assert.Equal("whole", subset.Tables.Single(t => t.Table.EndsWith("tag", StringComparison.Ordinal)).Mode);
        Assert.Equal(2, result.Summary.Tables.Single(t => t.Source.EndsWith("customer", StringComparison.Ordinal)).Rows);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Filtering_a_child_pulls_in_its_parents_even_where_their_own_filter_excludes_them(string sourceProvider)
    {
        var source = await SourceAsync(sourceProvider);
        // Order 20 belongs to customer 10, referred by customer 9: both come along although the customer filter keeps only 1.
        var (_, target) = await CopyAsync(source, "sqlite", Where("orders=id = 20 -- the last order", "customer=id = 1"));
        Assert.Equal("20", await IdsAsync(target, "orders"));
        Assert.Equal("1,9,10", await IdsAsync(target, "customer"));
        Assert.Equal("1,2", await IdsAsync(target, "region"));
        Assert.Equal(2, await CountAsync(target, "order_line"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task A_self_reference_chain_is_closed_upward(string sourceProvider)
    {
        var source = await SourceAsync(sourceProvider);
        var (_, target) = await CopyAsync(source, "sqlite", Where("employee=id = 5"));
        // 5 → 4 → 3 → 2 → 1, and employee 1's department; dept 2 is headed by an employee who is not kept.
        Assert.Equal("1,2,3,4,5", await IdsAsync(target, "employee"));
        Assert.Equal("1", await IdsAsync(target, "dept"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task A_cycle_through_nullable_keys_reaches_a_fixpoint(string sourceProvider)
    {
        var source = await SourceAsync(sourceProvider);
        // Down: employees of dept 2 whose managers are kept — none survive the fixpoint (every chain ends at employee 1, of dept 1).
        // Up: dept 2's head 6 → its manager 1 → dept 1 → its head 3 → 2 → 1.
        var (result, target) = await CopyAsync(source, "sqlite", Where("dept=id = 2"));
        Assert.Equal("1,2", await IdsAsync(target, "dept"));
        Assert.Equal("1,2,3,6", await IdsAsync(target, "employee"));
        var employee = result.Summary.Subset!.Tables.Single(t => t.Table.EndsWith("employee", StringComparison.Ordinal));
        Assert.Contains(employee.Reasons, r => r.Reason.StartsWith("children of kept rows of", StringComparison.Ordinal) && r.Rows == 0);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_composite_key_is_followed_and_with_children_widens_by_depth(string sourceProvider)
    {
        var source = await SourceAsync(sourceProvider);
        var filter = Where("shipment=id = 7");

        // Shipment 7 ships line (4, 1): order 4, customer 4 and its referrer 3, their regions 2 and 1.
        var (_, plain) = await CopyAsync(source, "sqlite", filter);
        Assert.Equal("7", await IdsAsync(plain, "shipment"));
        Assert.Equal("4:1", string.Join(",", (await TestDatabases.QueryAsync(plain, "SELECT order_id, line_no FROM order_line")).Select(r => $"{r[0]}:{r[1]}")));
        Assert.Equal("4", await IdsAsync(plain, "orders"));
        Assert.Equal("3,4", await IdsAsync(plain, "customer"));
        Assert.Equal("1,2", await IdsAsync(plain, "region"));
        Assert.Equal(3, await CountAsync(plain, "note"));

        // Depth 1: children of the rows the closure added (line (4,2); orders 3, 13, 14; customers of regions 1 and 2), then up again (customer 5, region 3).
        var (_, one) = await CopyAsync(source, "sqlite", filter with { WithChildren = true, Depth = 1 });
        Assert.Equal("7", await IdsAsync(one, "shipment"));
        Assert.Equal(2, await CountAsync(one, "order_line"));
        Assert.Equal("3,4,13,14", await IdsAsync(one, "orders"));
        Assert.Equal("1,3,4,5,6,7,9,10", await IdsAsync(one, "customer"));
        Assert.Equal("1,2,3", await IdsAsync(one, "region"));

        // Depth 2: and their children (shipment 8, the lines of orders 3, 13, 14, the orders of the added customers, customers 2 and 8).
        var (_, two) = await CopyAsync(source, "sqlite", filter with { WithChildren = true, Depth = 2 });
        Assert.Equal("7,8", await IdsAsync(two, "shipment"));
        Assert.Equal(8, await CountAsync(two, "order_line"));
        Assert.Equal("1,3,4,6,7,9,10,11,13,14,16,17,19,20", await IdsAsync(two, "orders"));
        Assert.Equal("1,2,3,4,5,6,7,8,9,10", await IdsAsync(two, "customer"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Samples_are_deterministic_and_the_command_line_replaces_the_config(string sourceProvider)
    {
        var source = await SourceAsync(sourceProvider);
        var sample = new SubsetOptions { Filters = [SubsetOptions.ParseOption("--sample", "order_line=40%")], Seed = 7 };
        var (first, a) = await CopyAsync(source, "sqlite", sample);
        var (_, b) = await CopyAsync(source, "sqlite", sample);
        var lines = await TestDatabases.QueryAsync(a, "SELECT order_id, line_no FROM order_line ORDER BY order_id, line_no");
        Assert.InRange(lines.Count, 4, 36);
        Assert.Equal(
            string.Join(",", lines.Select(r => $"{r[0]}:{r[1]}")),
            string.Join(",", (await TestDatabases.QueryAsync(b, "SELECT order_id, line_no FROM order_line ORDER BY order_id, line_no")).Select(r => $"{r[0]}:{r[1]}")));
        Assert.Equal(lines.Count, first.Summary.Subset!.Tables.Single(t => t.Table.EndsWith("order_line", StringComparison.Ordinal)).Rows);

        // A row count takes exactly that many; the config's where on orders is replaced by the command line's.
        const string config = """
            tables:
              orders:
                where: "id = 1"
              region:
                sample: 2
            """;
        var (_, c) = await CopyAsync(source, "sqlite", Where("orders=id = 2"), config);
        Assert.Equal("2", await IdsAsync(c, "orders"));
        // Region keeps its sample of 2, plus customer 2's region if the sample missed it.
        Assert.InRange(await CountAsync(c, "region"), 2, 3);
    }

    [Fact]
    public async Task Unknown_tables_and_broken_predicates_are_refused_before_anything_is_written()
    {
        var source = await SourceAsync("sqlite");
        var target = await TestDatabases.CreateAsync("sqlite", "subset_bad");
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Subset = Where("custmer=id = 1", "orders=no_such_column = 1"),
        }));
        Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.SubsetUnknownTable && d.Message.Contains("customer", StringComparison.Ordinal));
        // A predicate is tried in the source (SELECT ... WHERE (predicate) AND 1 = 0) once every name resolves.
        error = await Assert.ThrowsAsync<ObscuraConfigException>(() => new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Subset = Where("orders=no_such_column = 1"),
        }));
        Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.SubsetInvalidFilter && d.Message.Contains("orders", StringComparison.Ordinal));
        // One condition only: a second statement is refused before it reaches the source; a trailing comment is harmless.
        error = await Assert.ThrowsAsync<ObscuraConfigException>(() => new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Subset = Where("orders=1 = 1); DELETE FROM orders; SELECT (1"),
        }));
        Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.SubsetInvalidFilter && d.Message.Contains("';'", StringComparison.Ordinal));
        // Quotes inside a comment cannot hide one either.
        error = await Assert.ThrowsAsync<ObscuraConfigException>(() => new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Subset = Where("orders=/* ' */ 1 = 1); DELETE FROM orders; SELECT (1"),
        }));
        Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.SubsetInvalidFilter && d.Message.Contains("';'", StringComparison.Ordinal));
        Assert.Equal(20, await TestDatabases.CountAsync(source, "SELECT COUNT(*) FROM orders"));
        Assert.Empty((await TargetChecks.InspectAsync(target)).Tables);
        Assert.Throws<ObscuraConfigException>(() => SubsetOptions.ParseOption("--where", "customer"));
        Assert.Throws<ObscuraConfigException>(() => SubsetOptions.ParseOption("--sample", "orders=150%"));
        var config = Assert.Throws<ObscuraConfigException>(() => ConfigLoader.Parse("tables:\n  orders:\n    sample: lots\n"));
        Assert.Contains(config.Diagnostics, d => d.Code == DiagnosticCodes.InvalidSubset && d.Line == 3);
    }

    [Fact]
    public async Task A_read_only_postgres_user_can_take_a_subset_and_the_source_is_not_written()
    {
        // The kept keys live in temporary tables of one session: no CREATE on any schema is needed, nothing is left behind.
        var source = await SourceAsync("postgres");
        var role = "obscura_reader_" + Guid.NewGuid().ToString("N")[..8];
        await TestDatabases.ExecuteAsync(source,
            $"CREATE ROLE {role} LOGIN PASSWORD 'reader-pass-1'",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}");
        var reader = DatabaseUri.Parse(source.ToString().Replace("postgres://postgres@", $"postgres://{role}:reader-pass-1@", StringComparison.Ordinal));
        const string objects = "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT LIKE 'pg_%' AND n.nspname <> 'information_schema'";
        var before = await TestDatabases.CountAsync(source, objects);

        var (result, target) = await CopyAsync(reader, "postgres", Where("customer=id = 3", "dept=id = 2"));

        Assert.NotNull(result.Summary.Subset);
        Assert.True(await CountAsync(target, "customer") >= 1);
        Assert.Equal(before, await TestDatabases.CountAsync(source, objects));
    }

    [Fact]
    public async Task Declared_relations_are_followed_like_foreign_keys()
    {
        var source = await SourceAsync("sqlite");
        // tag.id is declared (not enforced) to reference region.id: tags of kept regions only.
        const string config = """
            relations:
              - { table: tag, columns: [id], references: region, referenced_columns: [id] }
            """;
        var (result, target) = await CopyAsync(source, "sqlite", Where("region=id = 1"), config);
        Assert.Equal("1", await IdsAsync(target, "tag"));
        // Customers of region 1 are 3, 6 and 9, but 6 was referred by 5 (region 3), which the restriction drops: so 6 goes too.
        Assert.Equal("3,9", await IdsAsync(target, "customer"));
        Assert.Equal("subset", result.Summary.Subset!.Tables.Single(t => t.Table == "tag").Mode);
    }

    [Fact]
    public async Task A_ten_percent_sample_of_sakila_customers_goes_from_mariadb_to_postgres_without_orphans()
    {
        var source = await Datasets.LoadAsync("mysql", "sakila_subset", "sakila-mysql/sakila-mv-schema.sql", "sakila-mysql/sakila-mv-data.sql");
        const string config = """
            tables:
              customer:
                sample: 10%
                columns:
                  last_name: { strategy: hash }
                  email:     { strategy: hash }
            """;
        var (result, target) = await CopyAsync(source, "postgres", new SubsetOptions { Seed = 42 }, config);

        var customers = (await TestDatabases.QueryAsync(target, "SELECT customer_id FROM customer ORDER BY customer_id"))
            .Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(customers.Count, 40, 80);
        var kept = string.Join(", ", customers);
        // Every payment and rental of a kept customer arrives, and nothing of the others.
        Assert.Equal(await TestDatabases.CountAsync(source, $"SELECT COUNT(*) FROM payment WHERE customer_id IN ({kept})"), await CountAsync(target, "payment"));
        Assert.Equal(await TestDatabases.CountAsync(source, $"SELECT COUNT(*) FROM rental WHERE customer_id IN ({kept})"), await CountAsync(target, "rental"));
        // Parents come along only as referenced; film_actor follows the films kept; lookup tables nothing reduces stay whole.
        Assert.True(await CountAsync(target, "film") < 1000);
        Assert.Equal(await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM film_actor fa WHERE fa.film_id IN (SELECT film_id FROM film)"), await CountAsync(target, "film_actor"));
        Assert.Equal(200, await CountAsync(target, "actor"));
        Assert.Equal(1000, await CountAsync(target, "film_text"));
        Assert.NotEmpty(result.Summary.Tables.Single(t => t.Source.EndsWith("customer", StringComparison.Ordinal)).Transformed);
        var film = result.Summary.Subset!.Tables.Single(t => t.Table.EndsWith("film", StringComparison.Ordinal));
        Assert.Contains(film.Reasons, r => r.Reason.Contains("inventory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_demo_subset_is_anonymized_in_the_same_run()
    {
        var source = await TestDatabases.CreateAsync("sqlite", "subset_demo");
        var runtime = ObscuraRuntime.CreateDefault();
        await using (var endpoint = runtime.Connect(source))
            await new Demo.HealthRegistryGenerator(beneficiaries: 1500).LoadAsync(endpoint, CancellationToken.None);
        const string filter = "ben_reg_id % 7 = 0";
        var (result, target) = await CopyAsync(source, "postgres", Where("beneficiary=" + filter), Demo.DemoService.DemoConfig);

        var beneficiaries = await TestDatabases.CountAsync(source, $"SELECT COUNT(*) FROM beneficiary WHERE {filter}");
        Assert.InRange(beneficiaries, 1, 1499);
        Assert.Equal(beneficiaries, await CountAsync(target, "beneficiary"));
        Assert.Equal(await TestDatabases.CountAsync(source, $"SELECT COUNT(*) FROM visit WHERE {filter}"), await CountAsync(target, "visit"));
        Assert.Equal(await TestDatabases.CountAsync(source, $"SELECT COUNT(*) FROM prescription WHERE {filter}"), await CountAsync(target, "prescription"));
        // The key was hashed on the way: no kept registration ID appears in the target.
        var sourceIds = (await TestDatabases.QueryAsync(source, $"SELECT ben_reg_id FROM beneficiary WHERE {filter}")).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToHashSet();
        var targetIds = (await TestDatabases.QueryAsync(target, "SELECT ben_reg_id FROM beneficiary")).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToList();
        Assert.DoesNotContain(targetIds, sourceIds.Contains);
        Assert.Equal(beneficiaries, result.Summary.Subset!.Tables.Single(t => t.Table == "beneficiary").Rows);
    }
}
