using Obscura.Core.Schema;

namespace Obscura.Data.Tests.MySql;

/// <summary>The inspector on a rich MariaDB schema.</summary>
public sealed class MySqlInspectorTests(MySqlRichSchemaFixture fixture) : IClassFixture<MySqlRichSchemaFixture>
{
    private Catalog Catalog => fixture.Catalog;

    private Table User => Catalog.FindTable("User")!;

    private Column UserColumn(string name) => User.FindColumn(name) ?? throw new InvalidOperationException("no column " + name);

    [Fact]
    public void Catalog_names_the_connected_database_and_uses_no_schemas()
    {
        Assert.Equal("mysql", Catalog.Provider);
        Assert.Equal(fixture.Scratch.Uri.Database, Catalog.Database);
        Assert.Null(Catalog.DefaultSchema);
        Assert.Equal([fixture.Scratch.Uri.Database], Catalog.Schemas);
        Assert.Contains("MariaDB", Catalog.ServerVersion, StringComparison.Ordinal);
        Assert.Equal(["User", "audit_log", "order", "player", "team"], Catalog.Tables.Select(t => t.Name.Name).Order(StringComparer.Ordinal));
        Assert.All(Catalog.Tables, t => Assert.Null(t.Name.Schema));
    }

    [Fact]
    public void Quoted_identifiers_keep_their_exact_spelling()
    {
        var order = Catalog.FindTable("order")!;
        Assert.Equal(["order", "line", "user_id", "parent_order", "parent_line", "select", "we`ird"], order.Columns.Select(c => c.Name));
        Assert.NotNull(User.FindColumn("Date Of Birth"));
        Assert.Null(Catalog.FindTable("user"));
    }

    [Theory]
    [InlineData("id", "int(10) unsigned", TypeClass.Integer)]
    [InlineData("active", "tinyint(1)", TypeClass.Boolean)]
    [InlineData("flagged", "bit(1)", TypeClass.Boolean)]
    [InlineData("mask", "bit(5)", TypeClass.Integer)]
    [InlineData("status", "enum('new','active','it''s done')", TypeClass.Text)]
    [InlineData("tags", "set('a','b','c')", TypeClass.Text)]
    [InlineData("profile", "json", TypeClass.Json)]
    [InlineData("created", "timestamp(3)", TypeClass.DateTimeOffset)]
    [InlineData("updated", "datetime ON UPDATE current_timestamp()", TypeClass.DateTime)]
    [InlineData("score", "decimal(10,2)", TypeClass.Decimal)]
    [InlineData("ratio", "double", TypeClass.Float)]
    [InlineData("born", "year(4)", TypeClass.Integer)]
    [InlineData("wake", "time(3)", TypeClass.Time)]
    [InlineData("Date Of Birth", "date", TypeClass.Date)]
    [InlineData("avatar", "blob", TypeClass.Binary)]
    [InlineData("token", "binary(16)", TypeClass.Binary)]
    [InlineData("uid", "uuid", TypeClass.Uuid)]
    [InlineData("ip", "inet6", TypeClass.Text)]
    [InlineData("home", "point", TypeClass.Other)]
    [InlineData("area", "geometry", TypeClass.Other)]
    [InlineData("bio", "text", TypeClass.Text)]
    [InlineData("nickname", "varchar(40) CHARACTER SET latin1 COLLATE latin1_swedish_ci", TypeClass.Text)]
    [InlineData("shout", "varchar(130) GENERATED ALWAYS AS (concat(`email`,'!')) VIRTUAL", TypeClass.Text)]
    public void Columns_keep_their_declared_type_and_get_a_type_class(string column, string declared, TypeClass typeClass)
    {
        var c = UserColumn(column);
        Assert.Equal(declared, c.DeclaredType);
        Assert.Equal(typeClass, c.TypeClass);
    }

