using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.RowStrategies;

public sealed class TemplateTests
{
    private static readonly Column Id = Columns.Integer("id");
    private static readonly Column First = Columns.Text("first_name");
    private static readonly Column Last = Columns.Text("last_name");
    private static readonly Column Email = Columns.Text("email", maxLength: 60);
    private static readonly Column[] Person = [Id, First, Last, Email];

    [Fact]
    public void Template_builds_an_email_from_the_transformed_names_via_the_row_context()
    {
        var email = (IRowAwareTransformer)RowBind.Create("template", Email, ["template", "{first_name|lower}.{last_name|lower|alnum}@example.org"], Person);
        Assert.Equal(["first_name", "last_name"], email.ReadsColumns);

        var row = RowBind.Row(Person, 7L, "Priya", "Sharma", "priya.sharma@corp.in");
        // The engine has already written the fake names for this row.
        row.SetCurrent(1, "Asha");
        row.SetCurrent(2, "O'Rao");
        Assert.Equal("asha.orao@example.org", email.Transform("priya.sharma@corp.in", row));
    }

    [Fact]
    public void Template_hash_filters_are_keyed_and_independent_of_table_and_template()
    {
        var one = (IRowAwareTransformer)RowBind.Create("template", Email, ["template", "user-{id|hash8}@example.org"], Person);
        var two = (IRowAwareTransformer)RowBind.Create("template", Email, ["template", "{id|hash8}"], Person, table: "other");
        var row = RowBind.Row(Person, 7L, "a", "b", "c");
        var left = (string)one.Transform("c", row)!;
        var right = (string)two.Transform("c", row)!;
        Assert.Matches("^user-[0-9a-f]{8}@example.org$", left);
        Assert.Equal("user-" + right + "@example.org", left);
        var keyed = (IRowAwareTransformer)RowBind.Create("template", Email, ["template", "{id|hash8}"], Person, secret: RowBind.OtherSecret);
        Assert.NotEqual(right, keyed.Transform("c", row));
    }

    [Fact]
    public void Template_keeps_null_reads_null_columns_as_empty_and_fits_the_column()
    {
        var t = (IRowAwareTransformer)RowBind.Create("template", Columns.Text("code", maxLength: 8), ["template", "{{{first_name|upper|first}}}-{last_name}-{id}"], Person);
        Assert.Null(t.Transform(null, RowBind.Row(Person, 1L, "x", "y", null)));
        Assert.Equal("{A}--123", t.Transform("old", RowBind.Row(Person, 123L, "ann", null, "old")));
        Assert.Equal("{A}-abcd", t.Transform("old", RowBind.Row(Person, 123L, "ann", "abcdefgh", "old")));
    }

    [Fact]
    public void Template_reports_unknown_columns_filters_and_braces()
    {
        var unknown = Assert.Single(RowBind.Validate("template", Email, ["template", "{first_name}.{surname}@x.org"], Person));
        Assert.Equal(DiagnosticCodes.UnknownColumn, unknown.Code);
        Assert.Contains("{surname}", unknown.Message, StringComparison.Ordinal);
        Assert.Contains(RowBind.Validate("template", Email, ["template", "{first_name|shout}"], Person), d => d.Message.Contains("'shout'", StringComparison.Ordinal));
        Assert.Contains(RowBind.Validate("template", Email, ["template", "{first_name"], Person), d => d.Code == DiagnosticCodes.InvalidParameter);
        Assert.Empty(RowBind.Validate("template", Email, ["template", "{first_name|hash12}"], Person));
    }
}
