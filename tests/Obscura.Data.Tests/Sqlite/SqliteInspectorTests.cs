using Obscura.Core.Schema;

namespace Obscura.Data.Tests.Sqlite;

/// <summary>The inspector on a schema with quoted names, composite, self-referencing and cyclic keys, checks and indexes.</summary>
public sealed class SqliteInspectorTests
{
    private static async Task<Catalog> RichCatalogAsync()
    {
        var uri = await SqliteTestFiles.NewDatabaseAsync("rich");
        await SqliteTestFiles.ExecuteAsync(uri, SqliteRichSchema.Statements);
        return await SqliteTestFiles.InspectAsync(uri);
    }

    private static Table Find(Catalog catalog, string name) => Assert.Single(catalog.Tables, t => t.Name.Name == name);

    [Fact]
    public async Task Catalog_names_the_provider_version_and_file_and_has_no_schemas()
    {
        var catalog = await RichCatalogAsync();
        Assert.Equal("sqlite", catalog.Provider);
        Assert.Matches(@"^3\.\d+\.\d+", catalog.ServerVersion);
        Assert.EndsWith(".db", catalog.Database);
        Assert.DoesNotContain("/", catalog.Database);
        Assert.Null(catalog.DefaultSchema);
        Assert.All(catalog.Tables, t => Assert.Null(t.Name.Schema));
    }

    [Fact]
    public async Task Ordinary_tables_are_listed_without_internal_virtual_or_shadow_tables()
    {
        var catalog = await RichCatalogAsync();
        Assert.Equal(["Customer", "Order Header", "Order Line", "audit_log", "reviewer"], catalog.Tables.Select(t => t.Name.Name));
    }

    [Fact]
    public async Task Columns_keep_names_declared_types_and_get_type_classes()
    {
        var customer = Find(await RichCatalogAsync(), "Customer");
        Assert.Equal(
            ["Id", "Email", "Date Of Birth", "order", "User", "Balance", "active", "created", "profile", "photo", "anything"],
            customer.Columns.Select(c => c.Name));
        Assert.Equal(Enumerable.Range(1, 11), customer.Columns.Select(c => c.Ordinal));
        Assert.Equal(
            [TypeClass.Integer, TypeClass.Text, TypeClass.Date, TypeClass.Integer, TypeClass.Text, TypeClass.Decimal, TypeClass.Boolean,
             TypeClass.DateTime, TypeClass.Json, TypeClass.Binary, TypeClass.Other],
            customer.Columns.Select(c => c.TypeClass));
        var email = customer.FindColumn("Email")!;
        Assert.Equal("VARCHAR(120)", email.DeclaredType);
        Assert.Equal(120, email.MaxLength);
        Assert.False(email.IsNullable);
        var balance = customer.FindColumn("Balance")!;
        Assert.Equal("DECIMAL(12, 2)", balance.DeclaredType);
        Assert.Equal((12, 2), (balance.Precision!.Value, balance.Scale!.Value));
        Assert.Equal("'anon'", customer.FindColumn("User")!.Default);
        Assert.Equal("datetime('now')", customer.FindColumn("created")!.Default);
        Assert.Equal(string.Empty, customer.FindColumn("anything")!.DeclaredType);
        Assert.Equal(64, customer.FindColumn("order")!.IntegerBits);
    }

    [Fact]
    public async Task Generated_columns_are_not_part_of_the_table()
    {
        var customer = Find(await RichCatalogAsync(), "Customer");
        Assert.Null(customer.FindColumn("email_domain"));
    }

    [Fact]
    public async Task Integer_primary_key_is_the_rowid_identity_and_autoincrement_is_recorded()
    {
        var catalog = await RichCatalogAsync();
        var id = Find(catalog, "Customer").FindColumn("Id")!;
        Assert.True(id.IsIdentity);
        Assert.False(id.IsNullable);
        Assert.Equal("AUTOINCREMENT", id.IdentityDefinition);
        var reviewerId = Find(catalog, "reviewer").FindColumn("id")!;
        Assert.True(reviewerId.IsIdentity);
        Assert.Null(reviewerId.IdentityDefinition);
        Assert.All(Find(catalog, "Order Header").Columns, c => Assert.False(c.IsIdentity));
    }

    [Fact]
    public async Task Primary_keys_follow_key_order_and_a_table_may_have_none()
    {
        var catalog = await RichCatalogAsync();
        Assert.Equal(["region", "order_no"], Find(catalog, "Order Header").PrimaryKey!.Columns);
        Assert.Equal(["region", "order_no", "line"], Find(catalog, "Order Line").PrimaryKey!.Columns);
        Assert.Null(Find(catalog, "audit_log").PrimaryKey);
    }

    [Fact]
    public async Task Unique_constraints_keep_their_names_and_column_order()
    {
        var customer = Find(await RichCatalogAsync(), "Customer");
        Assert.Collection(customer.UniqueKeys,
            u => Assert.Equal((null, "Email"), (u.Name, string.Join(",", u.Columns))),
            u => Assert.Equal(("uq_user_dob", "User,Date Of Birth"), (u.Name, string.Join(",", u.Columns))));
    }