    [Theory]
    [InlineData("tiny", 8, false)]
    [InlineData("small", 16, true)]
    [InlineData("medium", 24, false)]
    [InlineData("id", 32, true)]
    [InlineData("big", 64, true)]
    [InlineData("born", 16, false)]
    [InlineData("mask", 8, true)]
    public void Integers_report_their_width_and_sign(string column, int bits, bool unsigned)
    {
        var c = UserColumn(column);
        Assert.Equal(bits, c.IntegerBits);
        Assert.Equal(unsigned, c.IsUnsigned);
    }

    [Fact]
    public void Lengths_precision_scale_and_identity_are_reported()
    {
        Assert.Equal(120, UserColumn("email").MaxLength);
        Assert.Equal(16, UserColumn("token").MaxLength);
        Assert.Null(UserColumn("bio").MaxLength);
        Assert.Equal((10, 2), (UserColumn("score").Precision!.Value, UserColumn("score").Scale!.Value));
        Assert.Equal(3, UserColumn("created").Precision);
        Assert.Equal(3, UserColumn("wake").Precision);
        Assert.True(UserColumn("id").IsIdentity);
        Assert.False(UserColumn("email").IsIdentity);
        Assert.False(UserColumn("email").IsNullable);
        Assert.True(UserColumn("bio").IsNullable);
        Assert.Equal(1, UserColumn("id").Ordinal);
    }

    [Fact]
    public void Enum_values_are_listed_unescaped()
    {
        Assert.Equal(["new", "active", "it's done"], UserColumn("status").EnumValues);
        // A SET value may combine members, so its members are not "allowed values".
        Assert.Null(UserColumn("tags").EnumValues);
    }

    [Fact]
    public void Defaults_are_reported_as_sql_and_a_null_default_as_none()
    {
        Assert.Equal("'x''y'", UserColumn("nickname").Default);
        Assert.Equal("1", UserColumn("active").Default);
        Assert.Equal("b'1'", UserColumn("flagged").Default);
        Assert.Equal("'new'", UserColumn("status").Default);
        Assert.Equal("current_timestamp(3)", UserColumn("created").Default);
        Assert.Equal("(1 + 2)", UserColumn("score").Default);
        Assert.Null(UserColumn("bio").Default);
        Assert.Null(UserColumn("email").Default);
        Assert.Null(UserColumn("shout").Default);
    }

    [Fact]
    public void Comments_of_tables_and_columns_are_read()
    {
        Assert.Equal("people", User.Comment);
        Assert.Equal("about 'me'", UserColumn("bio").Comment);
        Assert.Null(UserColumn("email").Comment);
    }

    [Fact]
    public void Primary_and_unique_keys_are_read_and_indexes_keep_prefixes_and_order()
    {
        Assert.Equal(["id"], User.PrimaryKey!.Columns);
        var uk = Assert.Single(User.UniqueKeys);
        Assert.Equal("uk_email", uk.Name);
        Assert.Equal(["email"], uk.Columns);
        var bio = Assert.Single(User.Indexes, i => i.Name == "ix_bio");
        Assert.Equal(["bio"], bio.Columns);
        Assert.Equal("INDEX `ix_bio` (`bio`(20))", bio.Definition);
        var multi = Assert.Single(User.Indexes, i => i.Name == "ix_multi");
        Assert.Equal("INDEX `ix_multi` (`nickname`, `Date Of Birth` DESC)", multi.Definition);
        var spatial = Assert.Single(User.Indexes, i => i.Name == "sp_area");
        Assert.Equal("SPATIAL INDEX `sp_area` (`area`)", spatial.Definition);
        Assert.Equal(["order", "line"], Catalog.FindTable("order")!.PrimaryKey!.Columns);
        Assert.Equal(["user_id", "select"], Assert.Single(Catalog.FindTable("order")!.UniqueKeys).Columns);
    }

    [Fact]
    public void A_table_without_primary_key_has_none()
    {
        var log = Catalog.FindTable("audit_log")!;
        Assert.Null(log.PrimaryKey);
        Assert.Empty(log.UniqueKeys);
    }

