using Obscura.Core.Schema;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.Postgres;

/// <summary>The inspector on <see cref="PostgresRichSchema"/>.</summary>
public sealed class PostgresInspectorTests
{
    private static readonly Lazy<Task<(DatabaseUri Uri, Catalog Catalog)>> Rich = new(async () =>
    {
        var uri = await PostgresTestDatabase.CreateAsync("rich", PostgresRichSchema.Statements);
        return (uri, await PostgresTestDatabase.InspectAsync(uri));
    });

    private static async Task<Catalog> RichCatalogAsync() => (await Rich.Value).Catalog;

    private static Table Find(Catalog catalog, string schema, string name) =>
        Assert.Single(catalog.Tables, t => t.Name == new TableName(schema, name));

    [Fact]
    public async Task Catalog_names_the_provider_version_database_default_schema_and_every_user_schema()
    {
        var (uri, catalog) = await Rich.Value;
        Assert.Equal("postgres", catalog.Provider);
        Assert.Matches(@"^\d+(\.\d+)?", catalog.ServerVersion);
        Assert.Equal(uri.Database, catalog.Database);
        Assert.Equal("public", catalog.DefaultSchema);
        Assert.Equal(["app", "billing", "empty_one", "public"], catalog.Schemas);
    }

    [Fact]
    public async Task Base_tables_include_partitioned_parents_but_not_their_partitions()
    {
        var catalog = await RichCatalogAsync();
        Assert.Equal(
            ["app.User", "billing.order", "billing.order_line", "billing.shipment", "public.event_log", "public.measurement", "public.player", "public.team"],
            catalog.Tables.Select(t => t.Name.ToString()));
    }

    [Fact]
    public async Task Columns_keep_names_declared_types_type_classes_and_modifiers()
    {
        var user = Find(await RichCatalogAsync(), "app", "User");
        Assert.Equal(
            ["id", "Date Of Birth", "email", "mood", "moods", "manager_id", "balance", "tags", "ip", "created", "note"],
            user.Columns.Select(c => c.Name));
        Assert.Equal(Enumerable.Range(1, 11), user.Columns.Select(c => c.Ordinal));
        Assert.Equal(
            [TypeClass.Integer, TypeClass.Date, TypeClass.Text, TypeClass.Text, TypeClass.Other, TypeClass.Integer, TypeClass.Decimal,
             TypeClass.Other, TypeClass.Text, TypeClass.DateTimeOffset, TypeClass.Text],
            user.Columns.Select(c => c.TypeClass));
        Assert.Equal(
            ["integer", "date", "character varying(120)", "app.mood", "app.mood[]", "integer", "numeric(12,2)", "text[]", "inet",
             "timestamp(3) with time zone", "text"],
            user.Columns.Select(c => c.DeclaredType));

        var balance = user.FindColumn("balance")!;
        Assert.Equal((12, 2), (balance.Precision, balance.Scale));
        Assert.Equal("0", balance.Default);
        Assert.False(balance.IsNullable);
        Assert.Equal(120, user.FindColumn("email")!.MaxLength);
        Assert.Equal("login name", user.FindColumn("email")!.Comment);
        Assert.Equal(3, user.FindColumn("created")!.Precision);
        Assert.Equal("now()", user.FindColumn("created")!.Default);
        Assert.Equal("people who log in", user.Comment);
        Assert.True(user.FindColumn("note")!.IsNullable);
    }

    [Fact]
    public async Task Integer_widths_numerics_and_money_are_classified()
    {
        var catalog = await RichCatalogAsync();
        var order = Find(catalog, "billing", "order");
        Assert.Equal(64, order.FindColumn("id")!.IntegerBits);
        Assert.Equal(32, order.FindColumn("User")!.IntegerBits);
        Assert.Equal(16, order.FindColumn("select")!.IntegerBits);
        var total = order.FindColumn("total")!;
        Assert.Equal((TypeClass.Decimal, "numeric"), (total.TypeClass, total.DeclaredType));
        Assert.Null(total.Precision);
        Assert.Null(total.Scale);
        Assert.Equal(TypeClass.Decimal, Find(catalog, "billing", "order_line").FindColumn("price")!.TypeClass);
        var during = Find(catalog, "public", "event_log").FindColumn("during")!;
        Assert.Equal((TypeClass.Other, "interval"), (during.TypeClass, during.DeclaredType));
    }