    [Fact]
    public async Task Composite_self_referencing_and_cyclic_foreign_keys_are_read_in_declaration_order()
    {
        var catalog = await RichCatalogAsync();
        var header = Find(catalog, "Order Header");
        Assert.Collection(header.ForeignKeys,
            f =>
            {
                Assert.Null(f.Name);
                Assert.Equal(["customer_id"], f.Columns);
                Assert.Equal(new TableName(null, "Customer"), f.ReferencedTable);
                Assert.Equal(["Id"], f.ReferencedColumns);
                Assert.Equal("CASCADE", f.OnDelete);
                Assert.Equal("NO ACTION", f.OnUpdate);
            },
            f =>
            {
                // REFERENCES reviewer without columns: the parent's primary key.
                Assert.Equal("fk_header_reviewer", f.Name);
                Assert.Equal(["reviewer_id"], f.Columns);
                Assert.Equal(new TableName(null, "reviewer"), f.ReferencedTable);
                Assert.Equal(["id"], f.ReferencedColumns);
            });
        var line = Find(catalog, "Order Line");
        Assert.Collection(line.ForeignKeys,
            f =>
            {
                Assert.Equal("fk_line_header", f.Name);
                Assert.Equal(["region", "order_no"], f.Columns);
                Assert.Equal(["region", "order_no"], f.ReferencedColumns);
                Assert.Equal("CASCADE", f.OnUpdate);
            },
            f =>
            {
                Assert.Equal(new TableName(null, "Order Line"), f.ReferencedTable);
                Assert.Equal(["region", "order_no", "parent_line"], f.Columns);
                Assert.Equal(["region", "order_no", "line"], f.ReferencedColumns);
            });
        var reviewer = Find(catalog, "reviewer");
        var back = Assert.Single(reviewer.ForeignKeys);
        Assert.Equal(new TableName(null, "Order Header"), back.ReferencedTable);
        Assert.Equal("SET NULL", back.OnDelete);
    }

    [Fact]
    public async Task Check_constraints_are_read_from_columns_and_table_with_nested_parentheses_quotes_and_comments()
    {
        var customer = Find(await RichCatalogAsync(), "Customer");
        Assert.Collection(customer.Checks,
            c => Assert.Equal(("order_positive", "\"order\" >= 0"), (c.Name, c.Expression)),
            c => Assert.Equal((null, "Balance > -(1000 * (2 + 3))"), (c.Name, c.Expression)),
            c => Assert.Equal(("ck_email", "\"Email\" LIKE '%@%' AND length(\"Email\") > 3 /* a ) in a comment */ AND \"Email\" <> ')'"), (c.Name, c.Expression)),
            c => Assert.Equal((null, "\"Date Of Birth\" < '2100-01-01'"), (c.Name, c.Expression)));
    }

    [Fact]
    public async Task Indexes_keep_columns_uniqueness_and_definitions_and_flag_expressions()
    {
        var catalog = await RichCatalogAsync();
        var expression = Assert.Single(Find(catalog, "Customer").Indexes);
        Assert.Equal("ix_customer_email_lower", expression.Name);
        Assert.True(expression.HasExpressions);
        Assert.Empty(expression.Columns);
        Assert.Contains("lower(\"Email\")", expression.Definition);

        var partial = Assert.Single(Find(catalog, "Order Line").Indexes);
        Assert.Equal("ix Order Line qty", partial.Name);
        Assert.True(partial.IsUnique);
        Assert.False(partial.HasExpressions);
        Assert.Equal(["qty", "price"], partial.Columns);
        Assert.EndsWith("WHERE qty > 0", partial.Definition);

        var descending = Assert.Single(Find(catalog, "audit_log").Indexes);
        Assert.Equal(["at"], descending.Columns);
        Assert.Empty(Find(catalog, "Order Header").Indexes);
    }

    [Fact]
    public async Task Row_estimates_are_exact_counts()
    {
        var catalog = await RichCatalogAsync();
        Assert.Equal(2, Find(catalog, "Customer").RowEstimate);
        Assert.Equal(2, Find(catalog, "Order Line").RowEstimate);
        Assert.Equal(2, Find(catalog, "audit_log").RowEstimate);
    }

    [Fact]
    public async Task Views_and_triggers_come_with_their_sql()
    {
        var catalog = await RichCatalogAsync();
        var view = Assert.Single(catalog.Views);
        Assert.Equal(("v_customers", "view"), (view.Name.Name, view.Kind));
        Assert.StartsWith("CREATE VIEW v_customers", view.Definition);
        var trigger = Assert.Single(catalog.Triggers);
        Assert.Equal(("trg_audit", "trigger"), (trigger.Name.Name, trigger.Kind));
        Assert.Equal(new TableName(null, "Customer"), trigger.Table);
        Assert.Contains("INSERT INTO audit_log", trigger.Definition);
    }

    [Fact]
    public async Task A_column_without_a_type_that_holds_only_blobs_is_binary()
    {
        var uri = await SqliteTestFiles.NewDatabaseAsync("untyped");
        await SqliteTestFiles.ExecuteAsync(uri,
            "CREATE TABLE t (blobs, mixed, empty)",
            "INSERT INTO t VALUES (x'0102', x'01', NULL), (NULL, 'text', NULL)");
        var table = Assert.Single((await SqliteTestFiles.InspectAsync(uri)).Tables);
        Assert.Equal([TypeClass.Binary, TypeClass.Other, TypeClass.Other], table.Columns.Select(c => c.TypeClass));
    }

    [Fact]
    public async Task Identifiers_with_spaces_mixed_case_and_reserved_words_are_found_by_name()
    {
        var catalog = await RichCatalogAsync();
        Assert.NotNull(catalog.FindTable("Order Header"));
        Assert.NotNull(catalog.FindTable("Customer")!.FindColumn("Date Of Birth"));
        Assert.NotNull(catalog.FindTable("Customer")!.FindColumn("order"));
        Assert.NotNull(catalog.FindTable("Customer")!.FindColumn("User"));
    }
}