    [Fact]
    public void Composite_and_self_referencing_foreign_keys_keep_column_order_and_actions()
    {
        var order = Catalog.FindTable("order")!;
        var parent = Assert.Single(order.ForeignKeys, f => f.Name == "fk_order_parent");
        Assert.Equal(["parent_order", "parent_line"], parent.Columns);
        Assert.Equal(new TableName(null, "order"), parent.ReferencedTable);
        Assert.Equal(["order", "line"], parent.ReferencedColumns);
        var user = Assert.Single(order.ForeignKeys, f => f.Name == "fk_order_user");
        Assert.Equal(new TableName(null, "User"), user.ReferencedTable);
        Assert.Equal(("SET NULL", "CASCADE"), (user.OnDelete, user.OnUpdate));
    }

    [Fact]
    public void A_foreign_key_cycle_through_a_nullable_column_is_read_from_both_sides()
    {
        var team = Catalog.FindTable("team")!;
        var player = Catalog.FindTable("player")!;
        var captain = Assert.Single(team.ForeignKeys);
        Assert.Equal(new TableName(null, "player"), captain.ReferencedTable);
        Assert.True(team.FindColumn("captain_id")!.IsNullable);
        Assert.Equal(new TableName(null, "team"), Assert.Single(player.ForeignKeys).ReferencedTable);
        // MariaDB indexes foreign-key columns itself; the index is reported like any other.
        Assert.Contains(player.Indexes, i => i.Columns.SequenceEqual(["team_id"]));
    }

    [Fact]
    public void Checks_are_read_but_not_the_automatic_json_valid_check()
    {
        Assert.Contains(User.Checks, c => c.Name == "chk_ratio" && c.Expression == "`ratio` >= 0");
        Assert.Contains(User.Checks, c => c.Expression == "`small` < 1000");
        Assert.DoesNotContain(User.Checks, c => c.Expression.Contains("json_valid", StringComparison.Ordinal));
        Assert.Equal(2, User.Checks.Count);
    }

    [Fact]
    public void Row_estimates_come_from_table_statistics()
    {
        Assert.InRange(Catalog.FindTable("audit_log")!.RowEstimate, 1, 100);
        Assert.InRange(User.RowEstimate, 0, 100);
    }

    [Fact]
    public void Views_triggers_and_routines_carry_full_create_statements_without_definer()
    {
        var view = Assert.Single(Catalog.Views);
        Assert.Equal(("active_users", "view"), (view.Name.Name, view.Kind));
        Assert.StartsWith("CREATE ", view.Definition, StringComparison.Ordinal);
        Assert.Contains("VIEW `active_users` AS select", view.Definition, StringComparison.Ordinal);
        Assert.DoesNotContain("DEFINER=", view.Definition, StringComparison.Ordinal);

        var trigger = Assert.Single(Catalog.Triggers);
        Assert.Equal(new TableName(null, "User"), trigger.Table);
        Assert.Equal("CREATE TRIGGER `user_email_lower` BEFORE INSERT ON `User` FOR EACH ROW SET NEW.email = LOWER(NEW.email)", trigger.Definition);

        var function = Assert.Single(Catalog.Routines, r => r.Kind == "function");
        Assert.Equal("add_one", function.Name.Name);
        Assert.StartsWith("CREATE FUNCTION `add_one`(x int) RETURNS int(11)", function.Definition, StringComparison.Ordinal);
        var procedure = Assert.Single(Catalog.Routines, r => r.Kind == "procedure");
        Assert.StartsWith("CREATE PROCEDURE `touch_user`(IN uid int)", procedure.Definition, StringComparison.Ordinal);
    }

    [Fact]
    public void Spatial_columns_are_selected_as_wkb()
    {
        var dialect = fixture.Scratch.Provider.Dialect;
        Assert.Equal("ST_AsBinary(`home`) AS `home`", dialect.SelectExpression(UserColumn("home")));
        Assert.Equal("`email`", dialect.SelectExpression(UserColumn("email")));
    }
}