    [Fact]
    public async Task Enums_carry_their_labels_and_domains_become_their_base_type()
    {
        var user = Find(await RichCatalogAsync(), "app", "User");
        var mood = user.FindColumn("mood")!;
        Assert.Equal(["sad", "ok", "happy", "it's complicated"], mood.EnumValues!);
        Assert.Equal("'ok'::app.mood", mood.Default);
        Assert.Equal(["sad", "ok", "happy", "it's complicated"], user.FindColumn("moods")!.EnumValues!);
        var email = user.FindColumn("email")!;
        Assert.Equal("character varying(120)", email.DeclaredType);
        Assert.Null(email.EnumValues);
    }

    [Fact]
    public async Task Identity_and_serial_columns_are_marked_with_their_generation()
    {
        var catalog = await RichCatalogAsync();
        var id = Find(catalog, "app", "User").FindColumn("id")!;
        Assert.True(id.IsIdentity);
        Assert.Equal("GENERATED ALWAYS AS IDENTITY", id.Default);
        Assert.False(id.IsNullable);
        var serial = Find(catalog, "billing", "order").FindColumn("id")!;
        Assert.True(serial.IsIdentity);
        Assert.StartsWith("nextval(", serial.Default);
        Assert.True(Find(catalog, "billing", "shipment").FindColumn("id")!.IsIdentity);
        Assert.False(Find(catalog, "billing", "order").FindColumn("User")!.IsIdentity);
    }

    [Fact]
    public async Task Inspect_reads_composite_self_referencing_and_cyclic_foreign_keys()
    {
        var catalog = await RichCatalogAsync();
        var user = Find(catalog, "app", "User");
        var self = Assert.Single(user.ForeignKeys);
        Assert.Equal(["manager_id"], self.Columns);
        Assert.Equal(new TableName("app", "User"), self.ReferencedTable);
        Assert.Equal("SET NULL", self.OnDelete);
        Assert.Equal("NO ACTION", self.OnUpdate);

        var crossSchema = Assert.Single(Find(catalog, "billing", "order").ForeignKeys);
        Assert.Equal((new TableName("app", "User"), "CASCADE", "CASCADE"), (crossSchema.ReferencedTable, crossSchema.OnDelete, crossSchema.OnUpdate));

        var composite = Assert.Single(Find(catalog, "billing", "shipment").ForeignKeys);
        Assert.Equal("shipment_line_fk", composite.Name);
        Assert.Equal(["line_no", "order_id"], composite.Columns);
        Assert.Equal(["line_no", "order_id"], composite.ReferencedColumns);
        Assert.Equal(new TableName("billing", "order_line"), composite.ReferencedTable);
        Assert.Equal("RESTRICT", composite.OnDelete);

        var captain = Assert.Single(Find(catalog, "public", "team").ForeignKeys);
        Assert.Equal(("team_captain_fk", new TableName("public", "player")), (captain.Name, captain.ReferencedTable));
        Assert.True(Find(catalog, "public", "team").FindColumn("captain_id")!.IsNullable);
        Assert.Equal(new TableName("public", "team"), Assert.Single(Find(catalog, "public", "player").ForeignKeys).ReferencedTable);
    }

    [Fact]
    public async Task Primary_keys_and_unique_constraints_keep_names_and_column_order()
    {
        var catalog = await RichCatalogAsync();
        var line = Find(catalog, "billing", "order_line");
        Assert.Equal("order_line_pkey", line.PrimaryKey!.Name);
        Assert.Equal(["order_id", "line_no"], line.PrimaryKey.Columns);
        Assert.Equal(["line_no", "order_id"], Assert.Single(line.UniqueKeys).Columns);
        var order = Find(catalog, "billing", "order");
        Assert.Equal(["placed", "User"], Assert.Single(order.UniqueKeys).Columns);
        Assert.Equal("user_email_key", Assert.Single(Find(catalog, "app", "User").UniqueKeys).Name);
        Assert.Null(Find(catalog, "public", "event_log").PrimaryKey);
        Assert.Equal(["id", "taken"], Find(catalog, "public", "measurement").PrimaryKey!.Columns);
    }

