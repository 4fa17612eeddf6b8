using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;
using Obscura.Engine.Schema;
using Obscura.Engine.Tests.Copy;

namespace Obscura.Engine.Tests.Schema;

/// <summary>
/// <c>schema sync</c> against real servers: an empty target gets what a copy would create; an evolved source adds exactly
/// its additions and keeps the target's rows; extras are kept unless --allow-drop; dry runs change nothing; a second run
/// finds nothing to do.
/// </summary>
public sealed class SchemaSyncTests
{
    private static SchemaSyncService Service() => new(ObscuraRuntime.CreateDefault());

    public static TheoryData<string, string> EmptyTargetPairs() => new()
    {
        { "postgres", "postgres" }, { "postgres", "mysql" }, { "mysql", "sqlite" }, { "sqlite", "postgres" },
        { "mysql", "mysql" }, { "sqlite", "sqlite" }, { "postgres", "sqlite" }, { "mysql", "postgres" }, { "sqlite", "mysql" },
    };

    [Theory]
    [MemberData(nameof(EmptyTargetPairs))]
    public async Task Sync_into_an_empty_target_creates_what_copy_creates_and_a_second_run_finds_nothing(string sourceProvider, string targetProvider)
    {
        var source = await CopyMatrixTests.SourceFor(sourceProvider);
        var synced = await TestDatabases.CreateAsync(targetProvider, "sync_dst");
        var copied = await TestDatabases.CreateAsync(targetProvider, "sync_cpy");

        var dry = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = synced, DryRun = true });
        Assert.True(dry.Succeeded);
        Assert.Contains(dry.Plan.Steps, s => s.Kind == "create_table");
        Assert.Empty((await TargetChecks.InspectAsync(synced)).Tables);

        var result = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = synced });
        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(result.Plan.Steps.Count, result.StepsRun);
        var copy = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions { Source = source, Target = copied, Jobs = 2 });
        Assert.True(copy.Succeeded, copy.Summary.Error);

        var a = await TargetChecks.InspectAsync(synced);
        var b = await TargetChecks.InspectAsync(copied);
        Assert.Equal(Shape(b), Shape(a));
        Assert.All((await TargetChecks.CountsAsync(synced)).Values, n => Assert.Equal(0, n));

        var second = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = synced });
        Assert.True(second.Plan.IsEmpty, "second sync planned: " + string.Join("; ", second.Plan.Steps.Select(s => s.Reason)));
        Assert.Empty(second.Plan.NotApplied);
        Assert.Empty(second.Plan.Kept);
        // The copy's target is already in sync as well: sync and copy agree on what the target should be.
        var againstCopy = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = copied, DryRun = true });
        Assert.True(againstCopy.Plan.IsEmpty, "copy target differs: " + string.Join("; ", againstCopy.Plan.Steps.Select(s => s.Reason)));
    }

    public static TheoryData<string, string> EvolutionPairs() => new()
    {
        { "postgres", "postgres" }, { "postgres", "mysql" }, { "postgres", "sqlite" }, { "mysql", "postgres" }, { "mysql", "mysql" }, { "mysql", "sqlite" },
    };

    [Theory]
    [MemberData(nameof(EvolutionPairs))]
    public async Task An_evolved_source_adds_exactly_its_additions_keeps_rows_and_drops_extras_only_when_allowed(string sourceProvider, string targetProvider)
    {
        var source = await TestDatabases.CreateAsync(sourceProvider, "sync_evo_src");
        var target = await TestDatabases.CreateAsync(targetProvider, "sync_evo_dst");
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE customer (id integer NOT NULL PRIMARY KEY, name varchar(50) NOT NULL)",
            "CREATE TABLE orders (id integer NOT NULL PRIMARY KEY, customer_id integer, amount decimal(10,2))");
        var first = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });
        Assert.True(first.Succeeded, first.Failure?.Message);
        await TestDatabases.ExecuteAsync(target,
            "INSERT INTO customer (id, name) VALUES (1, 'Asha'), (2, 'Ravi')",
            "INSERT INTO orders (id, customer_id, amount) VALUES (10, 1, 12.50), (11, 2, 3.25)",
            "ALTER TABLE customer ADD COLUMN legacy_code varchar(10)");

        await TestDatabases.ExecuteAsync(source,
            "ALTER TABLE customer ADD COLUMN email varchar(100)",
            "CREATE INDEX ix_customer_name ON customer (name)",
            "ALTER TABLE customer ADD CONSTRAINT uq_customer_email UNIQUE (email)",
            "ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id)");

        // Dry run: the plan, and nothing changed.
        var before = Shape(await TargetChecks.InspectAsync(target));
        var dry = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target, DryRun = true });
        Assert.Equal(before, Shape(await TargetChecks.InspectAsync(target)));
        var canAlter = targetProvider != "sqlite";
        List<string> expected = canAlter ? ["add_column", "add_index", "add_unique", "add_foreign_key"] : ["add_column", "add_index", "add_unique"];
        // MariaDB indexes a foreign key's columns itself; that index is part of its catalog, so a copy creates it too.
        if (sourceProvider == "mysql") expected.Add("add_index");
        Assert.Equal(expected.Order(), dry.Plan.Steps.Select(s => s.Kind).Order());
        if (sourceProvider == "mysql") Assert.Contains(dry.Plan.Steps, s => s.Kind == "add_index" && s.Table.EndsWith("orders", StringComparison.Ordinal) && s.Reason.Contains("(customer_id)", StringComparison.Ordinal));
        Assert.Contains(dry.Plan.Kept, k => k.Contains("legacy_code", StringComparison.Ordinal));
        if (!canAlter) Assert.Contains(dry.Plan.NotApplied, n => n.Contains("foreign key (customer_id)", StringComparison.Ordinal));

        var sync = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });
        Assert.True(sync.Succeeded, sync.Failure?.Message);
        Assert.Equal(dry.Plan.Steps.Count, sync.StepsRun);
        var after = await TargetChecks.InspectAsync(target);
        var customer = after.FindTable("customer")!;
        Assert.NotNull(customer.FindColumn("email"));
        Assert.NotNull(customer.FindColumn("legacy_code"));
        Assert.True(customer.IsUniqueColumn("email"));
        Assert.Contains(customer.Indexes, i => i.Columns.SequenceEqual(["name"]) && !i.IsUnique);
        Assert.Equal(canAlter ? 1 : 0, after.FindTable("orders")!.ForeignKeys.Count(fk => fk.Columns.SequenceEqual(["customer_id"])));
        Assert.Equal(2, (await TargetChecks.CountsAsync(target))["customer"]);
        Assert.Equal(2, (await TargetChecks.CountsAsync(target))["orders"]);

        var again = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });
        Assert.True(again.Plan.IsEmpty, "second sync planned: " + string.Join("; ", again.Plan.Steps.Select(s => s.Reason)));

        var drop = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target, AllowDrop = true });
        Assert.True(drop.Succeeded, drop.Failure?.Message);
        Assert.Equal(["drop_column"], drop.Plan.Steps.Select(s => s.Kind));
        Assert.Null((await TargetChecks.InspectAsync(target)).FindTable("customer")!.FindColumn("legacy_code"));
        Assert.Equal(2, (await TargetChecks.CountsAsync(target))["customer"]);
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target, AllowDrop = true })).Plan.IsEmpty);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Widening_is_applied_narrowing_needs_allow_drop_and_a_NOT_NULL_column_joins_a_table_with_rows_NULL_able(string provider)
    {
        var source = await TestDatabases.CreateAsync(provider, "sync_types_src");
        var target = await TestDatabases.CreateAsync(provider, "sync_types_dst");
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE item (id integer NOT NULL PRIMARY KEY, label varchar(40), code varchar(20), qty integer NOT NULL, note varchar(10) NOT NULL)");
        await TestDatabases.ExecuteAsync(target,
            "CREATE TABLE item (id integer NOT NULL PRIMARY KEY, label varchar(20), code varchar(30), qty integer)",
            "INSERT INTO item (id, label, code, qty) VALUES (1, 'a', 'b', 5)");

        var sync = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });
        Assert.True(sync.Succeeded, sync.Failure?.Message);
        // label widens (20 → 40), qty becomes NOT NULL (no NULLs held); code would narrow (30 → 20) and is kept.
        Assert.Contains(sync.Plan.Steps, s => s.Kind == "alter_column" && s.Reason.Contains("item.label", StringComparison.Ordinal));
        Assert.Contains(sync.Plan.Steps, s => s.Kind == "alter_column" && s.Reason.Contains("item.qty", StringComparison.Ordinal) && s.Reason.Contains("NOT NULL", StringComparison.Ordinal));
        Assert.Contains(sync.Plan.Kept, k => k.Contains("item.code", StringComparison.Ordinal));
        Assert.Contains(sync.Plan.NotApplied, n => n.Contains("item.note", StringComparison.Ordinal) && n.Contains("NULL-able", StringComparison.Ordinal));
        var item = (await TargetChecks.InspectAsync(target)).FindTable("item")!;
        Assert.Equal(40, item.FindColumn("label")!.MaxLength);
        Assert.Equal(30, item.FindColumn("code")!.MaxLength);
        Assert.False(item.FindColumn("qty")!.IsNullable);
        Assert.True(item.FindColumn("note")!.IsNullable);

        var narrow = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target, AllowDrop = true });
        Assert.True(narrow.Succeeded, narrow.Failure?.Message);
        Assert.Equal(20, (await TargetChecks.InspectAsync(target)).FindTable("item")!.FindColumn("code")!.MaxLength);
        Assert.Equal(1, (await TargetChecks.CountsAsync(target))["item"]);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task A_failing_step_reports_which_steps_ran(string provider)
    {
        var source = await TestDatabases.CreateAsync(provider, "sync_fail_src");
        var target = await TestDatabases.CreateAsync(provider, "sync_fail_dst");
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE a (id integer NOT NULL PRIMARY KEY, email varchar(50))",
            "ALTER TABLE a ADD CONSTRAINT uq_a_email UNIQUE (email)",
            "CREATE TABLE b (id integer NOT NULL PRIMARY KEY)");
        // The target holds duplicate e-mails: the unique constraint cannot be built; the new table b is created first.
        await TestDatabases.ExecuteAsync(target,
            "CREATE TABLE a (id integer NOT NULL PRIMARY KEY, email varchar(50))",
            "INSERT INTO a (id, email) VALUES (1, 'same@example.org'), (2, 'same@example.org')");

        var result = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });
        Assert.False(result.Succeeded);
        var error = Assert.IsType<ObscuraDatabaseException>(result.Failure);
        Assert.DoesNotContain("same@example.org", error.Message, StringComparison.Ordinal);
        var steps = result.Plan.Steps;
        var failing = steps.ToList().FindIndex(s => s.Kind == "add_unique" && s.Table.EndsWith("a", StringComparison.Ordinal));
        Assert.True(failing >= 1, string.Join(", ", steps.Select(s => s.Kind)));
        Assert.Equal("create_table", steps[0].Kind);
        Assert.Contains($"step {failing + 1} of {steps.Count} (add_unique {steps[failing].Table})", error.Message, StringComparison.Ordinal);
        var tables = (await TargetChecks.InspectAsync(target)).Tables.Select(t => t.Name.Name).ToList();
        if (provider == "postgres")
        {
            Assert.Equal(0, result.StepsRun);
            Assert.Contains("rolled back", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("b", tables);
        }
        else
        {
            Assert.Equal(failing, result.StepsRun);
            Assert.Contains(failing == 1 ? "step 1 ran" : $"steps 1-{failing} ran", error.Message, StringComparison.Ordinal);
            Assert.Contains("b", tables);
        }
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Extra_indexes_uniques_foreign_keys_and_tables_are_kept_unless_allow_drop(string provider)
    {
        var source = await TestDatabases.CreateAsync(provider, "sync_extra_src");
        var target = await TestDatabases.CreateAsync(provider, "sync_extra_dst");
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE parent (id integer NOT NULL PRIMARY KEY, code varchar(20))",
            "CREATE TABLE child (id integer NOT NULL PRIMARY KEY, parent_id integer, label varchar(20))");
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Succeeded);
        await TestDatabases.ExecuteAsync(target,
            "CREATE INDEX ix_child_label ON child (label)",
            "ALTER TABLE parent ADD CONSTRAINT uq_parent_code UNIQUE (code)",
            "ALTER TABLE child ADD CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)",
            "CREATE TABLE leftover (id integer PRIMARY KEY)",
            "INSERT INTO parent (id, code) VALUES (1, 'x')");

        var keep = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });
        Assert.True(keep.Plan.IsEmpty, string.Join("; ", keep.Plan.Steps.Select(s => s.Reason)));
        Assert.Equal(4, keep.Plan.Kept.Count);
        foreach (var name in new[] { "ix_child_label", "uq_parent_code", "fk_child_parent", "leftover" })
            Assert.Contains(keep.Plan.Kept, k => k.Contains(name, StringComparison.Ordinal) && k.Contains("--allow-drop", StringComparison.Ordinal));

        var drop = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target, AllowDrop = true });
        Assert.True(drop.Succeeded, drop.Failure?.Message);
        List<string> dropped = ["drop_foreign_key", "drop_index", "drop_unique", "drop_table"];
        // MariaDB made an index for the foreign key; once the key goes, that index is an extra too (else a third run would find it).
        if (provider == "mysql") dropped.Add("drop_index");
        Assert.Equal(dropped.Order(), drop.Plan.Steps.Select(s => s.Kind).Order());
        var after = await TargetChecks.InspectAsync(target);
        Assert.Null(after.FindTable("leftover"));
        Assert.Empty(after.FindTable("child")!.ForeignKeys);
        Assert.Empty(after.FindTable("parent")!.UniqueKeys);
        Assert.Equal(1, (await TargetChecks.CountsAsync(target))["parent"]);
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target, AllowDrop = true })).Plan.IsEmpty);
    }

    [Fact]
    public async Task A_non_default_schema_is_created_in_PostgreSQL_and_becomes_a_prefix_in_MariaDB()
    {
        var source = await TestDatabases.CreateAsync("postgres", "sync_schema_src");
        await TestDatabases.ExecuteAsync(source,
            "CREATE SCHEMA sales",
            "CREATE TABLE sales.orders (id integer PRIMARY KEY, total numeric(10,2) NOT NULL DEFAULT 0)",
            "CREATE TABLE public.customer (id integer PRIMARY KEY)");
        var pg = await TestDatabases.CreateAsync("postgres", "sync_schema_pg");
        var result = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = pg });
        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Contains(result.Plan.Steps, s => s.Kind == "create_schema" && s.Table == "sales");
        Assert.NotNull((await TargetChecks.InspectAsync(pg)).FindTable(new TableName("sales", "orders")));
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = pg })).Plan.IsEmpty);

        var maria = await TestDatabases.CreateAsync("mysql", "sync_schema_my");
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = maria })).Succeeded);
        var names = (await TargetChecks.InspectAsync(maria)).Tables.Select(t => t.Name.Name).Order().ToList();
        Assert.Equal(["customer", "sales_orders"], names);
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = maria })).Plan.IsEmpty);
    }

    [Fact]
    public async Task A_new_unbounded_text_column_in_a_new_unique_key_is_bounded_in_MariaDB_as_a_copy_would()
    {
        var source = await TestDatabases.CreateAsync("postgres", "sync_textkey_src");
        var target = await TestDatabases.CreateAsync("mysql", "sync_textkey_dst");
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE account (id integer PRIMARY KEY)");
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Succeeded);
        await TestDatabases.ExecuteAsync(target, "INSERT INTO account (id) VALUES (1), (2)");
        await TestDatabases.ExecuteAsync(source, "ALTER TABLE account ADD COLUMN token text", "ALTER TABLE account ADD CONSTRAINT uq_account_token UNIQUE (token)");

        var sync = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });
        Assert.True(sync.Succeeded, sync.Failure?.Message);
        Assert.Equal(["add_column", "add_unique"], sync.Plan.Steps.Select(s => s.Kind));
        var token = (await TargetChecks.InspectAsync(target)).FindTable("account")!.FindColumn("token")!;
        Assert.Equal(768, token.MaxLength);
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Plan.IsEmpty);
    }

    [Fact]
    public async Task A_changed_default_is_synced_within_PostgreSQL()
    {
        var source = await TestDatabases.CreateAsync("postgres", "sync_default_src");
        var target = await TestDatabases.CreateAsync("postgres", "sync_default_dst");
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE t (id integer PRIMARY KEY, status text NOT NULL DEFAULT 'new')");
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Succeeded);
        await TestDatabases.ExecuteAsync(source, "ALTER TABLE t ALTER COLUMN status SET DEFAULT 'open'");
        var sync = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });
        Assert.True(sync.Succeeded, sync.Failure?.Message);
        Assert.Equal(["alter_column"], sync.Plan.Steps.Select(s => s.Kind));
        Assert.Contains("'open'", (await TargetChecks.InspectAsync(target)).FindTable("t")!.FindColumn("status")!.Default, StringComparison.Ordinal);
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Plan.IsEmpty);
    }

    [Theory]
    [InlineData("postgres", "postgres")]
    [InlineData("postgres", "mysql")]
    [InlineData("mysql", "postgres")]
    public async Task A_foreign_key_whose_actions_changed_is_re_added_with_them_and_rows_stay(string sourceProvider, string targetProvider)
    {
        var source = await TestDatabases.CreateAsync(sourceProvider, "sync_fkact_src");
        var target = await TestDatabases.CreateAsync(targetProvider, "sync_fkact_dst");
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE parent (id integer PRIMARY KEY)",
            "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer, CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id))");
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Succeeded);
        await TestDatabases.ExecuteAsync(target, "INSERT INTO parent VALUES (1)", "INSERT INTO child VALUES (10, 1)");
        await TestDatabases.ExecuteAsync(source, sourceProvider == "mysql" ? "ALTER TABLE child DROP FOREIGN KEY child_parent" : "ALTER TABLE child DROP CONSTRAINT child_parent",
            "ALTER TABLE child ADD CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE");

        var sync = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });

        Assert.True(sync.Succeeded, sync.Failure?.Message);
        Assert.Equal(["alter_foreign_key", "alter_foreign_key"], sync.Plan.Steps.Select(s => s.Kind));
        Assert.Equal("CASCADE", (await TargetChecks.InspectAsync(target)).FindTable("child")!.ForeignKeys.Single().OnDelete, ignoreCase: true);
        Assert.Equal(1, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM child"));
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Plan.IsEmpty);
    }

    [Fact]
    public async Task A_MariaDB_column_change_keeps_the_target_nullability_and_its_NULLs()
    {
        var source = await TestDatabases.CreateAsync("mysql", "sync_keepnull_src");
        var target = await TestDatabases.CreateAsync("mysql", "sync_keepnull_dst");
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE t (id int PRIMARY KEY, qty int NULL)");
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Succeeded);
        await TestDatabases.ExecuteAsync(target, "INSERT INTO t VALUES (1, NULL), (2, 5)");
        await TestDatabases.ExecuteAsync(source, "ALTER TABLE t MODIFY qty bigint NOT NULL");

        var sync = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });

        Assert.True(sync.Succeeded, sync.Failure?.Message);
        var qty = (await TargetChecks.InspectAsync(target)).FindTable("t")!.FindColumn("qty")!;
        Assert.StartsWith("bigint", qty.DeclaredType, StringComparison.OrdinalIgnoreCase);
        Assert.True(qty.IsNullable); // NOT NULL is reported as not applied: the column holds a NULL
        Assert.Equal(1, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM t WHERE qty IS NULL"));
    }

    [Fact]
    public async Task Unbounded_text_in_a_plain_index_stays_in_sync_on_MariaDB_and_a_new_NOT_NULL_column_without_a_usable_default_is_added_NULL_able()
    {
        var source = await TestDatabases.CreateAsync("postgres", "sync_textidx_src");
        var target = await TestDatabases.CreateAsync("mysql", "sync_textidx_dst");
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE t (id integer PRIMARY KEY, name text)", "CREATE INDEX t_name ON t (name)");
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Succeeded);
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Plan.IsEmpty);

        await TestDatabases.ExecuteAsync(target, "INSERT INTO t (id, name) VALUES (1, 'a')");
        await TestDatabases.ExecuteAsync(source, "ALTER TABLE t ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()");
        var sync = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });
        Assert.True(sync.Succeeded, sync.Failure?.Message);
        // The PostgreSQL default does not translate: MariaDB would fill the row with '' — the column is added NULL-able instead.
        Assert.Equal(1, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM t WHERE token IS NULL"));
    }

    [Fact]
    public async Task A_PostgreSQL_data_error_is_reported_without_the_value()
    {
        var source = await TestDatabases.CreateAsync("postgres", "sync_pgerr_src");
        var target = await TestDatabases.CreateAsync("postgres", "sync_pgerr_dst");
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE t (id integer PRIMARY KEY, code text)");
        Assert.True((await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target })).Succeeded);
        await TestDatabases.ExecuteAsync(target, "INSERT INTO t VALUES (1, 'alice@example.com')");
        await TestDatabases.ExecuteAsync(source, "ALTER TABLE t ALTER COLUMN code TYPE integer USING 0");

        var sync = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target, AllowDrop = true });

        Assert.False(sync.Succeeded);
        Assert.Contains("22P02", sync.Failure!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", sync.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SQLite_reports_column_changes_it_cannot_make_in_place_and_changes_nothing()
    {
        var source = await TestDatabases.CreateAsync("sqlite", "sync_sqlite_src");
        var target = await TestDatabases.CreateAsync("sqlite", "sync_sqlite_dst");
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)");
        await TestDatabases.ExecuteAsync(target, "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20))");
        var sync = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target });
        Assert.True(sync.Succeeded);
        Assert.True(sync.Plan.IsEmpty);
        var note = Assert.Single(sync.Plan.NotApplied);
        Assert.Contains("t.name", note, StringComparison.Ordinal);
        Assert.Contains("rebuild", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_table_is_refused_before_anything_is_written()
    {
        var source = await CopyMatrixTests.SourceFor("sqlite");
        var target = await TestDatabases.CreateAsync("postgres", "sync_unknown");
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => Service().RunAsync(
            new SchemaSyncOptions { Source = source, Target = target, Tables = ["employee", "employe_typo"] }));
        Assert.Contains("employe_typo", error.Message, StringComparison.Ordinal);
        Assert.Empty((await TargetChecks.InspectAsync(target)).Tables);
    }

    [Fact]
    public async Task With_tables_only_those_are_synced_and_other_target_tables_are_not_extra()
    {
        var source = await CopyMatrixTests.SourceFor("postgres");
        var target = await TestDatabases.CreateAsync("postgres", "sync_subset");
        await TestDatabases.ExecuteAsync(target, "CREATE TABLE unrelated (id integer PRIMARY KEY)");
        var result = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target, Tables = ["department", "employee"], AllowDrop = true });
        Assert.True(result.Succeeded, result.Failure?.Message);
        var names = (await TargetChecks.InspectAsync(target)).Tables.Select(t => t.Name.Name).Order().ToList();
        Assert.Equal(["department", "employee", "unrelated"], names);
        var all = await Service().RunAsync(new SchemaSyncOptions { Source = source, Target = target, DryRun = true });
        Assert.Contains(all.Plan.Kept, k => k.Contains("unrelated", StringComparison.Ordinal));
    }

    /// <summary>Tables with their columns (name, type, NULL), primary key, unique column sets, indexes and foreign keys, as comparable text.</summary>
    private static List<string> Shape(Catalog catalog)
    {
        var result = new List<string>();
        foreach (var t in catalog.Tables.OrderBy(t => t.Name))
        {
            result.Add($"table {t.Name}");
            foreach (var c in t.Columns) result.Add($"  column {c.Name} {c.DeclaredType} {(c.IsNullable ? "NULL" : "NOT NULL")}");
            result.Add($"  pk ({string.Join(",", t.PrimaryKey?.Columns ?? [])})");
            foreach (var u in t.UniqueKeys.Select(u => string.Join(",", u.Columns)).Order(StringComparer.Ordinal)) result.Add($"  unique ({u})");
            foreach (var i in t.Indexes.Select(i => $"{(i.IsUnique ? "unique " : "")}index ({string.Join(",", i.Columns)})").Order(StringComparer.Ordinal)) result.Add("  " + i);
            foreach (var fk in t.ForeignKeys.Select(f => $"fk ({string.Join(",", f.Columns)}) → {f.ReferencedTable} ({string.Join(",", f.ReferencedColumns)})").Order(StringComparer.Ordinal))
                result.Add("  " + fk);
        }
        return result;
    }
}