    [Fact]
    public async Task Indexes_exclude_constraint_indexes_and_flag_expressions_and_predicates()
    {
        var catalog = await RichCatalogAsync();
        var log = Find(catalog, "public", "event_log");
        Assert.Equal(["event_log_at_idx", "event_log_kind_idx"], log.Indexes.Select(i => i.Name));
        var at = log.Indexes[0];
        Assert.Equal(["at"], at.Columns);
        Assert.False(at.HasExpressions);
        Assert.Equal("CREATE INDEX event_log_at_idx ON public.event_log USING btree (at DESC)", at.Definition);
        var kind = log.Indexes[1];
        Assert.Empty(kind.Columns);
        Assert.True(kind.HasExpressions);
        Assert.Contains("->>", kind.Definition);

        var sku = Assert.Single(Find(catalog, "billing", "order_line").Indexes);
        Assert.True(sku.IsUnique);
        Assert.True(sku.HasExpressions);
        Assert.Equal(["sku"], sku.Columns);
        Assert.Equal("user_lower_email_idx", Assert.Single(Find(catalog, "app", "User").Indexes).Name);
        Assert.Equal("measurement_value_idx", Assert.Single(Find(catalog, "public", "measurement").Indexes).Name);
    }

    [Fact]
    public async Task Check_constraints_are_read_without_not_null_constraints()
    {
        var catalog = await RichCatalogAsync();
        var check = Assert.Single(Find(catalog, "billing", "order_line").Checks);
        Assert.Equal(new CheckConstraint("qty_positive", "(qty > 0)"), check);
        Assert.Equal("(balance >= (0)::numeric)", Assert.Single(Find(catalog, "app", "User").Checks).Expression);
        Assert.Empty(Find(catalog, "billing", "order").Checks);
    }

    [Fact]
    public async Task Row_estimates_are_unknown_before_analyze_and_counted_after()
    {
        var uri = await PostgresTestDatabase.CreateAsync("est", PostgresRichSchema.Statements.Concat(PostgresRichSchema.Rows));
        var before = await PostgresTestDatabase.InspectAsync(uri);
        Assert.All(before.Tables, t => Assert.Equal(-1, t.RowEstimate));
        await TestDatabases.ExecuteAsync(uri, "ANALYZE");
        var after = await PostgresTestDatabase.InspectAsync(uri);
        Assert.Equal(2, Find(after, "app", "User").RowEstimate);
        Assert.Equal(2, Find(after, "public", "measurement").RowEstimate);
    }

    [Fact]
    public async Task Views_materialized_views_triggers_routines_and_free_sequences_are_listed()
    {
        var catalog = await RichCatalogAsync();
        var view = Assert.Single(catalog.Views, v => v.Kind == "view");
        Assert.Equal(new TableName("app", "active_users"), view.Name);
        Assert.StartsWith("CREATE VIEW \"app\".\"active_users\" AS", view.Definition);
        Assert.DoesNotContain(";", view.Definition);
        var matview = Assert.Single(catalog.Views, v => v.Kind == "materialized_view");
        Assert.StartsWith("CREATE MATERIALIZED VIEW \"billing\".\"order_totals\" AS", matview.Definition);

        var trigger = Assert.Single(catalog.Triggers);
        Assert.Equal((new TableName("app", "user_touch"), new TableName("app", "User")), (trigger.Name, trigger.Table));
        Assert.StartsWith("CREATE TRIGGER user_touch BEFORE UPDATE ON app.\"User\"", trigger.Definition);

        Assert.Equal(["app.add", "app.touch", "billing.noop"], catalog.Routines.Select(r => r.Name.ToString()));
        Assert.Equal(["function", "function", "procedure"], catalog.Routines.Select(r => r.Kind));
        Assert.Contains("CREATE OR REPLACE FUNCTION app.touch()", catalog.Routines[1].Definition);

        var sequence = Assert.Single(catalog.Sequences);
        Assert.Equal(new TableName("billing", "invoice_no"), sequence.Name);
        Assert.Contains("INCREMENT BY 5", sequence.Definition);
        Assert.Contains("START WITH 1000", sequence.Definition);
    }

    [Fact]
    public async Task Quoted_identifiers_round_trip_exactly()
    {
        var catalog = await RichCatalogAsync();
        Assert.Same(Find(catalog, "app", "User"), catalog.FindTable("app.User"));
        Assert.Same(Find(catalog, "billing", "order"), catalog.FindTable("order"));
        Assert.NotNull(Find(catalog, "app", "User").FindColumn("Date Of Birth"));
        Assert.NotNull(Find(catalog, "billing", "order").FindColumn("select"));
    }
}
